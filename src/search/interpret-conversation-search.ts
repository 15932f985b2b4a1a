import type { ReadCondition } from './conditions.js';
import { type ConversationFilters, filtersToConditions, sameSubject } from './conversation-filters.js';
import { QueryResolutionError } from './errors.js';
import type { WorkspaceNames } from './name-gazetteer.js';
import { type NotUnderstood, parseConversationQuery } from './parse-conversation-query.js';
import type { Lang } from './vocabulary.js';

export const MAX_QUERY_CHARS = 500;
export const MAX_QUERY_WORDS = 60;

export interface InterpretedSearch {
  lang: Lang | null;
  conditions: ReadCondition[];
  notUnderstood: NotUnderstood[];
  ignored: string[];
  /** Structured filters that replaced what the text said about the same thing. */
  notes: string[];
}

/**
 * Reads the free-text query and adds the structured filters (a filter replaces the text's reading of the
 * same thing, and says so). Refuses empty searches and over-long queries with what to do instead.
 */
export function interpretConversationSearch(
  input: { query?: string | undefined; filters: ConversationFilters },
  options: { now: Date; timeZone: string; names?: WorkspaceNames | undefined },
): InterpretedSearch {
  const text = input.query?.trim() ?? '';
  const words = text ? text.split(/\s+/).length : 0;
  if (text.length > MAX_QUERY_CHARS || words > MAX_QUERY_WORDS) {
    throw new QueryResolutionError(
      'invalid_value',
      `The query is too long (${text.length} characters, ${words} words; at most ${MAX_QUERY_CHARS} characters ` +
        `and ${MAX_QUERY_WORDS} words). Keep the conditions and a few topic words, or use the structured filters.`,
    );
  }
  const structured = filtersToConditions(input.filters);
  if (!text && structured.length === 0) {
    throw new QueryResolutionError(
      'empty_query',
      'The search has no query and no filter. Give a query ("open conversations about refunds") or a filter; ' +
        'to browse every conversation use list_conversations.',
    );
  }
  const parsed = text
    ? parseConversationQuery(text, options)
    : { lang: null, conditions: [], notUnderstood: [], ignored: [] };
  const notes: string[] = [];
  const fromText = parsed.conditions.filter((read) => {
    const replaced = structured.find((s) => !read.negated && sameSubject(s.condition, read.condition));
    if (replaced) notes.push(`"${read.wording}" in the query was replaced by the filter ${replaced.wording}`);
    return !replaced;
  });
  const conditions = [...fromText, ...structured];
  if (conditions.length === 0) {
    const hint = parsed.notUnderstood.map((n) => `"${n.words}": ${n.hint}`).join(' ');
    const generic = parsed.ignored.length
      ? ` Words too generic to search: ${parsed.ignored.join(', ')}.`
      : '';
    throw new QueryResolutionError(
      'empty_query',
      `Nothing in the query could be searched.${generic} ${hint} Add a topic word, a state, an assignee, a tag or a date, ` +
        'or use list_conversations to browse.',
    );
  }
  return {
    lang: parsed.lang,
    conditions,
    notUnderstood: parsed.notUnderstood,
    ignored: parsed.ignored,
    notes,
  };
}
