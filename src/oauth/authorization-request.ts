import { z } from 'zod';
import type { ClientDirectory, OAuthClient } from './clients.js';
import {
  InvalidClientError,
  InvalidRequestError,
  InvalidTargetError,
  type OAuthError,
  UnsupportedResponseTypeError,
} from './errors.js';
import { isRegisteredRedirect } from './redirect-uris.js';
import { sameResource } from './resource.js';
import { parseRequestedScope } from './scopes.js';

/** A validated authorization request: what the consent form carries and the code is bound to. */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  state: string | null;
  scope: string;
  resource: string;
}

export const REQUEST_FIELDS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'code_challenge',
  'code_challenge_method',
  'state',
  'scope',
  'resource',
] as const;

export type Validated =
  | { ok: true; client: OAuthClient; request: AuthorizationRequest }
  /** Client or redirect URI not established: RFC 6749 §4.1.2.1 forbids redirecting; show a page. */
  | { ok: false; redirect: false; error: OAuthError }
  /** Everything else is reported to the client at its (validated) redirect URI. */
  | { ok: false; redirect: true; error: OAuthError; redirectUri: string; state: string | null };

const text = (max: number) => z.string().max(max);
const clientPart = z.object({ client_id: text(2000).min(1), redirect_uri: text(2000).optional() });

/** The values of each parameter (a parameter given twice is an error, RFC 6749 §3.1). */
export type Params = (name: string) => string[];

/**
 * Validates an authorization request in the order RFC 6749 §4.1.2.1 needs: first the client and the
 * redirect URI (failures shown to the user), then the rest (failures sent back to the client).
 */
export async function validateAuthorizationRequest(
  params: Params,
  clients: ClientDirectory,
  ourResource: string,
): Promise<Validated> {
  const one = (name: string) => {
    const values = params(name);
    return values.length === 1 ? values[0] : undefined;
  };
  const twice = (name: string) => params(name).length > 1;

  if (twice('client_id') || twice('redirect_uri')) {
    return page(new InvalidRequestError('client_id and redirect_uri may be given only once'));
  }
  const head = clientPart.safeParse({ client_id: one('client_id'), redirect_uri: one('redirect_uri') });
  if (!head.success) return page(new InvalidRequestError('client_id is missing or too long'));
  let client: OAuthClient;
  try {
    client = await clients.resolve(head.data.client_id);
  } catch (error) {
    if (error instanceof InvalidClientError) return page(error);
    throw error;
  }
  const redirectUri =
    head.data.redirect_uri ?? (client.redirectUris.length === 1 ? client.redirectUris[0] : undefined);
  if (!redirectUri) return page(new InvalidRequestError('redirect_uri is required for this client'));
  if (!isRegisteredRedirect(client.redirectUris, redirectUri)) {
    return page(new InvalidRequestError('redirect_uri is not one of the URIs this client registered'));
  }

  const stateValues = params('state');
  const state = stateValues.length === 1 ? (stateValues[0] as string) : null;
  const back = (error: OAuthError): Validated => ({ ok: false, redirect: true, error, redirectUri, state });
  for (const name of REQUEST_FIELDS) {
    if (twice(name)) return back(new InvalidRequestError(`${name} may be given only once`));
  }
  if (state !== null && state.length > 1000) return back(new InvalidRequestError('state is too long'));
  if (one('response_type') !== 'code') {
    return back(new UnsupportedResponseTypeError('only response_type=code is supported'));
  }
  const challenge = one('code_challenge');
  if (!challenge) return back(new InvalidRequestError('code_challenge is required (PKCE)'));
  if (one('code_challenge_method') !== 'S256') {
    return back(new InvalidRequestError('code_challenge_method must be S256'));
  }
  if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
    return back(new InvalidRequestError('code_challenge must be a base64url SHA-256 (43 characters)'));
  }
  // Kept in canonical form (only the scopes we know): the consent page offers choices within it, and
  // the grant carries what the owner chose (the token response says so).
  const scope = parseRequestedScope(one('scope')).canonical;
  const resource = one('resource');
  if (resource !== undefined && !sameResource(resource, ourResource)) {
    return back(new InvalidTargetError(`resource must be ${ourResource}`));
  }
  return {
    ok: true,
    client,
    request: {
      clientId: client.clientId,
      redirectUri,
      codeChallenge: challenge,
      state,
      scope,
      resource: ourResource,
    },
  };
}

function page(error: OAuthError): Validated {
  return { ok: false, redirect: false, error };
}

/** The fields the consent form repeats, in a fixed order (what its CSRF token is bound to). */
export function boundFields(request: AuthorizationRequest): (string | null)[] {
  return [
    request.clientId,
    request.redirectUri,
    request.codeChallenge,
    request.state,
    request.scope,
    request.resource,
  ];
}

/** The client's redirect URI with the given parameters added (its own query is kept). */
export function redirectWith(redirectUri: string, values: Record<string, string | null>): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(values)) if (value !== null) url.searchParams.set(name, value);
  return url.toString();
}
