import type { ConversationFilters } from './conversation-filters.js';
import { assertTimeZone } from './dates.js';
import { QueryResolutionError } from './errors.js';
import {
  type Condition,
  condition,
  contactConditions,
  dateConditions,
  plainConditions,
  textConditions,
} from './filter-conditions.js';
import { checkSearchLimits, combine, type IntercomSearchQuery } from './intercom-query.js';
import { type NamedRef, resolveByName } from './resolve-names.js';

export { QueryResolutionError } from './errors.js';

/** Workspace lists used to turn names into ids (GET /admins, /teams, /tags, and /me). */
export interface SearchLookups {
  admins: { id: string; name: string; email?: string }[];
  teams: { id: string; name: string }[];
  tags: { id: string; name: string }[];
  /** The connected admin, needed only for `admin_assignee: "me"`. */
  me?: { id: string; name: string };
}

export interface BuiltSearch {
  query: IntercomSearchQuery;
  /** What the query does, one short phrase per condition, with names resolved to ids. */
  interpreted: string[];
}

const isUnassigned = (value: string) => value.trim().toLowerCase() === 'unassigned';
const isMe = (value: string) => value.trim().toLowerCase() === 'me';

/** Which workspace lists `buildConversationSearchQuery` needs for these filters, so callers fetch no more. */
export function lookupsNeeded(filters: ConversationFilters): {
  admins: boolean;
  teams: boolean;
  tags: boolean;
} {
  const admin = filters.admin_assignee;
  const team = filters.team_assignee;
  return {
    admins: admin !== undefined && !isUnassigned(admin) && !isMe(admin),
    teams: team !== undefined && !isUnassigned(team),
    tags: (filters.tag ?? []).length > 0,
  };
}

/** Admin and team ids are integers in Intercom's search grammar; anything else stays a string. */
function integerId(id: string): number | string {
  const n = Number(id);
  return /^\d+$/.test(id) && Number.isSafeInteger(n) ? n : id;
}

function adminCondition(value: string | undefined, lookups: SearchLookups): Condition[] {
  if (value === undefined) return [];
  if (isUnassigned(value)) {
    const phrase = 'admin assignee = nobody (admin_assignee_id = 0; the team assignment is not checked)';
    return [condition('admin_assignee_id', '=', 0, phrase)];
  }
  if (isMe(value) && !lookups.me) {
    throw new QueryResolutionError(
      'invalid_value',
      'The connected admin is unknown here; give an admin name or id.',
    );
  }
  const admin = isMe(value) && lookups.me ? lookups.me : resolveByName('admin', value, lookups.admins);
  return [
    condition(
      'admin_assignee_id',
      '=',
      integerId(admin.id),
      `admin assignee = ${admin.name} (id ${admin.id})`,
    ),
  ];
}

function teamCondition(value: string | undefined, lookups: SearchLookups): Condition[] {
  if (value === undefined) return [];
  if (isUnassigned(value))
    return [condition('team_assignee_id', '=', 0, 'team assignee = no team (team_assignee_id = 0)')];
  const team = resolveByName('team', value, lookups.teams);
  return [
    condition('team_assignee_id', '=', integerId(team.id), `team assignee = ${team.name} (id ${team.id})`),
  ];
}

/** Several tags mean "any of them" (`IN`), like a tag filter in the Intercom inbox. */
function tagCondition(values: string[] | undefined, lookups: SearchLookups): Condition[] {
  if (!values || values.length === 0) return [];
  const resolved = values.map((name) => resolveByName('tag', name, lookups.tags));
  const tags = resolved.filter(
    (ref: NamedRef, index) => resolved.findIndex((r) => r.id === ref.id) === index,
  );
  const names = tags.map((t) => `${t.name} (id ${t.id})`);
  const [only] = tags;
  if (tags.length === 1 && only) return [condition('tag_ids', '=', only.id, `tag = ${names[0]}`)];
  const ids = tags.map((t) => t.id);
  return [condition('tag_ids', 'IN', ids, `tag is any of ${names.join(', ')}`)];
}

/**
 * Translates structured filters into one Intercom `POST /conversations/search` query: a single filter,
 * or an AND group of filters (with a nested OR group when any of several text words may match).
 * Dates without a time are read in `options.timeZone` (default UTC).
 * @throws QueryResolutionError for unknown or ambiguous names, impossible date ranges, no filters at
 * all, or a query beyond Intercom's limits (15 conditions per group, 2 levels of nesting).
 */
export function buildConversationSearchQuery(
  filters: ConversationFilters,
  lookups: SearchLookups,
  options: { timeZone?: string | undefined } = {},
): BuiltSearch {
  const timeZone = options.timeZone ?? 'UTC';
  assertTimeZone(timeZone);
  const all: Condition[] = [
    ...plainConditions(filters),
    ...adminCondition(filters.admin_assignee, lookups),
    ...teamCondition(filters.team_assignee, lookups),
    ...tagCondition(filters.tag, lookups),
    ...contactConditions(filters),
    ...dateConditions(filters, timeZone),
    ...textConditions(filters),
  ];
  if (all.length === 0) {
    throw new QueryResolutionError(
      'empty_query',
      'The search has no conditions. Give at least one filter (state, text, assignee, tag, dates, ...).',
    );
  }
  const query = combine(
    'AND',
    all.flatMap((c) => c.parts),
  );
  checkSearchLimits(query);
  return { query, interpreted: all.map((c) => c.phrase) };
}
