import type { ConversationFilters } from './conversation-filters.js';
import { QueryResolutionError } from './errors.js';
import { mergeFilters } from './merge-filters.js';
import { parseConversationQuery } from './parse-conversation-query.js';

export interface InterpretedConversationSearch {
  filters: ConversationFilters;
  /** How the free-text query was read (empty without one). */
  understood: string[];
  /** Words of the free-text query that did not become a filter. */
  uninterpreted: string[];
  /** Structured filters that overrode a different reading of the text. */
  notes: string[];
}

/**
 * First step of search_conversations: reads the free-text `query` (if any) and merges the structured
 * filters over it. The caller then fetches the lists `lookupsNeeded(filters)` asks for and calls
 * `buildConversationSearchQuery`.
 * @throws QueryResolutionError: `contradiction` when the text contradicts itself ("open closed"),
 * `empty_query` when nothing became a filter (the message lists the words not understood).
 */
export function interpretConversationSearch(
  input: { query?: string | undefined; filters?: ConversationFilters | undefined },
  options: { now: Date; timeZone?: string | undefined },
): InterpretedConversationSearch {
  const text = input.query?.trim() ?? '';
  const parsed = text
    ? parseConversationQuery(text, options.now, options.timeZone)
    : { filters: {}, interpreted: [], uninterpreted: [], conflicts: [] };
  if (parsed.conflicts.length > 0) {
    throw new QueryResolutionError(
      'contradiction',
      `The query contradicts itself (${parsed.conflicts.join('; ')}). ` +
        'Keep one of the values, or run one search per value.',
    );
  }
  const merged = mergeFilters(parsed.filters, input.filters ?? {});
  if (Object.values(merged.filters).every((value) => value === undefined)) {
    const ignored = parsed.uninterpreted.map((w) => `"${w}"`).join(', ');
    throw new QueryResolutionError(
      'empty_query',
      ignored
        ? `Nothing in the query became a filter (not understood: ${ignored}). To find words in messages, ` +
            'use "about <word>" or the text filter; otherwise use the state, assignee, tag or date filters.'
        : 'The search has no conditions. Give a query or at least one filter.',
    );
  }
  return {
    filters: merged.filters,
    understood: parsed.interpreted,
    uninterpreted: parsed.uninterpreted,
    notes: merged.conflicts,
  };
}
