import type { IntercomApi } from '../intercom/client.js';
import { IntercomApiError } from '../intercom/errors.js';
import { ambiguousError, NameResolutionError, notFoundError } from './errors.js';
import { type DirectoryCache, type DirectoryKind, type DirectoryLists, LOADERS } from './lists.js';
import { type Match, matchName } from './match.js';

/** How a caller names an admin, team, tag or segment: an id, a name (or an admin's email), or `{id | name | email}`. */
export type NameRef =
  | string
  | number
  | { id?: string | number | undefined; name?: string | undefined; email?: string | undefined };

/** The text a reference carries: its id, else its name, else its email. */
export function refText(ref: NameRef): string {
  if (typeof ref === 'string') return ref.trim();
  if (typeof ref === 'number') return String(ref);
  return String(ref.id ?? ref.name ?? ref.email ?? '').trim();
}

/** "me" names the admin who owns the connected token. */
const ME = /^(me|myself)$/i;

export interface DirectoryOptions {
  connectionId: string;
  /** The admin who owns the connection's token (what "me" names). */
  ownerAdminId: string;
  cache: DirectoryCache;
  /**
   * The client that loads the lists, built only on a cache miss; not bound to one call's cancellation,
   * since concurrent calls share a load.
   */
  api: () => IntercomApi;
}

/**
 * Names → admins, teams, tags and segments of one connection's workspace, with one matching rule
 * (see match.ts) and the lists cached per connection. Tools get one through their context; search
 * uses the same.
 */
export class Directory {
  constructor(private readonly options: DirectoryOptions) {}

  get ownerAdminId(): string {
    return this.options.ownerAdminId;
  }

  /**
   * Every item of a kind, from the per-connection cache; `fresh` reads Intercom again (and refreshes the
   * cache), for tools whose answer is the list itself.
   */
  async list<K extends DirectoryKind>(
    kind: K,
    options: { fresh?: boolean } = {},
  ): Promise<DirectoryLists[K][]> {
    if (options.fresh) this.forget(kind);
    return (await this.load(kind)).items;
  }

  /** The match for a reference, without throwing: for plans that collect every problem first. */
  async match<K extends DirectoryKind>(
    kind: K,
    ref: NameRef,
    options: { exact?: boolean } = {},
  ): Promise<Match<DirectoryLists[K]>> {
    const input = refText(ref);
    const wanted = kind === 'admin' && ME.test(input) ? this.options.ownerAdminId : input;
    const first = await this.load(kind);
    const result = matchName(wanted, first.items, options);
    if (result.status !== 'not_found' || first.fresh) return result;
    // Created a moment ago (in Intercom's UI, or by another client)? Look once more before refusing.
    this.forget(kind);
    return matchName(wanted, (await this.load(kind)).items, options);
  }

  /**
   * Exactly one item, or a NameResolutionError naming `argument`, the reason, and the fix (candidates
   * with ids when ambiguous, the closest names when nothing matches).
   */
  async resolve<K extends DirectoryKind>(
    kind: K,
    ref: NameRef,
    argument: string,
    options: { exact?: boolean } = {},
  ): Promise<DirectoryLists[K]> {
    const result = await this.match(kind, ref, options);
    if (result.status === 'found') return result.item;
    throw await this.problem(kind, ref, argument, result);
  }

  /** The error for a failed match (for callers that collect problems with `match`). */
  async problem<K extends DirectoryKind>(
    kind: K,
    ref: NameRef,
    argument: string,
    result: Exclude<Match<DirectoryLists[K]>, { status: 'found' }>,
  ): Promise<NameResolutionError> {
    const input = refText(ref);
    if (result.status === 'ambiguous') return ambiguousError(kind, argument, input, result.candidates);
    return notFoundError(kind, argument, input, result.suggestions, await this.list(kind));
  }

  admin(ref: NameRef, argument: string) {
    return this.resolve('admin', ref, argument);
  }

  team(ref: NameRef, argument: string) {
    return this.resolve('team', ref, argument);
  }

  segment(ref: NameRef, argument: string) {
    return this.resolve('segment', ref, argument);
  }

  /** An existing tag; `exact` where a miss means "create it" rather than "find something close". */
  tag(ref: NameRef, argument: string, options: { exact?: boolean } = {}) {
    return this.resolve('tag', ref, argument, options);
  }

  /**
   * id → name for a kind, to show names beside ids. Names are an extra: when Intercom refuses the list
   * (a token without that permission, a rate limit) the answer goes out with ids only.
   */
  async names(kind: DirectoryKind): Promise<Map<string, string>> {
    try {
      return new Map((await this.list(kind)).map((item) => [item.id, item.name]));
    } catch (error) {
      if (error instanceof IntercomApiError && error.kind !== 'auth') return new Map();
      throw error;
    }
  }

  /** Drops a cached list, e.g. after creating a tag. */
  forget(kind: DirectoryKind): void {
    this.options.cache.forget(this.options.connectionId, kind);
  }

  private load<K extends DirectoryKind>(kind: K) {
    const load = LOADERS[kind] as (api: IntercomApi) => Promise<DirectoryLists[K][]>;
    return this.options.cache.get(this.options.connectionId, kind, () => load(this.options.api()));
  }
}

export { NameResolutionError };
