import { type ConversationFilters, FILTER_LABELS, type FilterKey } from './conversation-filters.js';

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    const norm = (list: unknown[]) => [...new Set(list.map((v) => String(v).trim().toLowerCase()))].sort();
    return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
  }
  if (typeof a === 'string' && typeof b === 'string')
    return a.trim().toLowerCase() === b.trim().toLowerCase();
  return a === b;
}

function show(value: unknown): string {
  return Array.isArray(value) ? value.map((v) => `"${v}"`).join(', ') : `"${String(value)}"`;
}

/**
 * Combines filters read from the free-text query with the structured filters of the same call.
 * A structured value wins over a different value read from the text, and each such override is
 * reported so the caller can tell the model which reading was dropped.
 */
export function mergeFilters(
  fromText: ConversationFilters,
  structured: ConversationFilters,
): { filters: ConversationFilters; conflicts: string[] } {
  const filters: Record<string, unknown> = { ...fromText };
  const conflicts: string[] = [];
  for (const [key, value] of Object.entries(structured) as [FilterKey, unknown][]) {
    if (value === undefined) continue;
    const previous = filters[key];
    if (previous !== undefined && !sameValue(previous, value)) {
      conflicts.push(
        `${FILTER_LABELS[key]}: the filter ${show(value)} was used instead of ${show(previous)} from the query text`,
      );
    }
    filters[key] = value;
  }
  return { filters: filters as ConversationFilters, conflicts };
}
