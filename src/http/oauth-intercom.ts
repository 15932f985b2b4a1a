import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { REQUEST_FIELDS, validateAuthorizationRequest } from '../oauth/authorization-request.js';
import { PATHS } from '../oauth/constants.js';
import { AccessDeniedError, InvalidRequestError, TemporarilyUnavailableError } from '../oauth/errors.js';
import { exchangeIntercomCode, IntercomSignInError, intercomAuthorizeUrl } from '../oauth/intercom-signin.js';
import { choiceFromForm, grantedScopes, parseRequestedScope } from '../oauth/scopes.js';
import { parseStoredScopes } from '../tenancy/scopes.js';
import type { AppEnv, RouteDeps } from './context.js';
import {
  approve,
  consentPageHeaders,
  errorPage,
  readConsentPost,
  redirectError,
  showConsent,
} from './oauth-consent.js';

const COOKIE = 'icm_oauth_intercom';
const ROUND_TRIP_MS = 10 * 60_000;
const pending = z.object({ state: z.string().length(32), params: z.record(z.string(), z.string()) });
const callback = z.object({
  code: z.string().min(1).max(500).optional(),
  state: z.string().max(100).optional(),
});

/**
 * "Sign in with Intercom" (only when INTERCOM_OAUTH_CLIENT_ID/SECRET are set): the consent page's
 * second form starts Intercom's OAuth; the callback trades Intercom's code for a workspace token and
 * then continues exactly like a pasted token. The authorization request travels in a signed cookie
 * bound to the random state sent to Intercom.
 */
export function oauthIntercomSignIn(deps: RouteDeps) {
  const { oauth } = deps;
  const settings = oauth.intercomSignIn;
  const app = new Hono<AppEnv>();
  if (!settings) return app;
  const secure = deps.config.publicUrl.startsWith('https:');
  const callbackUrl = `${deps.config.publicUrl}${PATHS.intercomCallback}`;

  app.post('/start', async (c) => {
    const consent = await readConsentPost(c, deps);
    if (!consent.ok) return consent.response;
    const { form, client, request } = consent;
    const chosen = choiceFromForm((n) => form.getAll(n));
    const granted = grantedScopes(parseRequestedScope(request.scope), chosen);
    if (!granted.ok)
      return showConsent(c, deps, client, request, { error: granted.message, status: 400, chosen });
    const state = randomBytes(24).toString('base64url');
    const params: Record<string, string> = Object.fromEntries(
      REQUEST_FIELDS.flatMap((n) => (form.has(n) ? [[n, form.get(n) as string]] : [])),
    );
    // What the owner allowed travels with the request (the cookie is sealed: it cannot be widened).
    params.granted_scopes = granted.scopes.key;
    // SameSite=Lax: the cookie must come back on Intercom's top-level redirect to our callback.
    setCookie(c, COOKIE, oauth.cookies.seal({ state, params }, ROUND_TRIP_MS), {
      httpOnly: true,
      sameSite: 'Lax',
      secure,
      path: '/oauth/intercom',
      maxAge: ROUND_TRIP_MS / 1000,
    });
    const target = intercomAuthorizeUrl(settings, state, callbackUrl);
    consentPageHeaders(c, [target]);
    return c.redirect(target, 303);
  });

  app.get('/callback', async (c) => {
    const saved = pending.safeParse(oauth.cookies.open(getCookie(c, COOKIE)));
    deleteCookie(c, COOKIE, { path: '/oauth/intercom', secure });
    const query = callback.safeParse({ code: c.req.query('code'), state: c.req.query('state') });
    const expired = () =>
      errorPage(
        c,
        new InvalidRequestError('This sign-in expired or did not start here. Start again from your app.'),
        403,
      );
    if (!saved.success || !query.success || query.data.state !== saved.data.state) return expired();
    // The cookie alone is no proof of a fresh round trip (it may have been copied with the callback URL).
    if (!(await oauth.usedStates.consume(saved.data.state, new Date(Date.now() + ROUND_TRIP_MS)))) {
      deps.logger.warn('sign in with Intercom: a callback state was used again; refused');
      return expired();
    }
    const params = saved.data.params;
    const result = await validateAuthorizationRequest(
      (n) => (params[n] === undefined ? [] : [params[n] as string]),
      oauth.clients,
      oauth.urls.resource,
    );
    if (!result.ok) return errorPage(c, result.error);
    const { client, request } = result;
    if (!query.data.code) {
      return redirectError(
        c,
        deps,
        request.redirectUri,
        request.state,
        new AccessDeniedError('Sign in with Intercom was cancelled.'),
      );
    }
    let intercomToken: string;
    try {
      intercomToken = await exchangeIntercomCode(settings, query.data.code);
    } catch (error) {
      if (!(error instanceof IntercomSignInError)) throw error;
      deps.logger.warn({ reason: error.message, clientId: client.clientId }, 'sign in with Intercom failed');
      return redirectError(
        c,
        deps,
        request.redirectUri,
        request.state,
        new TemporarilyUnavailableError(error.message),
      );
    }
    const stored = params.granted_scopes;
    const granted = stored
      ? { ok: true as const, scopes: parseStoredScopes(stored) }
      : grantedScopes(parseRequestedScope(request.scope), undefined);
    if (!granted.ok) return errorPage(c, new InvalidRequestError(granted.message));
    const approval = await approve(deps, client, request, intercomToken, undefined, granted.scopes);
    if (!approval.ok) {
      return redirectError(
        c,
        deps,
        request.redirectUri,
        request.state,
        new AccessDeniedError(approval.message),
      );
    }
    c.header('Cache-Control', 'no-store');
    return c.redirect(approval.location, 303);
  });
  return app;
}
