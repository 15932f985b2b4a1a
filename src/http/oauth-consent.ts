import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { IntercomApiError } from '../intercom/errors.js';
import type { Region } from '../intercom/regions.js';
import {
  type AuthorizationRequest,
  boundFields,
  redirectWith,
  validateAuthorizationRequest,
} from '../oauth/authorization-request.js';
import type { OAuthClient } from '../oauth/clients.js';
import { InvalidRequestError, type OAuthError } from '../oauth/errors.js';
import { intercomAuthorizeUrl } from '../oauth/intercom-signin.js';
import { parseRequestedScope, type ScopeChoice } from '../oauth/scopes.js';
import type { Scopes } from '../tenancy/scopes.js';
import type { RouteDeps } from './context.js';
import { readForm } from './oauth-responses.js';
import { consentHtml } from './pages/consent-html.js';
import { oauthErrorHtml } from './pages/oauth-page-html.js';

/** The consent pages' headers: no framing, no script, and forms may only go to us and the client. */
export function consentPageHeaders(c: Context, formTargets: readonly string[]) {
  const targets = ["'self'", ...new Set(formTargets.map((t) => new URL(t).origin))].join(' ');
  c.header(
    'Content-Security-Policy',
    "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; " +
      `form-action ${targets}; frame-ancestors 'none'`,
  );
  c.header('X-Frame-Options', 'DENY');
  c.header('Cache-Control', 'no-store');
}

/** The CSRF nonce cookie (HttpOnly, SameSite=Strict, `__Host-` and Secure when we are served over https). */
export function csrfCookie(deps: RouteDeps) {
  const secure = deps.config.publicUrl.startsWith('https:');
  const name = secure ? '__Host-icm_oauth_csrf' : 'icm_oauth_csrf';
  return {
    read: (c: Context) => getCookie(c, name),
    write: (c: Context, nonce: string) =>
      setCookie(c, name, nonce, { httpOnly: true, sameSite: 'Strict', secure, path: '/', maxAge: 600 }),
  };
}

/**
 * A POST from the consent page (its own form, or its "Sign in with Intercom" button): the authorization
 * request it carries, validated again, and its CSRF token checked. Nothing is sent to the client's
 * redirect URI before both pass: a forged POST must not reach the client.
 */
export async function readConsentPost(
  c: Context,
  deps: RouteDeps,
): Promise<
  | { ok: true; form: URLSearchParams; client: OAuthClient; request: AuthorizationRequest }
  | { ok: false; response: Response | Promise<Response> }
> {
  const form = await readForm(c);
  if (!form) {
    return { ok: false, response: errorPage(c, new InvalidRequestError('The form was not sent as a form.')) };
  }
  const { oauth } = deps;
  const result = await validateAuthorizationRequest(
    (n) => form.getAll(n),
    oauth.clients,
    oauth.urls.resource,
  );
  if (!result.ok) return { ok: false, response: errorPage(c, result.error) };
  const { client, request } = result;
  const csrf = form.getAll('csrf_token');
  const fresh = oauth.consentGuard.verify(
    csrfCookie(deps).read(c),
    csrf.length === 1 ? csrf[0] : undefined,
    boundFields(request),
  );
  if (!fresh) {
    deps.logger.warn({ clientId: client.clientId }, 'oauth consent refused: missing or invalid CSRF token');
    const expired = new InvalidRequestError(
      'This form expired or did not come from this site. Start the sign-in again from your app.',
    );
    return { ok: false, response: errorPage(c, expired, 403) };
  }
  return { ok: true, form, client, request };
}

export function errorPage(c: Context, error: OAuthError, status: 400 | 403 = 400) {
  consentPageHeaders(c, []);
  return c.html(oauthErrorHtml(error.errorCode, error.message), status);
}

/** RFC 6749 §4.1.2.1: an error sent back to the client's (validated) redirect URI, with state and iss. */
export function redirectError(
  c: Context,
  deps: RouteDeps,
  redirectUri: string,
  state: string | null,
  error: OAuthError,
) {
  c.header('Cache-Control', 'no-store');
  return c.redirect(
    redirectWith(redirectUri, {
      error: error.errorCode,
      error_description: error.message,
      state,
      iss: deps.oauth.urls.issuer,
    }),
    303,
  );
}

/** Shows the consent form with a CSRF token bound to this browser and this exact request. */
export function showConsent(
  c: Context,
  deps: RouteDeps,
  client: OAuthClient,
  request: AuthorizationRequest,
  extra: { error?: string; region?: string; status?: 200 | 400 | 502; chosen?: ScopeChoice } = {},
) {
  const cookie = csrfCookie(deps);
  const nonce = deps.oauth.consentGuard.nonce(cookie.read(c));
  cookie.write(c, nonce);
  const signIn = deps.oauth.intercomSignIn;
  // Chrome applies form-action to the redirects that follow a form POST, so both destinations are listed.
  const intercom = signIn ? [intercomAuthorizeUrl(signIn, 'state', deps.config.publicUrl)] : [];
  consentPageHeaders(c, [request.redirectUri, ...intercom]);
  return c.html(
    consentHtml({
      client,
      request,
      csrfToken: deps.oauth.consentGuard.sign(nonce, boundFields(request)),
      error: extra.error,
      region: extra.region,
      intercomSignIn: signIn !== undefined,
      requested: parseRequestedScope(request.scope),
      chosen: extra.chosen,
    }),
    extra.status ?? 200,
  );
}

export type Approval =
  | { ok: true; location: string }
  | { ok: false; status: 400 | 502; message: string; tokenRejected?: boolean };

/**
 * The user approved with an Intercom token: connect the workspace exactly as the connect page does
 * (validated with GET /me, key encrypted in the vault) with the scopes the owner granted, then issue
 * a code for it and send the browser back to the client.
 */
export async function approve(
  deps: RouteDeps,
  client: OAuthClient,
  request: AuthorizationRequest,
  intercomToken: string,
  region: Region | undefined,
  granted: Scopes,
): Promise<Approval> {
  let connectionId: string;
  try {
    connectionId = (await deps.connections.create(intercomToken, region, granted)).view.connection_id;
  } catch (error) {
    if (!(error instanceof IntercomApiError)) throw error;
    deps.logger.info(
      { kind: error.kind, status: error.extra.status, clientId: client.clientId },
      'oauth consent refused by Intercom',
    );
    if (error.kind === 'auth') {
      return {
        ok: false,
        status: 400,
        message:
          'Intercom rejected this access token. Check that you copied the whole token and chose the right region.',
        tokenRejected: true,
      };
    }
    if (error.kind === 'permission') {
      return { ok: false, status: 400, message: `Intercom refused access for this token: ${error.message}` };
    }
    return {
      ok: false,
      status: 502,
      message: 'Intercom could not be reached to check the token. Nothing was stored; try again in a moment.',
    };
  }
  const code = await deps.oauth.tokens.issueCode({
    client,
    connectionId,
    redirectUri: request.redirectUri,
    codeChallenge: request.codeChallenge,
    scope: granted.key,
    resource: request.resource,
  });
  deps.logger.info({ clientId: client.clientId, connectionId, scopes: granted.key }, 'oauth consent given');
  return {
    ok: true,
    location: redirectWith(request.redirectUri, { code, state: request.state, iss: deps.oauth.urls.issuer }),
  };
}
