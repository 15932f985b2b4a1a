import type { Condition } from './conditions.js';
import { type DateContext, matchDate } from './date-grammar.js';
import type { NameGazetteer } from './name-gazetteer.js';
import type { Token } from './tokenize-query.js';
import {
  ASSIGN_LINKS,
  ASSIGN_WORDS,
  BAD_WORDS,
  CHANNEL_LINKS,
  CHANNELS,
  COMPANY_WORDS,
  CONTACT_ID_RE,
  CUSTOMER_SIDE,
  DATE_VERBS,
  EMAIL_RE,
  FILLER,
  FROM_WORDS,
  GOOD_WORDS,
  ME_WORDS,
  MORE_THAN,
  NEGATIONS,
  NOBODY_WORDS,
  NUMBER_WORDS,
  PRIORITY_WORDS,
  RATING_WORDS,
  READ_WORDS,
  SENTIMENT_WORDS,
  STATES,
  TAG_WORDS,
  TEAM_WORDS,
  UNITS,
  UNREAD_WORDS,
  US_SIDE,
  WAITING_WORDS,
} from './vocabulary.js';

/** What a rule read at a position: conditions (usually one), or words it recognised but cannot use. */
export interface Match {
  consumed: number;
  conditions?: Condition[];
  /** Recognised but not searchable: reported in not_understood with the hint. */
  unusable?: { hint: string };
}

export interface RuleContext {
  dates: DateContext;
  names: NameGazetteer;
}

export type Rule = (t: Token[], i: number, ctx: RuleContext) => Match | null;

export const wAt = (t: Token[], j: number) => (t[j]?.quoted ? '' : (t[j]?.w ?? ''));

const isEntity = (raw: string) => EMAIL_RE.test(raw) || CONTACT_ID_RE.test(raw);

/** Words a captured name never contains: they start another condition. */
function stopsName(w: string): boolean {
  return (
    FILLER.has(w) ||
    NEGATIONS.has(w) ||
    STATES.has(w) ||
    DATE_VERBS.has(w) ||
    TAG_WORDS.has(w) ||
    TEAM_WORDS.has(w) ||
    PRIORITY_WORDS.has(w) ||
    WAITING_WORDS.has(w) ||
    ['since', 'before', 'after', 'about', 'regarding', 'last', 'past', 'this', 'yesterday', 'today'].includes(
      w,
    )
  );
}

/** An unknown name of up to 3 capitalised-or-not words, or a quoted phrase; ends at a keyword or a comma. */
function captureName(t: Token[], j: number): { name: string; end: number } | null {
  const first = t[j];
  if (first?.quoted) return { name: first.raw, end: j + 1 };
  const parts: string[] = [];
  let k = j;
  for (let tok = t[k]; tok && !tok.quoted && parts.length < 3; tok = t[k]) {
    if (stopsName(tok.w) || isEntity(tok.raw)) break;
    parts.push(tok.raw);
    k++;
    if (tok.sep) break;
  }
  return parts.length > 0 ? { name: parts.join(' '), end: k } : null;
}

/** Fillers skipped between the parts of one phrase ("waiting on the customer", "rated with 5 stars"). */
function skip(t: Token[], j: number, words: readonly string[]): number {
  let k = j;
  while (words.includes(wAt(t, k))) k++;
  return k;
}
const ARTICLES = [
  'the',
  'a',
  'an',
  'el',
  'la',
  'los',
  'las',
  'le',
  'les',
  'der',
  'die',
  'den',
  'o',
  'os',
  'as',
];

/** "closed yesterday", "updated since Monday", "created in November", "from last week". */
export const dateRule: Rule = (t, i, ctx) => {
  const verb = DATE_VERBS.get(wAt(t, i));
  let j = i;
  if (verb) {
    j = i + 1;
    let fillers = 0;
    while (
      fillers < 3 &&
      FILLER.has(wAt(t, j)) &&
      !['since', 'before', 'after', 'from', 'between', 'until'].includes(wAt(t, j))
    ) {
      const attempt = matchDate(t, j, ctx.dates);
      if (attempt) break;
      j++;
      fillers++;
    }
    if (wAt(t, i) === 'last' && DATE_VERBS.has(wAt(t, i + 1))) j = i + 2;
  }
  const found = matchDate(t, j, ctx.dates);
  if (!found) return null;
  // "the customer replied yesterday": their reply, not ours.
  const byCustomer = verb === 'replied' && CUSTOMER_SIDE.has(wAt(t, i - 1));
  const field = byCustomer ? 'contact_replied' : (verb ?? 'created');
  const date: Condition = {
    kind: 'date',
    field,
    ...(found.after !== undefined ? { after: found.after } : {}),
    ...(found.before !== undefined ? { before: found.before } : {}),
  };
  const conditions: Condition[] = [date];
  // "closed yesterday": closed now, and last closed yesterday.
  if (field === 'closed' && STATES.get(wAt(t, i)) === 'closed')
    conditions.unshift({ kind: 'state', value: 'closed' });
  return { consumed: j - i + found.consumed, conditions };
};

/** A word that is a conversation state ("open", "cerradas", "fermées", "geschlossen", "snoozed"). */
export const stateRule: Rule = (t, i) => {
  const value = STATES.get(wAt(t, i));
  return value ? { consumed: 1, conditions: [{ kind: 'state', value }] } : null;
};

export const priorityRule: Rule = (t, i) => {
  const w = wAt(t, i);
  if (['high', 'alta', 'haute', 'hohe', 'top'].includes(w) && PRIORITY_WORDS.has(wAt(t, i + 1))) {
    return { consumed: 2, conditions: [{ kind: 'priority', value: true }] };
  }
  if (
    ['low', 'normal', 'baja', 'basse', 'niedrige', 'baixa'].includes(w) &&
    PRIORITY_WORDS.has(wAt(t, i + 1))
  ) {
    return { consumed: 2, conditions: [{ kind: 'priority', value: false }] };
  }
  if (w === 'non-priority') return { consumed: 1, conditions: [{ kind: 'priority', value: false }] };
  return PRIORITY_WORDS.has(w) ? { consumed: 1, conditions: [{ kind: 'priority', value: true }] } : null;
};

export const readRule: Rule = (t, i) => {
  const w = wAt(t, i);
  if (UNREAD_WORDS.has(w)) return { consumed: 1, conditions: [{ kind: 'read', value: false }] };
  return READ_WORDS.has(w) ? { consumed: 1, conditions: [{ kind: 'read', value: true }] } : null;
};

export const sentimentRule: Rule = (t, i) => {
  const value = SENTIMENT_WORDS.get(wAt(t, i));
  return value ? { consumed: 1, conditions: [{ kind: 'sentiment', value }] } : null;
};

/** "via email", "by phone", "por whatsapp", "email conversations". */
export const channelRule: Rule = (t, i) => {
  const w = wAt(t, i);
  if (CHANNEL_LINKS.has(w)) {
    const j = skip(t, i + 1, ARTICLES);
    const value = CHANNELS.get(wAt(t, j));
    return value ? { consumed: j - i + 1, conditions: [{ kind: 'channel', value }] } : null;
  }
  const value = CHANNELS.get(w);
  const next = wAt(t, i + 1);
  const followedByItem = [
    'conversation',
    'conversations',
    'tickets',
    'messages',
    'chats',
    'threads',
  ].includes(next);
  if (
    value &&
    (followedByItem || ['whatsapp', 'sms', 'facebook', 'instagram', 'twitter', 'messenger'].includes(w))
  ) {
    return { consumed: 1, conditions: [{ kind: 'channel', value }] };
  }
  return null;
};

function number(w: string): number | null {
  if (/^[1-5]$/.test(w)) return Number(w);
  const n = NUMBER_WORDS.get(w);
  return n !== undefined &&
    n >= 1 &&
    n <= 5 &&
    !['a', 'an', 'un', 'una', 'une', 'ein', 'eine', 'um', 'uma'].includes(w)
    ? n
    : null;
}

const STAR = new Set([
  'star',
  'stars',
  'estrellas',
  'estrella',
  'etoiles',
  'etoile',
  'sterne',
  'stern',
  'sternen',
  'estrelas',
  'estrela',
]);

/** "bad rating", "rated 5 stars", "1-star", "with a rating", "mala valoración", "schlechte Bewertung". */
export const ratingRule: Rule = (t, i) => {
  const w = wAt(t, i);
  const scores = (lo: number, hi: number) => Array.from({ length: hi - lo + 1 }, (_, k) => lo + k);
  // adjective + rating word ("bad rating", "bad CSAT", "low score")
  if ((BAD_WORDS.has(w) || GOOD_WORDS.has(w)) && RATING_WORDS.has(wAt(t, i + 1))) {
    const bad = BAD_WORDS.has(w);
    return { consumed: 2, conditions: [{ kind: 'rating', scores: bad ? scores(1, 2) : scores(4, 5) }] };
  }
  // rating word + adjective ("valoración mala", "rated badly", "rated poorly")
  if (RATING_WORDS.has(w)) {
    const next = wAt(t, i + 1);
    if (BAD_WORDS.has(next) || ['badly', 'poorly', 'low'].includes(next)) {
      return { consumed: 2, conditions: [{ kind: 'rating', scores: scores(1, 2) }] };
    }
    if (GOOD_WORDS.has(next) || ['well', 'highly'].includes(next)) {
      return { consumed: 2, conditions: [{ kind: 'rating', scores: scores(4, 5) }] };
    }
    // "rated 5 stars", "rating of 1", "rated 1 or 2"
    const j = skip(t, i + 1, ['with', 'of', 'a', 'at', 'de', 'mit', 'com', 'con', 'avec']);
    const n = number(wAt(t, j));
    if (n !== null) {
      const orMore = ['or', 'and'].includes(wAt(t, j + 1)) && number(wAt(t, j + 2)) !== null;
      const end = orMore ? j + 3 : j + 1;
      const m = orMore ? (number(wAt(t, j + 2)) as number) : n;
      const used = STAR.has(wAt(t, end)) ? end + 1 : end;
      return {
        consumed: used - i,
        conditions: [{ kind: 'rating', scores: scores(Math.min(n, m), Math.max(n, m)) }],
      };
    }
    return { consumed: 1, conditions: [{ kind: 'rating', scores: scores(1, 5) }] };
  }
  // "5 stars", "1-star", "one star"
  const dashed = /^([1-5])-stars?$/.exec(w);
  if (dashed) return { consumed: 1, conditions: [{ kind: 'rating', scores: [Number(dashed[1])] }] };
  const n = number(w);
  if (n !== null && STAR.has(wAt(t, i + 1))) {
    const used = RATING_WORDS.has(wAt(t, i + 2)) ? 3 : 2;
    return { consumed: used, conditions: [{ kind: 'rating', scores: [n] }] };
  }
  return null;
};

/** "for more than 3 days", "over 2 days", "longer than 48 hours", "más de 2 días", "plus de 2 jours". */
function duration(t: Token[], j: number): { hours: number; end: number } | null {
  let k = skip(t, j, ['for', 'since', 'desde', 'depuis', 'seit', 'ha', 'por', 'pendant', 'durante']);
  if (!MORE_THAN.has(wAt(t, k))) return null;
  k = skip(t, k + 1, ['than', 'de', 'que', 'als']);
  const raw = wAt(t, k);
  const n = /^\d{1,4}$/.test(raw) ? Number(raw) : (NUMBER_WORDS.get(raw) ?? null);
  const unit = n === null ? undefined : UNITS.get(wAt(t, k + 1));
  if (n === null || !unit || unit === 'month' || unit === 'year') return null;
  const hours = n * { hour: 1, day: 24, week: 168 }[unit];
  return { hours, end: k + 2 };
}

/**
 * "waiting for a reply for more than 2 days" (the customer waits for us), "waiting on the customer over
 * 3 days" (we wait for the customer), "unanswered", "awaiting customer", "pending", "esperando respuesta".
 */
export const waitingRule: Rule = (t, i) => {
  const w = wAt(t, i);
  if (w === 'pending' || w === 'pendiente' || w === 'pendientes' || w === 'pendente' || w === 'pendentes') {
    return { consumed: 1, conditions: [{ kind: 'waiting', on: 'customer' }] };
  }
  if (
    w === 'unanswered' ||
    w === 'unreplied' ||
    (w === 'no' && ['reply', 'response', 'answer'].includes(wAt(t, i + 1)))
  ) {
    const used = w === 'no' ? 2 : 1;
    const d = duration(t, i + used);
    const condition: Condition = { kind: 'waiting', on: 'us', ...(d ? { hours: d.hours } : {}) };
    return { consumed: (d ? d.end : i + used) - i, conditions: [condition] };
  }
  if (!WAITING_WORDS.has(w)) return null;
  let j = skip(t, i + 1, [
    'on',
    'for',
    'a',
    'the',
    'our',
    'de',
    'del',
    'du',
    'des',
    'auf',
    'den',
    'do',
    'da',
    'por',
    'la',
    'el',
    'une',
    'um',
    'uma',
    'una',
  ]);
  let on: 'us' | 'customer' = 'us';
  if (CUSTOMER_SIDE.has(wAt(t, j))) {
    on = 'customer';
    j++;
    if (
      ['reply', 'replies', 'response', 'answer', 'respuesta', 'reponse', 'antwort', 'resposta'].includes(
        wAt(t, j),
      )
    )
      j++;
  } else if (US_SIDE.has(wAt(t, j))) {
    j++;
    j = skip(t, j, ['from']);
    if (US_SIDE.has(wAt(t, j)) || wAt(t, j) === 'us') j++;
  }
  const d = duration(t, j);
  const condition: Condition = { kind: 'waiting', on, ...(d ? { hours: d.hours } : {}) };
  return { consumed: (d ? d.end : j) - i, conditions: [condition] };
};

/** An email or a 24-hex contact id, optionally after "from", "customer", ... */
export const contactRule: Rule = (t, i) => {
  let j = i;
  while (j < i + 2 && (FROM_WORDS.has(wAt(t, j)) || CUSTOMER_SIDE.has(wAt(t, j)) || wAt(t, j) === 'contact'))
    j++;
  const raw = t[j]?.quoted ? '' : (t[j]?.raw ?? '');
  if (EMAIL_RE.test(raw))
    return { consumed: j - i + 1, conditions: [{ kind: 'contact_email', value: raw.toLowerCase() }] };
  if (!CONTACT_ID_RE.test(raw)) return null;
  return { consumed: j - i + 1, conditions: [{ kind: 'contact_id', value: raw.toLowerCase() }] };
};

/** Words after which a capitalised name is where the customer works: "customers at Acme", "chez Acme". */
const AT_WORDS = new Set(['at', 'chez', 'bei']);
/** "customers of Acme": `of` names a company only after a customer word. */
const OF_WORDS = new Set(['of']);
/** Words for the people of a company ("Acme customers", "Globex employees"), consumed with its name. */
const MEMBER_WORDS = new Set([
  ...CUSTOMER_SIDE,
  ...['employee', 'employees', 'staff', 'people', 'folks', 'empleados', 'employes', 'salaries'],
  ...['mitarbeiter', 'mitarbeitende', 'funcionarios', 'colaboradores', 'personnel'],
]);
/** Lower-case words inside a capitalised company name: "Bank of America", "Banco do Brasil" ("and" lists). */
const CONNECTORS = new Set(['of', 'de', 'du', 'des', 'der', 'da', 'do', 'del']);
const SINGULAR_COMPANY = new Set(['company', 'empresa', 'entreprise', 'societe', 'firma', 'unternehmen']);
const NAMED_WORDS = ['named', 'called', 'llamada', 'llamado', 'nommee', 'namens', 'chamada', 'chamado'];

/**
 * A company's name at `j`: a quoted phrase or up to 3 words, ending before a customer word or a company
 * word ("Acme customers", "the Acme company"), which are consumed with it. `capital`: the name must start
 * with a capital (after "at" or "from", where a lower-case word is not a name).
 */
function companyName(t: Token[], j: number, capital: boolean): { name: string; end: number } | null {
  const first = t[j];
  if (!first) return null;
  if (capital && !first.quoted && !/^\p{Lu}/u.test(first.raw)) return null;
  const captured = captureName(t, j);
  if (!captured) return null;
  const words = first.quoted ? [first.raw] : captured.name.split(' ');
  let end = j;
  const kept: string[] = [];
  for (const [k, word] of words.entries()) {
    const w = wAt(t, end);
    if (!first.quoted && (MEMBER_WORDS.has(w) || COMPANY_WORDS.has(w))) break;
    // After "at" or "from" a name is its capitalised words ("at Initech ask about", "Bank of America").
    if (capital && k > 0 && !/^[\p{Lu}\p{N}&]/u.test(word)) break;
    kept.push(word);
    end++;
  }
  if (kept.length === 0) return null;
  // "Bank of America": a connector between capitalised words (a name stops at "of" elsewhere).
  while (
    capital &&
    !first.quoted &&
    kept.length < 5 &&
    !t[end - 1]?.sep &&
    CONNECTORS.has(wAt(t, end)) &&
    /^[\p{Lu}\p{N}]/u.test(t[end + 1]?.raw ?? '') &&
    !t[end + 1]?.quoted
  ) {
    kept.push(t[end]?.raw ?? '', t[end + 1]?.raw ?? '');
    end += 2;
  }
  while (COMPANY_WORDS.has(wAt(t, end)) || MEMBER_WORDS.has(wAt(t, end))) end++;
  return { name: kept.join(' '), end };
}

/**
 * A company named outright: "company Acme", "la empresa Acme", "Firma Globex", "customers at Globex",
 * "clients chez Acme", "customers of Initech", "the Acme company". Its conversations are those of its
 * contacts (resolved when the search is compiled).
 */
export const companyRule: Rule = (t, i) => {
  const w = wAt(t, i);
  let found: { name: string; end: number } | null = null;
  if (COMPANY_WORDS.has(w)) {
    found = companyName(t, skip(t, i + 1, NAMED_WORDS), false);
  } else if (AT_WORDS.has(w) || (OF_WORDS.has(w) && CUSTOMER_SIDE.has(wAt(t, i - 1)))) {
    found = companyName(t, skip(t, i + 1, ARTICLES), true);
  } else if (/^\p{Lu}/u.test(t[i]?.raw ?? '') && !t[i]?.quoted) {
    // "the Acme company", "Acme Inc company": a name followed by a company word.
    const captured = companyName(t, i, true);
    if (captured && SINGULAR_COMPANY.has(wAt(t, captured.end - 1))) found = captured;
  }
  return found && { consumed: found.end - i, conditions: [{ kind: 'company', value: found.name }] };
};

function assigneeByName(
  t: Token[],
  j: number,
  ctx: RuleContext,
  teamFirst = false,
): { condition: Condition; end: number } | null {
  const w = wAt(t, j);
  if (ME_WORDS.has(w)) return { condition: { kind: 'admin', value: 'me' }, end: j + 1 };
  if (NOBODY_WORDS.has(w) || (w === 'no' && wAt(t, j + 1) === 'one')) {
    return { condition: { kind: 'admin', value: 'unassigned' }, end: j + (w === 'no' ? 2 : 1) };
  }
  if (TEAM_WORDS.has(w)) {
    const team = teamName(t, j + 1, ctx);
    return team && { condition: { kind: 'team', value: team.name }, end: team.end };
  }
  const hits = ctx.names.at(t, j, teamFirst ? ['team', 'admin'] : ['admin', 'team']);
  const [hit] = hits;
  if (hit) {
    const end = j + hit.consumed + (TEAM_WORDS.has(wAt(t, j + hit.consumed)) ? 1 : 0);
    return { condition: { kind: hit.kind === 'team' ? 'team' : 'admin', value: hit.name }, end };
  }
  const raw = t[j]?.raw ?? '';
  if (EMAIL_RE.test(raw)) return { condition: { kind: 'admin', value: raw }, end: j + 1 };
  const captured = captureName(t, j);
  if (!captured) return null;
  // "assigned to the Billing team" with an unknown name: still a team.
  if (TEAM_WORDS.has(wAt(t, captured.end)))
    return { condition: { kind: 'team', value: captured.name }, end: captured.end + 1 };
  return { condition: { kind: 'admin', value: captured.name }, end: captured.end };
}

function teamName(t: Token[], j: number, ctx: RuleContext): { name: string; end: number } | null {
  const k = skip(t, j, ARTICLES);
  const [hit] = ctx.names.at(t, k, ['team']);
  if (hit) return { name: hit.name, end: k + hit.consumed };
  const captured = captureName(t, k);
  return captured && { name: captured.name, end: captured.end };
}

/** "assigned to Bob", "assigned to me", "assigned to Billing", "asignadas a Bob", "handled by Ana". */
export const assignRule: Rule = (t, i, ctx) => {
  const w = wAt(t, i);
  if (
    w === 'unassigned' ||
    ((w === 'sin' || w === 'non' || w === 'nicht' || w === 'nao' || w === 'sem') &&
      ASSIGN_WORDS.has(wAt(t, i + 1)))
  ) {
    return { consumed: w === 'unassigned' ? 1 : 2, conditions: [{ kind: 'admin', value: 'unassigned' }] };
  }
  // "nobody is assigned", "no one assigned", "nadie asignado"
  const nobody = NOBODY_WORDS.has(w) ? 1 : w === 'no' && wAt(t, i + 1) === 'one' ? 2 : 0;
  if (nobody) {
    const k = skip(t, i + nobody, ['is', 'are', 'was', 'esta', 'estan', 'est', 'ist', 'esta']);
    if (ASSIGN_WORDS.has(wAt(t, k)))
      return { consumed: k + 1 - i, conditions: [{ kind: 'admin', value: 'unassigned' }] };
  }
  if (!ASSIGN_WORDS.has(w)) return null;
  let j = i + 1;
  while (ASSIGN_LINKS.has(wAt(t, j)) || ARTICLES.includes(wAt(t, j))) j++;
  const found = assigneeByName(t, j, ctx);
  if (!found) return null;
  return { consumed: found.end - i, conditions: [found.condition] };
};

/** "my conversations", "mine", "mis conversaciones", "meine offenen Gespräche". */
export const mineRule: Rule = (t, i) => {
  const w = wAt(t, i);
  if (
    w !== 'my' &&
    w !== 'mine' &&
    w !== 'mis' &&
    w !== 'mes' &&
    w !== 'meine' &&
    w !== 'minhas' &&
    w !== 'meus'
  )
    return null;
  return { consumed: 1, conditions: [{ kind: 'admin', value: 'me' }] };
};

/** "team Billing", "the Billing team", "equipo Soporte", "Billing inbox". */
export const teamRule: Rule = (t, i, ctx) => {
  if (TEAM_WORDS.has(wAt(t, i))) {
    const team = teamName(t, i + 1, ctx);
    return team && { consumed: team.end - i, conditions: [{ kind: 'team', value: team.name }] };
  }
  const [hit] = ctx.names.at(t, i, ['team']);
  if (hit && TEAM_WORDS.has(wAt(t, i + hit.consumed))) {
    return { consumed: hit.consumed + 1, conditions: [{ kind: 'team', value: hit.name }] };
  }
  const captured = captureName(t, i);
  if (
    captured &&
    TEAM_WORDS.has(wAt(t, captured.end)) &&
    captured.end - i <= 2 &&
    /^\p{Lu}/u.test(t[i]?.raw ?? '')
  ) {
    return { consumed: captured.end - i + 1, conditions: [{ kind: 'team', value: captured.name }] };
  }
  return null;
};

/** "tagged billing", "with tag VIP", "tagged billing, refund or vip", "#vip". */
export const tagRule: Rule = (t, i, ctx) => {
  if (!TAG_WORDS.has(wAt(t, i))) return null;
  let j = skip(t, i + 1, ['as', 'with', 'como', 'comme', 'als', 'con', 'avec', 'mit', 'com']);
  const names: string[] = [];
  let end = i;
  for (;;) {
    const [hit] = ctx.names.at(t, j, ['tag']);
    const captured = hit ? { name: hit.name, end: j + hit.consumed } : captureName(t, j);
    if (!captured) break;
    names.push(captured.name);
    end = captured.end;
    j = end;
    const separated = t[end - 1]?.sep === true;
    const joiner =
      ['or', 'o', 'ou', 'oder'].includes(wAt(t, j)) ||
      (separated && ['and', 'y', 'et', 'und', 'e'].includes(wAt(t, j)));
    if (joiner) j++;
    else if (!separated) break;
  }
  return names.length > 0 ? { consumed: end - i, conditions: [{ kind: 'tag', values: names }] } : null;
};

/** A workspace name standing alone: an admin ("Bob's open tickets"), a tag that may also be a topic. */
export const bareNameRule: Rule = (t, i, ctx) => {
  const [admin] = ctx.names.at(t, i, ['admin']);
  if (admin && /^\p{Lu}/u.test(t[i]?.raw ?? '')) {
    return { consumed: admin.consumed, conditions: [{ kind: 'admin', value: admin.name }] };
  }
  return null;
};

/**
 * "from Jane Doe", "from Acme", "de Globex": a company when one has exactly that name, else the contact's
 * name (the author of the first message); decided when the search is compiled.
 */
export const fromNameRule: Rule = (t, i) => {
  if (!FROM_WORDS.has(wAt(t, i))) return null;
  const captured = companyName(t, i + 1, true);
  return (
    captured && {
      consumed: captured.end - i,
      conditions: [{ kind: 'company', value: captured.name, orContactName: true }],
    }
  );
};
