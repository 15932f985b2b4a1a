// Cursor pagination as Intercom does it: `pages.next = {page, starting_after}` while more results exist.
// The cursor is opaque (base64 of the last item's sort key and the next page number), so it survives
// deletions between pages.
import { invalid } from './errors.js';

export const MAX_PER_PAGE = 150;

export function parsePerPage(raw: unknown, fallback: number): number {
  if (raw === undefined || raw === null || raw === '') return fallback;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1) throw invalid('per_page must be a positive integer', 'per_page');
  if (n > MAX_PER_PAGE) throw invalid(`per_page must be at most ${MAX_PER_PAGE}`, 'per_page');
  return n;
}

interface Keyed {
  id: string;
  created_at: number;
}

const compareIds = (a: string, b: string) =>
  a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;

/** Newest first, ties broken by id (descending). */
export function byNewest(a: Keyed, b: Keyed): number {
  return b.created_at - a.created_at || compareIds(b.id, a.id);
}

interface Cursor {
  created_at: number;
  id: string;
  page: number;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.created_at, c.id, c.page])).toString('base64');
}

function decodeCursor(raw: string): Cursor {
  try {
    const v: unknown = JSON.parse(Buffer.from(raw, 'base64').toString('utf8'));
    if (
      Array.isArray(v) &&
      typeof v[0] === 'number' &&
      typeof v[1] === 'string' &&
      typeof v[2] === 'number'
    ) {
      return { created_at: v[0], id: v[1], page: v[2] };
    }
  } catch {
    // fall through
  }
  throw invalid('starting_after is not a valid cursor', 'starting_after');
}

export interface PageResult<T> {
  items: T[];
  total: number;
  pages: Record<string, unknown>;
}

/** `sorted` must be ordered by `byNewest`. */
export function paginate<T extends Keyed>(
  sorted: T[],
  perPage: number,
  startingAfter: unknown,
): PageResult<T> {
  let start = 0;
  let page = 1;
  if (typeof startingAfter === 'string' && startingAfter !== '') {
    const cur = decodeCursor(startingAfter);
    page = cur.page;
    // First index strictly after the cursor item in sort order (binary search).
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byNewest(sorted[mid] as T, cur) <= 0) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  } else if (startingAfter !== undefined && startingAfter !== null && typeof startingAfter !== 'string') {
    throw invalid('starting_after must be a string', 'starting_after');
  }
  const items = sorted.slice(start, start + perPage);
  const pages: Record<string, unknown> = {
    type: 'pages',
    page,
    per_page: perPage,
    total_pages: Math.ceil(sorted.length / perPage),
  };
  const last = items[items.length - 1];
  if (last && start + perPage < sorted.length) {
    pages.next = {
      page: page + 1,
      starting_after: encodeCursor({ created_at: last.created_at, id: last.id, page: page + 1 }),
    };
  }
  return { items, total: sorted.length, pages };
}
