import { QueryResolutionError } from './errors.js';

export interface NamedRef {
  id: string;
  name: string;
  email?: string;
}

export type NamedKind = 'admin' | 'team' | 'tag';

const LIST_LIMIT = 20;

/** Case-, accent- and space-insensitive form of a name. */
export function normalizeName(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

function describe(ref: NamedRef): string {
  return `${ref.name} (id ${ref.id})`;
}

function firstSorted(refs: readonly NamedRef[]): NamedRef[] {
  return [...refs].sort((a, b) => a.name.localeCompare(b.name)).slice(0, LIST_LIMIT);
}

function listNames(refs: readonly NamedRef[]): string {
  const shown = firstSorted(refs);
  const more = refs.length > shown.length ? ` and ${refs.length - shown.length} more` : '';
  return `${shown.map((r) => r.name).join(', ')}${more}`;
}

/**
 * Matching stages, strictest first. The first stage with exactly one match wins; a stage with several
 * matches is ambiguous (later stages would only match more).
 */
const STAGES: ((name: string, input: string) => boolean)[] = [
  (name, input) => name.startsWith(input),
  (name, input) => name.split(' ').some((word) => word.startsWith(input)),
  (name, input) => name.includes(input),
];

/**
 * Finds the admin, team or tag a user meant by id, exact name or email, then by a unique prefix or
 * substring of the name. Numeric ids are accepted unchecked when no list was provided.
 * @throws QueryResolutionError (`unknown_name` or `ambiguous_name`) listing the candidates.
 */
export function resolveByName(kind: NamedKind, input: string, refs: readonly NamedRef[]): NamedRef {
  const raw = input.trim();
  const byId = refs.find((r) => r.id === raw);
  if (byId) return byId;
  const wanted = normalizeName(raw);
  if (!wanted) throw new QueryResolutionError('invalid_value', `The ${kind} name is empty.`);
  const exact = refs.filter(
    (r) => normalizeName(r.name) === wanted || normalizeName(r.email ?? '') === wanted,
  );
  if (exact.length === 1 && exact[0]) return exact[0];
  if (exact.length > 1) throw ambiguous(kind, raw, exact);
  if (/^\d+$/.test(raw)) {
    if (refs.length === 0) return { id: raw, name: raw };
    const message = `No ${kind} has id ${raw}. Known ${kind}s: ${listNames(refs)}.`;
    throw new QueryResolutionError('unknown_name', message, firstSorted(refs).map(describe));
  }
  for (const stage of STAGES) {
    const found = refs.filter((r) => stage(normalizeName(r.name), wanted));
    if (found.length === 1 && found[0]) return found[0];
    if (found.length > 1) throw ambiguous(kind, raw, found);
  }
  throw unknown(kind, raw, refs);
}

function ambiguous(kind: NamedKind, input: string, found: NamedRef[]): QueryResolutionError {
  const names = found.slice(0, LIST_LIMIT).map(describe);
  return new QueryResolutionError(
    'ambiguous_name',
    `The ${kind} "${input}" is ambiguous; it matches ${names.join(', ')}. ` +
      `Use the full name${kind === 'admin' ? ', email' : ''} or the id.`,
    names,
  );
}

function unknown(kind: NamedKind, input: string, refs: readonly NamedRef[]): QueryResolutionError {
  if (refs.length === 0) {
    return new QueryResolutionError(
      'unknown_name',
      `No ${kind} named "${input}": the workspace has no ${kind}s.`,
    );
  }
  // Names in free text are read greedily ("tagged billing urgent"), so suggest a shorter name that exists.
  const words = normalizeName(input).split(' ');
  let hint = '';
  for (let n = words.length - 1; n > 0 && !hint; n--) {
    const prefix = words.slice(0, n).join(' ');
    const match = refs.find((r) => normalizeName(r.name) === prefix);
    if (match) hint = ` Did you mean "${match.name}"? Pass names in the structured filters to be exact.`;
  }
  return new QueryResolutionError(
    'unknown_name',
    `No ${kind} named "${input}".${hint} Known ${kind}s: ${listNames(refs)}.`,
    firstSorted(refs).map(describe),
  );
}
