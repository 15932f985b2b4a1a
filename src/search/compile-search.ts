import type { IntercomConversation } from '../intercom/conversations.js';
import type { CompanyMembers } from './company-members.js';
import { type Condition, DATE_FIELDS, type ReadCondition } from './conditions.js';
import { toUnixSeconds } from './dates.js';
import { QueryResolutionError } from './errors.js';
import { checkSearchLimits, combine, type IntercomSearchQuery, type SearchFilter } from './intercom-query.js';
import { mayBeWrittenIn } from './row-sentiment.js';
import { scoreSentiment } from './sentiment.js';
import type { Lang } from './vocabulary.js';

const LANGUAGE_NAMES: Record<Lang, string> = {
  en: 'English',
  es: 'Spanish',
  fr: 'French',
  de: 'German',
  pt: 'Portuguese',
};

/** Names → ids (the directory of the connection, cached per connection). */
export interface NameResolver {
  admin(name: string): Promise<{ id: string; name: string }>;
  team(name: string): Promise<{ id: string; name: string }>;
  tag(name: string): Promise<{ id: string; name: string }>;
  /**
   * The company `ref` names and its contacts (as far as one page goes); an unknown or ambiguous name
   * throws with candidates. `orNull` ("from Acme" may name a person): `{ none: why }` when no company
   * has that name (or companies cannot be read).
   */
  company(ref: string, options: { orNull: boolean }): Promise<CompanyMembers | { none: string }>;
  /** The admin who owns the connection ("me"). */
  meId: string;
}

/** Options of compileSearch; `customerText` gives the customer-written first message of a result. */
export interface CompileOptions {
  now: Date;
  timeZone: string;
  lang?: Lang | null | undefined;
  customerText: (c: IntercomConversation) => string | null;
}

/** A condition Intercom's search cannot express, checked on each result instead. */
export interface PostFilter {
  label: string;
  test(c: IntercomConversation): boolean;
}

export interface CompiledSearch {
  query: IntercomSearchQuery;
  /** What the conditions cannot see, stated so that no answer looks more complete than it is. */
  caveats: string[];
  /** One line per condition: `"the words" → what it became`. */
  interpreted: string[];
  postFilters: PostFilter[];
  /** Set when a condition can match no conversation (a company without contacts): nothing is searched. */
  matchesNothing?: string;
}

interface Part {
  filters: IntercomSearchQuery[];
  meaning: string;
  post?: PostFilter;
  caveat?: string;
  /** The condition matches no conversation at all. */
  nothing?: boolean;
}

const f = (
  field: string,
  operator: SearchFilter['operator'],
  value: SearchFilter['value'],
): SearchFilter => ({
  field,
  operator,
  value,
});

/** Admin, team and tag ids are integers in Intercom's search grammar for assignees. */
const integerId = (id: string) => (/^\d+$/.test(id) && Number.isSafeInteger(Number(id)) ? Number(id) : id);

function seconds(value: string, timeZone: string): number {
  const s = toUnixSeconds(value, timeZone);
  if (s === null)
    throw new QueryResolutionError('invalid_value', `"${value}" is not YYYY-MM-DD or an ISO 8601 datetime.`);
  return s;
}

function describeDay(value: string, timeZone: string): string {
  return /T/.test(value) ? value : `${value} 00:00 ${timeZone}`;
}

/** Intercom's `>` and `<` include the bound ("greater or equal"), so an exclusive end is end − 1 s. */
function dateParts(
  c: Extract<Condition, { kind: 'date' }>,
  negated: boolean,
  timeZone: string,
  now: Date,
): Part {
  const { field, label } = DATE_FIELDS[c.field];
  const from = c.after === undefined ? undefined : seconds(c.after, timeZone);
  const until = c.before === undefined ? undefined : seconds(c.before, timeZone);
  if (from !== undefined && until !== undefined && from >= until) {
    throw new QueryResolutionError(
      'contradiction',
      `The ${label} range ends before it starts (${c.after} to ${c.before}).`,
    );
  }
  const span = [
    c.after !== undefined ? `from ${describeDay(c.after, timeZone)}` : '',
    c.before !== undefined ? `before ${describeDay(c.before, timeZone)}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  if (!negated) {
    const filters: SearchFilter[] = [];
    if (from !== undefined) filters.push(f(field, '>', from));
    if (until !== undefined) filters.push(f(field, '<', until - 1));
    return { filters, meaning: `${label} ${span} (${field})` };
  }
  const outside: SearchFilter[] = [];
  if (from !== undefined) outside.push(f(field, '<', from - 1));
  if (until !== undefined && until <= Math.floor(now.getTime() / 1000)) outside.push(f(field, '>', until));
  if (outside.length === 0)
    throw new QueryResolutionError('contradiction', `Nothing is ${label} outside "${span}".`);
  return { filters: [combine('OR', outside)], meaning: `${label} NOT ${span} (${field} outside that range)` };
}

const SCORES = (scores: number[]) =>
  scores.length === 1 ? String(scores[0]) : `${scores[0]}–${scores.at(-1)}`;

async function compileOne(read: ReadCondition, r: NameResolver, opts: CompileOptions): Promise<Part> {
  const c = read.condition;
  const not = read.negated;
  const eq = not ? '!=' : '=';
  const nowS = Math.floor(opts.now.getTime() / 1000);
  switch (c.kind) {
    case 'state':
      return { filters: [f('state', eq, c.value)], meaning: `state ${eq} ${c.value}` };
    case 'admin': {
      const v = c.value.trim().toLowerCase();
      if (v === 'unassigned')
        return {
          filters: [f('admin_assignee_id', eq, 0)],
          meaning: `admin assignee ${not ? 'is someone' : 'is nobody'}`,
        };
      const admin = v === 'me' || v === 'myself' ? await r.admin(r.meId) : await r.admin(c.value);
      return {
        filters: [f('admin_assignee_id', eq, integerId(admin.id))],
        meaning: `admin assignee ${eq} ${admin.name} (id ${admin.id})`,
      };
    }
    case 'team': {
      if (c.value.trim().toLowerCase() === 'unassigned')
        return { filters: [f('team_assignee_id', eq, 0)], meaning: `team assignee ${eq} none` };
      const team = await r.team(c.value);
      return {
        filters: [f('team_assignee_id', eq, integerId(team.id))],
        meaning: `team assignee ${eq} ${team.name} (id ${team.id})`,
      };
    }
    case 'tag': {
      const tags = await Promise.all(c.values.map((name) => r.tag(name)));
      const unique = tags.filter((t, k) => tags.findIndex((u) => u.id === t.id) === k);
      const ids = unique.map((t) => t.id);
      const shown = unique.map((t) => `${t.name} (id ${t.id})`).join(', ');
      if (ids.length === 1)
        return { filters: [f('tag_ids', eq, ids[0] as string)], meaning: `tag ${eq} ${shown}` };
      return {
        filters: [f('tag_ids', not ? 'NIN' : 'IN', ids)],
        meaning: `${not ? 'none' : 'any'} of the tags ${shown}`,
      };
    }
    case 'tag_or_text': {
      const tag = await r.tag(c.tag);
      if (not) {
        return {
          filters: [f('tag_ids', '!=', tag.id), f('source.body', '!~', c.stem)],
          meaning: `not tagged ${tag.name} (id ${tag.id}) and text does not contain "${c.stem}…"`,
        };
      }
      return {
        filters: [combine('OR', [f('tag_ids', '=', tag.id), f('source.body', '~', c.stem)])],
        meaning: `tagged ${tag.name} (id ${tag.id}) OR text contains "${c.stem}…"`,
      };
    }
    case 'contact_email':
      return {
        filters: [f('source.author.email', eq, c.value)],
        meaning: `started by contact email ${eq} ${c.value}`,
      };
    case 'contact_name':
      return contactNamePart(c.value, not);
    case 'company':
      return companyPart(c, not, r);
    case 'contact_id':
      return { filters: [f('contact_ids', eq, c.value)], meaning: `contact id ${eq} ${c.value}` };
    case 'priority': {
      const value = c.value !== not ? 'priority' : 'not_priority';
      return { filters: [f('priority', '=', value)], meaning: `priority = ${value}` };
    }
    case 'read': {
      const value = c.value !== not;
      return { filters: [f('read', '=', value)], meaning: value ? 'read = true' : 'read = false (unread)' };
    }
    case 'rating':
      return {
        filters: [f('conversation_rating.score', not ? 'NIN' : 'IN', c.scores)],
        meaning: `conversation rating ${not ? 'not ' : ''}${SCORES(c.scores)} (conversation_rating.score)`,
      };
    case 'channel':
      return { filters: [f('source.type', eq, c.value)], meaning: `channel (source.type) ${eq} ${c.value}` };
    case 'date':
      return dateParts(c, not, opts.timeZone, opts.now);
    case 'text':
      return textPart(c, not);
    case 'sentiment': {
      const label = `customer sentiment ${not ? 'is not' : 'is'} ${c.value} (checked on each result: Intercom cannot search sentiment)`;
      return {
        filters: [],
        meaning: label,
        post: {
          label,
          test: (conv) => {
            const text = opts.customerText(conv);
            return (text ? scoreSentiment(text).label === c.value : false) !== not;
          },
        },
      };
    }
    case 'waiting':
      return waitingPart(c, not, nowS);
  }
}

function contactNamePart(name: string, not: boolean, why = ''): Part {
  return {
    filters: [f('source.author.name', not ? '!~' : '~', name)],
    meaning: `contact name ${not ? 'does not contain' : 'contains'} "${name}"${why}`,
  };
}

/** A company is its contacts: `contact_ids IN [...]` (Intercom cannot search conversations by company). */
async function companyPart(
  c: Extract<Condition, { kind: 'company' }>,
  not: boolean,
  r: NameResolver,
): Promise<Part> {
  const company = await r.company(c.value, { orNull: c.orContactName === true });
  if ('none' in company) return contactNamePart(c.value, not, ` (${company.none})`);
  const { contactIds: ids, total } = company;
  const which = `company ${company.name} (id ${company.id})`;
  if (ids.length === 0) {
    return not
      ? { filters: [], meaning: `${which} has no contacts: nothing to leave out` }
      : { filters: [], meaning: `${which} has no contacts, so no conversation is from it`, nothing: true };
  }
  const cut = total > ids.length;
  const counted = cut
    ? `the first ${ids.length} of ${company.name}'s ${total}`
    : `${company.name}'s ${total}`;
  const filter =
    ids.length === 1
      ? f('contact_ids', not ? '!=' : '=', ids[0] as string)
      : f('contact_ids', not ? 'NIN' : 'IN', ids);
  const caveat = cut
    ? `Only the first ${ids.length} of ${company.name}'s ${total} contacts were used (Intercom lists one page of ` +
      `a company's contacts): conversations of the other ${total - ids.length} are ${not ? 'not left out' : 'missed'}. ` +
      'Search by contact_id for them.'
    : undefined;
  return {
    filters: [filter],
    meaning: `${which}: contact is ${not ? 'none' : 'one'} of ${counted} contact${total === 1 ? '' : 's'} (contact_ids${cut ? '; list cut' : ''})`,
    ...(caveat ? { caveat } : {}),
  };
}

function textPart(c: Extract<Condition, { kind: 'text' }>, not: boolean): Part {
  const op = not ? '!~' : '~';
  const parts = c.stems.map((s) => f('source.body', op, s));
  const words = c.stems.map((s) => `"${s}"`).join(', ');
  const kind = c.stems.length === 1 ? '' : c.match === 'any' ? 'any of ' : 'all of ';
  const meaning =
    `first message ${not ? 'contains none of' : `contains ${kind}`}${not && kind === '' ? '' : ''} ${words} (word starts, so inflections match)`.replace(
      '  ',
      ' ',
    );
  // any: (a OR b); none: !a AND !b; all: a AND b; "not all": (!a OR !b)
  const anyOf = (c.match === 'any') !== not;
  return { filters: c.stems.length > 1 && anyOf ? [combine('OR', parts)] : parts, meaning };
}

function waitingPart(c: Extract<Condition, { kind: 'waiting' }>, not: boolean, nowS: number): Part {
  const hours = c.hours ? ` for more than ${c.hours} h` : '';
  if (c.on === 'us') {
    const since = c.hours ? nowS - c.hours * 3600 : undefined;
    const test = (conv: IntercomConversation) => {
      const w = conv.waiting_since ?? 0;
      const waiting = conv.state === 'open' && w > 0 && (since === undefined || w <= since);
      return waiting !== not;
    };
    if (not)
      return {
        filters: [],
        meaning: `NOT waiting for our reply${hours} (checked on each result)`,
        post: { label: `not waiting for our reply${hours}`, test },
      };
    const filters: IntercomSearchQuery[] = [f('state', '=', 'open'), f('waiting_since', '>', 1)];
    if (since !== undefined) filters.push(f('waiting_since', '<', since));
    return { filters, meaning: `open and the customer waits for our reply${hours} (waiting_since)` };
  }
  const since = c.hours ? nowS - c.hours * 3600 : undefined;
  const test = (conv: IntercomConversation) => {
    const admin = conv.statistics?.last_admin_reply_at ?? 0;
    const contact = conv.statistics?.last_contact_reply_at ?? 0;
    const waiting =
      conv.state === 'open' && admin > 0 && admin >= contact && (since === undefined || admin <= since);
    return waiting !== not;
  };
  const label = `${not ? 'NOT ' : ''}waiting on the customer${hours}: a teammate replied last (checked on each result)`;
  const filters: IntercomSearchQuery[] = not
    ? []
    : [f('state', '=', 'open'), f('statistics.last_admin_reply_at', '>', 1)];
  if (!not && since !== undefined) filters.push(f('statistics.last_admin_reply_at', '<', since));
  return { filters, meaning: label, post: { label, test } };
}

/**
 * Turns the conditions into one Intercom search (an AND group, with nested OR groups for "any of" and
 * for exclusions of a date range) plus the checks Intercom cannot do (sentiment, who replied last),
 * which are applied to each result. Names are resolved by `resolver`.
 * @throws QueryResolutionError for impossible ranges and queries beyond Intercom's limits; the
 * resolver's errors for unknown or ambiguous names.
 */
export async function compileSearch(
  reads: ReadCondition[],
  resolver: NameResolver,
  opts: CompileOptions,
): Promise<CompiledSearch> {
  checkDateRanges(reads);
  const parts = await Promise.all(reads.map((read) => compileOne(read, resolver, opts)));
  const wordings = reads.map((read) => read.wording);
  const textRead = reads.find((r) => r.condition.kind === 'text' && !r.negated && !r.wording.includes('='));
  if (textRead && opts.lang && opts.lang !== 'en') {
    // Word starts are shared across languages ("factur" is Spanish and French): keep the query's language.
    const lang = opts.lang;
    const label = `first message written in ${LANGUAGE_NAMES[lang]}, the language of the topic words (checked on each result)`;
    parts.push({
      filters: [],
      meaning: label,
      post: { label, test: (c) => mayBeWrittenIn(opts.customerText(c) ?? '', lang) },
    });
    wordings.push(textRead.wording);
  }
  const interpreted = wordings.map((wording, k) => `"${wording}" → ${parts[k]?.meaning}`);
  const seen = new Set<string>();
  const filters = parts
    .flatMap((p) => p.filters)
    .filter((q) => {
      const key = JSON.stringify(q);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const postFilters = parts.flatMap((p) => (p.post ? [p.post] : []));
  const empty = parts.find((p) => p.nothing);
  if (filters.length === 0) {
    // Only checks on results ("angry customers"): scan conversations from the newest.
    filters.push(f('created_at', '>', 0));
    if (!empty)
      interpreted.push(
        '(no condition Intercom can search: every conversation is scanned, up to the scan limit)',
      );
  }
  const query = combine('AND', mergeStates(filters));
  checkSearchLimits(query);
  const caveats: string[] = parts.flatMap((p) => (p.caveat ? [p.caveat] : []));
  if (reads.some((r) => r.condition.kind === 'text' || r.condition.kind === 'tag_or_text')) {
    caveats.push(
      'Topic words are matched by word start in the first message only: conversations about the same topic in ' +
        'other words or other languages are not found. Add synonyms ("refund or reimbursement") or a tag.',
    );
  }
  if (reads.some((r) => r.condition.kind === 'tag_or_text')) {
    caveats.push('A word that is also a tag name matches conversations with that tag or with that word.');
  }
  return { query, interpreted, postFilters, caveats, ...(empty ? { matchesNothing: empty.meaning } : {}) };
}

/** Two ranges for the same date ("between 1. November und 5. November" read as two days) would match nothing. */
function checkDateRanges(reads: ReadCondition[]): void {
  const seen = new Map<string, ReadCondition>();
  for (const read of reads) {
    const c = read.condition;
    if (c.kind !== 'date' || read.negated) continue;
    const other = seen.get(c.field);
    if (other) {
      throw new QueryResolutionError(
        'contradiction',
        `The query gives two ${DATE_FIELDS[c.field].label} dates ("${other.wording}" and "${read.wording}"), which ` +
          'together match nothing. Keep one, or write a range: "between 2026-11-01 and 2026-11-05".',
      );
    }
    seen.set(c.field, read);
  }
}

/** "open or snoozed": several wanted states become one `IN`. */
function mergeStates(filters: IntercomSearchQuery[]): IntercomSearchQuery[] {
  const states = filters.filter(
    (q): q is SearchFilter => 'field' in q && q.field === 'state' && q.operator === '=',
  );
  if (states.length < 2) return filters;
  const values = [...new Set(states.map((s) => s.value as string))];
  const rest = filters.filter((q) => !states.includes(q as SearchFilter));
  return [f('state', 'IN', values), ...rest];
}
