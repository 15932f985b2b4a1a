import type { IntercomSearchQuery, SearchGroup } from '../intercom/search-query.js';
import { QueryResolutionError } from './errors.js';

export type {
  IntercomSearchQuery,
  SearchFilter,
  SearchGroup,
  SearchOperator,
} from '../intercom/search-query.js';

/** Intercom's documented limits: groups nest at most 2 deep and hold at most 15 entries each. */
export const MAX_GROUP_DEPTH = 2;
export const MAX_FILTERS_PER_GROUP = 15;

export function isGroup(query: IntercomSearchQuery): query is SearchGroup {
  return !('field' in query);
}

/** One filter stays a bare filter; several become a group. */
export function combine(operator: 'AND' | 'OR', parts: IntercomSearchQuery[]): IntercomSearchQuery {
  const [only] = parts;
  if (parts.length === 1 && only) return only;
  return { operator, value: parts };
}

/** Throws a QueryResolutionError when the query breaks Intercom's nesting or size limits. */
export function checkSearchLimits(query: IntercomSearchQuery, depth = 1): void {
  if (!isGroup(query)) return;
  if (depth > MAX_GROUP_DEPTH) {
    throw new QueryResolutionError(
      'too_deep',
      `The search nests groups ${depth} deep; Intercom allows ${MAX_GROUP_DEPTH}. Simplify the filters.`,
    );
  }
  if (query.value.length > MAX_FILTERS_PER_GROUP) {
    throw new QueryResolutionError(
      'too_many_filters',
      `The search needs ${query.value.length} conditions in one ${query.operator} group; Intercom allows ` +
        `${MAX_FILTERS_PER_GROUP}. Use fewer text words (each word is one condition) or fewer filters.`,
    );
  }
  for (const part of query.value) checkSearchLimits(part, depth + 1);
}
