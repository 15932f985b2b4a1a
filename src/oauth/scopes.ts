import {
  type Access,
  DEFAULT_SCOPES,
  FULL_SCOPES,
  isToolset,
  makeScopes,
  SCOPE_PREFIX,
  type Scopes,
  TOOLSETS,
  type Toolset,
} from '../tenancy/scopes.js';

/** What the metadata documents advertise: access levels, then one scope per toolset. */
export const SCOPES_SUPPORTED = [
  `${SCOPE_PREFIX}read`,
  `${SCOPE_PREFIX}write`,
  ...TOOLSETS.map((t) => `${SCOPE_PREFIX}${t}`),
];

/** An authorization request's `scope`, as far as we understand it. */
export interface RequestedScopes {
  /** The most a grant for this request may allow: a client asking for less gets less. */
  ceiling: Scopes;
  /** True when the client named any of our scopes; otherwise only the owner's choice narrows. */
  named: boolean;
  /** The recognized scopes in canonical order ('' when none): carried by the consent form. */
  canonical: string;
}

/**
 * Reads a requested scope. Scopes we do not know (Claude.ai sends "claudeai") are ignored rather
 * than refused (RFC 6749 §3.3). `intercom:write` or no access scope allows writing; `intercom:read`
 * alone is read-only; no toolset scope means every toolset.
 */
export function parseRequestedScope(scope: string | undefined): RequestedScopes {
  const names = new Set(
    (scope ?? '')
      .split(' ')
      .filter((t) => t.startsWith(SCOPE_PREFIX))
      .map((t) => t.slice(SCOPE_PREFIX.length)),
  );
  const toolsets = [...names].filter(isToolset);
  const access: Access = names.has('read') && !names.has('write') ? 'read' : 'write';
  const named = toolsets.length > 0 || names.has('read') || names.has('write');
  if (!named) return { ceiling: FULL_SCOPES, named, canonical: '' };
  const ceiling = makeScopes(access, toolsets.length > 0 ? toolsets : TOOLSETS);
  const accessTokens = [...(names.has('read') ? ['read'] : []), ...(names.has('write') ? ['write'] : [])];
  const canonical = [...accessTokens, ...TOOLSETS.filter((t) => names.has(t))]
    .map((t) => `${SCOPE_PREFIX}${t}`)
    .join(' ');
  return { ceiling, named, canonical };
}

/** The owner's choice on the consent page; absent when the form carried none (then the defaults apply). */
export interface ScopeChoice {
  access: string;
  toolsets: string[];
}

/**
 * What the grant allows: the owner's choice (or the safe defaults) within what the client asked for.
 * A choice beyond the request (a tampered form) is cut back to it.
 */
export function grantedScopes(
  requested: RequestedScopes,
  choice: ScopeChoice | undefined,
): { ok: true; scopes: Scopes } | { ok: false; message: string } {
  const { ceiling } = requested;
  const chosenAccess: Access = choice ? (choice.access === 'read' ? 'read' : 'write') : DEFAULT_SCOPES.access;
  const access: Access = ceiling.access === 'read' ? 'read' : chosenAccess;
  const wanted: readonly string[] = choice ? choice.toolsets : DEFAULT_SCOPES.toolsets;
  const toolsets = ceiling.toolsets.filter((t: Toolset) => wanted.includes(t));
  if (toolsets.length === 0) {
    return { ok: false, message: 'Choose at least one kind of tool the application may use.' };
  }
  return { ok: true, scopes: makeScopes(access, toolsets) };
}

/** The choice fields of a consent form: `access` (radio) and `toolset` (checkboxes). */
export function choiceFromForm(get: (name: string) => string[]): ScopeChoice | undefined {
  const access = get('access');
  if (access.length === 0) return undefined;
  return { access: access[0] as string, toolsets: get('toolset').slice(0, TOOLSETS.length * 2) };
}
