import type { DirectoryKind } from './lists.js';
import type { Named } from './match.js';

const MAX_LISTED = 20;
const MAX_CANDIDATES = 10;

/** `Name (id 123)`, with the email for admins. */
export function label(item: Named): string {
  return `${item.name || '(no name)'} (id ${item.id}${item.email ? `, ${item.email}` : ''})`;
}

const WHERE: Record<DirectoryKind, string> = {
  admin: 'list_admins',
  team: 'list_admins',
  tag: 'list_tags',
  segment: 'list_segments',
  ticket_type: 'get_ticket',
};

/** The kind as words ("ticket type"). */
const noun = (kind: DirectoryKind) => kind.replace('_', ' ');

/**
 * A name that did not resolve to exactly one admin, team, tag or segment. The message names the argument,
 * says why, and how to fix it (the candidates with ids, or the closest names); it is safe for the model.
 */
export class NameResolutionError extends Error {
  override name = 'NameResolutionError';
  constructor(
    readonly kind: DirectoryKind,
    readonly reason: 'ambiguous' | 'not_found',
    /** The argument that named it, e.g. `actions[0].admin`. */
    readonly argument: string,
    readonly input: string,
    /** Ambiguous: every match; not found: the closest names (may be empty). */
    readonly candidates: Named[],
    message: string,
  ) {
    super(message);
  }
}

export function ambiguousError(
  kind: DirectoryKind,
  argument: string,
  input: string,
  candidates: Named[],
): NameResolutionError {
  const shown = candidates.slice(0, MAX_CANDIDATES).map(label).join('; ');
  const more = candidates.length > MAX_CANDIDATES ? ` and ${candidates.length - MAX_CANDIDATES} more` : '';
  return new NameResolutionError(
    kind,
    'ambiguous',
    argument,
    input,
    candidates,
    `${argument}: "${input}" matches ${candidates.length} ${noun(kind)}s: ${shown}${more}. ` +
      `Name one by id or by its full name${kind === 'admin' ? ' or email' : ''}.`,
  );
}

export function notFoundError(
  kind: DirectoryKind,
  argument: string,
  input: string,
  suggestions: Named[],
  known: readonly Named[],
): NameResolutionError {
  const didYouMean =
    suggestions.length > 0
      ? ` Did you mean ${suggestions.map((s) => `"${s.name}" (id ${s.id})`).join(' or ')}?`
      : '';
  const sorted = [...known].sort((a, b) => a.name.localeCompare(b.name));
  const listed = sorted
    .slice(0, MAX_LISTED)
    .map((k) => `${k.name} (${k.id})`)
    .join(', ');
  const more =
    sorted.length > MAX_LISTED ? ` and ${sorted.length - MAX_LISTED} more (see ${WHERE[kind]})` : '';
  const catalogue =
    sorted.length === 0
      ? ` This workspace has no ${noun(kind)}s.`
      : ` Known ${noun(kind)}s: ${listed}${more}.`;
  return new NameResolutionError(
    kind,
    'not_found',
    argument,
    input,
    suggestions,
    `${argument}: no ${noun(kind)} has the ${kind === 'admin' ? 'id, name or email' : 'id or name'} "${input}".${didYouMean}${catalogue}`,
  );
}
