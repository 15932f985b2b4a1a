/**
 * What a connection may do: read-only or read + write, and which toolsets. Stored on the connection,
 * chosen by the owner at connect time (page, API) or at OAuth consent, enforced by the MCP layer.
 *
 * One text form serves storage, the API and OAuth: space-separated scope tokens, e.g.
 * `intercom:write intercom:conversations intercom:contacts` (write implies read).
 */

export const TOOLSETS = [
  'conversations',
  'contacts',
  'messaging',
  'bulk_messaging',
  'events',
  'knowledge',
  'tickets',
  'admin',
  'deletion',
] as const;
export type Toolset = (typeof TOOLSETS)[number];

export type Access = 'read' | 'write';

/** What each toolset covers, for the connect and consent pages and error messages. */
export const TOOLSET_LABELS: Record<Toolset, string> = {
  conversations: 'Conversations: search, read, reply, assign, close, tag',
  contacts: 'Contacts and companies: search, read, update attributes and tags',
  messaging: 'Messaging: send messages to named contacts',
  bulk_messaging: 'Bulk messaging: send to a whole segment or tag (background jobs)',
  events: 'Events: record data events on contacts',
  knowledge: 'Knowledge: help center articles',
  tickets: 'Tickets: search, read, create and update tickets',
  admin: 'Workspace: admins, teams, tags, segments and workspace details',
  deletion: 'Deletion: permanently delete contacts',
};

/** Off unless the owner chooses them: one call can reach thousands of people or destroy data. */
export const RISKY_TOOLSETS: ReadonlySet<Toolset> = new Set(['bulk_messaging', 'deletion']);

export const SCOPE_PREFIX = 'intercom:';

export interface Scopes {
  readonly access: Access;
  /** In TOOLSETS order, no duplicates. */
  readonly toolsets: readonly Toolset[];
  /** The canonical scope string: equal scopes have equal keys (used to cache tool lists). */
  readonly key: string;
}

const interned = new Map<string, Scopes>();

/** The one Scopes object for this choice (interned by key, so equal scopes are the same object). */
export function makeScopes(access: Access, toolsets: Iterable<Toolset>): Scopes {
  const chosen = new Set(toolsets);
  const ordered = TOOLSETS.filter((t) => chosen.has(t));
  const key = [`${SCOPE_PREFIX}${access}`, ...ordered.map((t) => `${SCOPE_PREFIX}${t}`)].join(' ');
  let scopes = interned.get(key);
  if (!scopes) {
    scopes = Object.freeze({ access, toolsets: Object.freeze(ordered), key });
    interned.set(key, scopes);
  }
  return scopes;
}

/** New connections when the owner does not choose: read + write, without bulk messaging and deletion. */
export const DEFAULT_SCOPES = makeScopes(
  'write',
  TOOLSETS.filter((t) => !RISKY_TOOLSETS.has(t)),
);

/** Everything: what connections made before scopes existed keep (see the migration). */
export const FULL_SCOPES = makeScopes('write', TOOLSETS);

export function isToolset(value: string): value is Toolset {
  return (TOOLSETS as readonly string[]).includes(value);
}

/**
 * Reads a stored (canonical) scope string. Unknown tokens are ignored (a toolset removed in a later
 * version), so a stored value never fails to load; a value with no access token is read-only.
 */
export function parseStoredScopes(value: string): Scopes {
  const tokens = value.split(/\s+/).filter(Boolean);
  const names = tokens.map((t) => (t.startsWith(SCOPE_PREFIX) ? t.slice(SCOPE_PREFIX.length) : t));
  return makeScopes(names.includes('write') ? 'write' : 'read', names.filter(isToolset));
}

/** Whether sends to a whole segment or tag are allowed (also checked by running jobs, batch by batch). */
export function allowsBulkSends(scopes: Scopes): boolean {
  return scopes.access === 'write' && scopes.toolsets.includes('bulk_messaging');
}

/** True when `inner` allows nothing that `outer` does not. */
export function isWithin(inner: Scopes, outer: Scopes): boolean {
  if (inner.access === 'write' && outer.access !== 'write') return false;
  return inner.toolsets.every((t) => outer.toolsets.includes(t));
}

/** The API's description of scopes. */
export function describeScopes(scopes: Scopes) {
  return { access: scopes.access, toolsets: [...scopes.toolsets], oauth_scope: scopes.key };
}
