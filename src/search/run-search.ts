import type { IntercomConversation } from '../intercom/conversations.js';
import type { CompiledSearch } from './compile-search.js';
import { QueryResolutionError } from './errors.js';
import type { IntercomSearchQuery } from './intercom-query.js';

export interface SearchPage {
  conversations: IntercomConversation[];
  totalCount: number | null;
  nextCursor: string | null;
}

export type FetchSearchPage = (
  query: IntercomSearchQuery,
  page: { perPage: number; cursor?: string | undefined },
) => Promise<SearchPage>;

/** Conversations read per call when results are checked one by one (Intercom's largest page is 150). */
export const SCAN_LIMIT = 600;
const SCAN_PAGE = 150;
const CURSOR_PREFIX = 'scan.';

export interface SearchResult extends SearchPage {
  /** Present when results were checked one by one. */
  scan?: { scanned: number; limitReached: boolean };
}

interface ScanCursor {
  /** Intercom's cursor of the page to read (null: the first page). */
  a: string | null;
  /** Results of that page already seen. */
  s: number;
}

function encode(c: ScanCursor): string {
  return CURSOR_PREFIX + Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decode(cursor: string | undefined): ScanCursor {
  if (!cursor) return { a: null, s: 0 };
  const bad = () =>
    new QueryResolutionError(
      'invalid_value',
      'cursor is not a next_cursor of this search; omit it for page 1.',
    );
  if (!cursor.startsWith(CURSOR_PREFIX)) throw bad();
  try {
    const value = JSON.parse(Buffer.from(cursor.slice(CURSOR_PREFIX.length), 'base64url').toString('utf8'));
    if (typeof value?.s !== 'number' || (value.a !== null && typeof value.a !== 'string')) throw bad();
    return { a: value.a, s: Math.max(0, Math.floor(value.s)) };
  } catch {
    throw bad();
  }
}

/**
 * Runs a compiled search. Without checks on results it is one Intercom call (Intercom's cursor is passed
 * through). With them, Intercom's pages are read (150 at a time, at most SCAN_LIMIT conversations per
 * call) and only results that pass every check are kept; the cursor then says where the scan stopped.
 */
export async function runSearch(
  compiled: CompiledSearch,
  fetchPage: FetchSearchPage,
  options: { perPage: number; cursor?: string | undefined; signal?: AbortSignal | undefined },
): Promise<SearchResult> {
  if (compiled.postFilters.length === 0) {
    if (options.cursor?.startsWith(CURSOR_PREFIX)) throw decodeMismatch();
    return fetchPage(compiled.query, { perPage: options.perPage, cursor: options.cursor });
  }
  const start = decode(options.cursor);
  const kept: IntercomConversation[] = [];
  let after = start.a;
  let skip = start.s;
  let scanned = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const page = await fetchPage(compiled.query, { perPage: SCAN_PAGE, cursor: after ?? undefined });
    const items = page.conversations;
    for (let k = skip; k < items.length; k++) {
      const c = items[k] as IntercomConversation;
      scanned++;
      if (compiled.postFilters.every((p) => p.test(c))) kept.push(c);
      const full = kept.length >= options.perPage;
      const limit = scanned >= SCAN_LIMIT;
      if (full || limit) {
        const more = k + 1 < items.length || page.nextCursor !== null;
        const next =
          k + 1 < items.length
            ? encode({ a: after, s: k + 1 })
            : page.nextCursor
              ? encode({ a: page.nextCursor, s: 0 })
              : null;
        return {
          conversations: kept,
          totalCount: null,
          nextCursor: more ? next : null,
          scan: { scanned, limitReached: limit && !full && more },
        };
      }
    }
    if (!page.nextCursor)
      return {
        conversations: kept,
        totalCount: null,
        nextCursor: null,
        scan: { scanned, limitReached: false },
      };
    after = page.nextCursor;
    skip = 0;
  }
}

function decodeMismatch(): QueryResolutionError {
  return new QueryResolutionError(
    'invalid_value',
    'cursor belongs to a search whose results were checked one by one; repeat that same search with it, or omit it.',
  );
}
