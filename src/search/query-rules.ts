import type { ConversationFilters } from './conversation-filters.js';
import { isIsoDateOrDateTime } from './dates.js';
import { CONTACT_ID_RE, EMAIL_RE, FILLER, KEYWORDS, STOPWORDS, TOPIC_ENDS } from './query-words.js';
import type { Token } from './tokenize-query.js';

/** What a rule recognised at a position of the token list. */
export interface Match {
  consumed: number;
  set?: Partial<ConversationFilters>;
  /** A short human reading, such as `state = open`. */
  phrase?: string;
  /** Words that were recognised but cannot be searched (reported as uninterpreted). */
  unsupported?: string;
}

export type Rule = (t: Token[], i: number) => Match | null;

export const lcAt = (t: Token[], j: number) => (t[j]?.quoted ? '' : (t[j]?.lc ?? ''));

const isEntity = (raw: string) => EMAIL_RE.test(raw) || CONTACT_ID_RE.test(raw) || isIsoDateOrDateTime(raw);

/** A name of up to 4 words ("Customer Success"), or one quoted phrase. Ends at a keyword or a comma. */
function captureName(t: Token[], j: number): { name: string; end: number } | null {
  const first = t[j];
  if (first?.quoted) return { name: first.raw, end: j + 1 };
  const parts: string[] = [];
  let k = j;
  for (let tok = t[k]; tok && !tok.quoted && parts.length < 4; tok = t[k]) {
    if (KEYWORDS.has(tok.lc) || FILLER.has(tok.lc) || isEntity(tok.raw)) break;
    parts.push(tok.raw);
    k++;
    if (tok.sep) break;
  }
  return parts.length > 0 ? { name: parts.join(' '), end: k } : null;
}

const STATES: Record<string, 'open' | 'closed' | 'snoozed'> = {
  open: 'open',
  closed: 'closed',
  snoozed: 'snoozed',
  resolved: 'closed',
};

export const stateRule: Rule = (t, i) => {
  const word = lcAt(t, i);
  const state = STATES[word];
  if (!state) return null;
  return { consumed: 1, set: { state }, phrase: `state = ${state}${word === state ? '' : ` ("${word}")`}` };
};

export const readRule: Rule = (t, i) => {
  const word = lcAt(t, i);
  if (word === 'unread') return { consumed: 1, set: { read: false }, phrase: 'read = false (unread)' };
  return word === 'read' ? { consumed: 1, set: { read: true }, phrase: 'read = true' } : null;
};

const PRIORITY_WORDS = new Set(['priority', 'prioritized', 'prioritised']);

export const priorityRule: Rule = (t, i) => {
  const word = lcAt(t, i);
  const yes = { set: { priority: 'priority' as const }, phrase: 'priority = priority' };
  const no = { set: { priority: 'not_priority' as const }, phrase: 'priority = not_priority' };
  if (PRIORITY_WORDS.has(word)) return { consumed: 1, ...yes };
  if (word === 'non-priority') return { consumed: 1, ...no };
  if (!PRIORITY_WORDS.has(lcAt(t, i + 1))) return null;
  if (word === 'high') return { consumed: 2, ...yes };
  return word === 'low' || word === 'normal' ? { consumed: 2, ...no } : null;
};

/** "unassigned", "assigned to Sarah", "assigned to me", "assigned to team Billing", "assignee x@y.com". */
export const assignRule: Rule = (t, i) => {
  const word = lcAt(t, i);
  if (word === 'unassigned') {
    return { consumed: 1, set: { admin_assignee: 'unassigned' }, phrase: 'admin assignee = unassigned' };
  }
  let j = i + 1;
  if (word === 'assigned' && lcAt(t, j) === 'to') j++;
  else if (word !== 'assignee') return null;
  if (lcAt(t, j) === 'team') return withOffset(teamRule(t, j), j - i);
  const next = lcAt(t, j);
  if (next === 'me' || next === 'myself') {
    return {
      consumed: j - i + 1,
      set: { admin_assignee: 'me' },
      phrase: 'admin assignee = me (the connected admin)',
    };
  }
  if (next === 'nobody' || next === 'noone' || (next === 'no' && lcAt(t, j + 1) === 'one')) {
    const consumed = j - i + (next === 'no' ? 2 : 1);
    return { consumed, set: { admin_assignee: 'unassigned' }, phrase: 'admin assignee = unassigned' };
  }
  const raw = t[j]?.raw ?? '';
  const captured = EMAIL_RE.test(raw) ? { name: raw, end: j + 1 } : captureName(t, j);
  if (!captured) return null;
  return {
    consumed: captured.end - i,
    set: { admin_assignee: captured.name },
    phrase: `admin assignee = "${captured.name}"`,
  };
};

function withOffset(match: Match | null, offset: number): Match | null {
  return match && { ...match, consumed: match.consumed + offset };
}

export const teamRule: Rule = (t, i) => {
  if (lcAt(t, i) !== 'team' && lcAt(t, i) !== 'teams') return null;
  const captured = captureName(t, i + 1);
  if (!captured) return null;
  return {
    consumed: captured.end - i,
    set: { team_assignee: captured.name },
    phrase: `team assignee = "${captured.name}"`,
  };
};

/** "the Billing team", "the Support EU inbox": a name followed by "team" or "inbox". */
export const teamSuffixRule: Rule = (t, i) => {
  const captured = captureName(t, i);
  const suffix = captured && !t[captured.end - 1]?.sep ? lcAt(t, captured.end) : '';
  if (!captured || (suffix !== 'team' && suffix !== 'inbox')) return null;
  return {
    consumed: captured.end + 1 - i,
    set: { team_assignee: captured.name },
    phrase: `team assignee = "${captured.name}"`,
  };
};

const TAG_WORDS = new Set(['tagged', 'tag', 'tags', 'labeled', 'labelled', 'label']);

/** "tagged billing", "with tag VIP", "tagged billing, refund or vip" (any of them). */
export const tagRule: Rule = (t, i) => {
  if (!TAG_WORDS.has(lcAt(t, i))) return null;
  let j = lcAt(t, i + 1) === 'as' || lcAt(t, i + 1) === 'with' ? i + 2 : i + 1;
  const names: string[] = [];
  let end = i;
  for (let captured = captureName(t, j); captured; captured = captureName(t, j)) {
    names.push(captured.name);
    end = captured.end;
    j = end;
    const separated = t[end - 1]?.sep === true;
    const joiner = lcAt(t, j) === 'or' || (separated && lcAt(t, j) === 'and');
    if (joiner) j++;
    else if (!separated) break;
  }
  if (names.length === 0) return null;
  const last = names.length === 1 ? `"${names[0]}"` : `any of ${names.map((n) => `"${n}"`).join(', ')}`;
  return {
    consumed: end - i,
    set: { tag: names },
    phrase: `tag ${names.length === 1 ? '= ' : 'is '}${last}`,
  };
};

const CONTACT_PREFIXES = new Set(['from', 'by', 'contact', 'customer', 'user', 'lead']);

/** An email or a 24-hex contact id, optionally after "from", "by", "customer", ... */
export const contactRule: Rule = (t, i) => {
  let j = i;
  while (j < i + 2 && CONTACT_PREFIXES.has(lcAt(t, j))) j++;
  const raw = t[j]?.quoted ? '' : (t[j]?.raw ?? '');
  if (EMAIL_RE.test(raw)) {
    return { consumed: j - i + 1, set: { contact_email: raw }, phrase: `contact email = ${raw}` };
  }
  if (!CONTACT_ID_RE.test(raw)) return null;
  return {
    consumed: j - i + 1,
    set: { contact_id: raw.toLowerCase() },
    phrase: `contact id = ${raw.toLowerCase()}`,
  };
};

/** "from Jane Doe": contacts can be found by email or id only, so the name is reported, not dropped. */
export const fromNameRule: Rule = (t, i) => {
  if (lcAt(t, i) !== 'from') return null;
  const captured = captureName(t, i + 1);
  return captured && { consumed: captured.end - i, unsupported: `from ${captured.name}` };
};

function textPhrase(words: string[], any: boolean): string {
  if (words.length === 1) return `text contains "${words[0]}"`;
  return `text contains ${any ? 'any' : 'all'} of: ${words.join(', ')}`;
}

/** A quoted phrase: Intercom matches single words, so its words become separate conditions. */
export const quotedRule: Rule = (t, i) => {
  const tok = t[i];
  if (!tok?.quoted) return null;
  const all = tok.lc.split(/\s+/).map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''));
  const words = all.filter((w) => w && !STOPWORDS.has(w));
  if (words.length === 0) return { consumed: 1, unsupported: `"${tok.raw}"` };
  const note = all.length > 1 ? ` (from "${tok.raw}": words are matched separately)` : '';
  return { consumed: 1, set: { text: words }, phrase: `${textPhrase(words, false)}${note}` };
};

const TOPIC_WORDS = new Set(['about', 'regarding', 'mentioning', 'containing', 'concerning', 're']);

/** "about refunds", "regarding login issues", "about refunds or chargebacks" (any of the words). */
export const topicRule: Rule = (t, i) => {
  if (!TOPIC_WORDS.has(lcAt(t, i))) return null;
  const quoted = quotedRule(t, i + 1);
  if (quoted) return { ...quoted, consumed: quoted.consumed + 1 };
  const words: string[] = [];
  let any = false;
  let end = i + 1;
  for (let j = i + 1, tok = t[j]; tok && !tok.quoted; tok = t[++j]) {
    if (KEYWORDS.has(tok.lc) || TOPIC_ENDS.has(tok.lc) || isEntity(tok.raw)) break;
    if (tok.lc === 'or' && words.length > 0) any = true;
    else if (!STOPWORDS.has(tok.lc) && tok.lc !== 'or') {
      words.push(tok.lc);
      end = j + 1;
    }
  }
  if (words.length === 0) return null;
  const anyOf = any && words.length > 1;
  const set: Partial<ConversationFilters> = anyOf ? { text: words, text_match: 'any' } : { text: words };
  return { consumed: end - i, set, phrase: textPhrase(words, anyOf) };
};
