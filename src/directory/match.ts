import { distance } from 'fastest-levenshtein';

/**
 * The one matching rule for names of admins, teams, tags and segments, used by every tool and by search.
 *
 * In order, the first step that matches anything decides:
 * 1. the id, exactly (a number is read as its digits);
 * 2. the email, ignoring case (admins only);
 * 3. the whole name, ignoring case, accents and repeated spaces;
 * 4. unless `exact`: a unique part of the name: the start of the name, then the start of one of its
 *    words, then anywhere in it.
 * A step with several matches is ambiguous: later steps would only match more, so the candidates are
 * reported (with ids) and nothing is guessed. Nothing matching gives "did you mean" suggestions.
 */

export interface Named {
  id: string;
  name: string;
  email?: string | null | undefined;
}

export type Match<T extends Named> =
  | { status: 'found'; item: T; by: 'id' | 'email' | 'name' | 'partial' }
  | { status: 'ambiguous'; candidates: T[] }
  | { status: 'not_found'; suggestions: T[] };

/** Case-, accent- and space-insensitive form of a name. */
export function normalizeName(value: string): string {
  return value.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

const PARTIAL_STAGES: ((name: string, wanted: string) => boolean)[] = [
  (name, wanted) => name.startsWith(wanted),
  (name, wanted) => name.split(/[\s\-_/.]+/).some((word) => word.startsWith(wanted)),
  (name, wanted) => name.includes(wanted),
];

/** Finds what `input` names among `items` by the rule above. */
export function matchName<T extends Named>(
  input: string | number,
  items: readonly T[],
  options: { exact?: boolean } = {},
): Match<T> {
  const raw = String(input).trim();
  const byId = items.find((item) => item.id === raw);
  if (byId) return { status: 'found', item: byId, by: 'id' };
  const wanted = normalizeName(raw);
  if (!wanted) return { status: 'not_found', suggestions: [] };
  if (raw.includes('@')) {
    const byEmail = items.filter((item) => item.email && item.email.toLowerCase() === wanted);
    const decided = decide(byEmail, 'email');
    if (decided) return decided;
  }
  const byName = items.filter((item) => normalizeName(item.name) === wanted);
  const decided = decide(byName, 'name');
  if (decided) return decided;
  if (!options.exact) {
    for (const stage of PARTIAL_STAGES) {
      const hits = items.filter((item) => stage(normalizeName(item.name), wanted));
      const partial = decide(hits, 'partial');
      if (partial) return partial;
    }
  }
  return { status: 'not_found', suggestions: closest(wanted, items) };
}

function decide<T extends Named>(hits: T[], by: 'email' | 'name' | 'partial'): Match<T> | undefined {
  const [only] = hits;
  if (hits.length === 1 && only) return { status: 'found', item: only, by };
  if (hits.length > 1) return { status: 'ambiguous', candidates: hits };
  return undefined;
}

const MAX_SUGGESTIONS = 3;

/** Names within a few edits of `wanted` (typos, a missing letter), closest first. */
function closest<T extends Named>(wanted: string, items: readonly T[]): T[] {
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  return items
    .map((item) => ({ item, d: distance(wanted, normalizeName(item.name)) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d)
    .slice(0, MAX_SUGGESTIONS)
    .map((x) => x.item);
}
