import { type ConversationFilters, FILTER_LABELS, type FilterKey } from './conversation-filters.js';
import { assertTimeZone, todayIn } from './dates.js';
import { type DateContext, type DatePhrase, matchDatePhrase } from './parse-date-phrases.js';
import {
  assignRule,
  contactRule,
  fromNameRule,
  lcAt,
  type Match,
  priorityRule,
  quotedRule,
  type Rule,
  readRule,
  stateRule,
  tagRule,
  teamRule,
  teamSuffixRule,
  topicRule,
} from './query-rules.js';
import { FILLER, NEGATIONS } from './query-words.js';
import { type Token, tokenize } from './tokenize-query.js';

export interface ParsedConversationQuery {
  filters: ConversationFilters;
  /** How the text was read, one short phrase per filter (`state = open`). */
  interpreted: string[];
  /** Words or phrases that were not turned into a filter; never dropped silently. */
  uninterpreted: string[];
  /** Readings that contradict an earlier one ("open ... closed"); the earlier reading was kept. */
  conflicts: string[];
}

function datePhrase(p: DatePhrase): string {
  const range = [p.after && `on or after ${p.after}`, p.before && `before ${p.before}`].filter(Boolean);
  return `${p.field} ${range.join(' and ')} (${p.label})`;
}

const dateRule =
  (ctx: DateContext): Rule =>
  (t, i) => {
    const p = matchDatePhrase(t, i, ctx);
    if (!p) return null;
    const set: Partial<ConversationFilters> = {};
    if (p.after !== undefined) set[`${p.field}_after`] = p.after;
    if (p.before !== undefined) set[`${p.field}_before`] = p.before;
    return { consumed: p.consumed, set, phrase: datePhrase(p) };
  };

/** Negations we can express; any other negated phrase is reported rather than read as positive. */
function negationRule(others: Rule[]): Rule {
  return (t, i) => {
    if (!NEGATIONS.has(lcAt(t, i))) return null;
    let j = i + 1;
    while (['yet', 'been', 'a', 'an', 'any', 'the'].includes(lcAt(t, j))) j++;
    const next = lcAt(t, j);
    const span = j - i + 1;
    if (next === 'read' || next === 'seen')
      return { consumed: span, set: { read: false }, phrase: 'read = false (unread)' };
    if (['priority', 'prioritized', 'prioritised'].includes(next)) {
      return { consumed: span, set: { priority: 'not_priority' }, phrase: 'priority = not_priority' };
    }
    const followedByName = lcAt(t, j + 1) !== '' && !FILLER.has(lcAt(t, j + 1));
    if (['assigned', 'assignee', 'admin', 'teammate'].includes(next) && lcAt(t, j + 1) !== 'to') {
      return { consumed: span, set: { admin_assignee: 'unassigned' }, phrase: 'admin assignee = unassigned' };
    }
    if (next === 'team' && !followedByName) {
      return { consumed: span, set: { team_assignee: 'unassigned' }, phrase: 'team assignee = unassigned' };
    }
    let k = i + 1;
    while (FILLER.has(lcAt(t, k))) k++;
    for (const rule of others) {
      const m = rule(t, k);
      if (m) {
        const words = t.slice(i, k + m.consumed).map((tok) => (tok.quoted ? `"${tok.raw}"` : tok.raw));
        return { consumed: k - i + m.consumed, unsupported: words.join(' ') };
      }
    }
    return null;
  };
}

function show(value: unknown): string {
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function apply(result: ParsedConversationQuery, m: Match): void {
  if (m.unsupported) result.uninterpreted.push(m.unsupported);
  if (!m.set) return;
  const filters = result.filters as Record<string, unknown>;
  const entries = Object.entries(m.set) as [FilterKey, unknown][];
  const clashes = entries
    .filter(
      ([key, value]) =>
        key !== 'text' && key !== 'tag' && filters[key] !== undefined && filters[key] !== value,
    )
    .map(([key, value]) => `${FILTER_LABELS[key]}: "${show(filters[key])}" vs "${show(value)}"`);
  if (clashes.length > 0) {
    result.conflicts.push(...clashes);
    return;
  }
  for (const [key, value] of entries) {
    const current = filters[key];
    filters[key] =
      Array.isArray(current) && Array.isArray(value) ? [...new Set([...current, ...value])] : value;
  }
  if (m.phrase && !result.interpreted.includes(m.phrase)) result.interpreted.push(m.phrase);
}

/**
 * Reads a natural-language conversation search ("open conversations about refunds from the last 7
 * days") into structured filters with rules, no model. Relative dates count from `now` in `timeZone`
 * (an IANA name, default UTC). Unknown words are returned in `uninterpreted`, contradictions in
 * `conflicts`; names stay names until `buildConversationSearchQuery` resolves them.
 */
export function parseConversationQuery(text: string, now: Date, timeZone = 'UTC'): ParsedConversationQuery {
  assertTimeZone(timeZone);
  const tokens: Token[] = tokenize(text);
  const ctx: DateContext = { now, today: todayIn(now, timeZone) };
  const positive: Rule[] = [
    quotedRule,
    dateRule(ctx),
    contactRule,
    assignRule,
    teamRule,
    tagRule,
    stateRule,
    priorityRule,
    readRule,
    topicRule,
    teamSuffixRule,
    fromNameRule,
  ];
  const rules = [negationRule(positive), ...positive];
  const result: ParsedConversationQuery = { filters: {}, interpreted: [], uninterpreted: [], conflicts: [] };
  let i = 0;
  while (i < tokens.length) {
    const match = rules.reduce<Match | null>((found, rule) => found ?? rule(tokens, i), null);
    if (match) {
      apply(result, match);
      i += match.consumed;
      continue;
    }
    const tok = tokens[i];
    if (tok && (tok.quoted || !FILLER.has(tok.lc))) result.uninterpreted.push(tok.raw);
    i++;
  }
  return result;
}
