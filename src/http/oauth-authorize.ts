import { Hono } from 'hono';
import { z } from 'zod';
import { REGIONS } from '../intercom/regions.js';
import { validateAuthorizationRequest } from '../oauth/authorization-request.js';
import { AccessDeniedError } from '../oauth/errors.js';
import { choiceFromForm, grantedScopes, parseRequestedScope } from '../oauth/scopes.js';
import type { AppEnv, RouteDeps } from './context.js';
import { approve, errorPage, readConsentPost, redirectError, showConsent } from './oauth-consent.js';

const consentInput = z.object({
  action: z.enum(['approve', 'deny']),
  intercom_token: z
    .string()
    .trim()
    .min(20, 'This looks too short to be an Intercom access token.')
    .max(512, 'This is too long to be an Intercom access token.')
    .regex(/^[A-Za-z0-9+/=_.:-]+$/, 'This contains characters an Intercom access token never has.')
    .optional(),
  region: z.union([z.enum(REGIONS), z.literal('')]).optional(),
});

/**
 * GET /authorize validates the request and shows the consent page; POST /authorize is that page's
 * form: CSRF-checked, then the Intercom token is validated and stored, and a code is issued.
 */
export function oauthAuthorize(deps: RouteDeps) {
  const { oauth } = deps;
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    const query = new URL(c.req.url).searchParams;
    const result = await validateAuthorizationRequest(
      (n) => query.getAll(n),
      oauth.clients,
      oauth.urls.resource,
    );
    if (!result.ok) {
      return result.redirect
        ? redirectError(c, deps, result.redirectUri, result.state, result.error)
        : errorPage(c, result.error);
    }
    return showConsent(c, deps, result.client, result.request);
  });

  app.post('/', async (c) => {
    const consent = await readConsentPost(c, deps);
    if (!consent.ok) return consent.response;
    const { form, client, request } = consent;
    const input = consentInput.safeParse({
      action: form.get('action') ?? undefined,
      intercom_token: form.get('intercom_token') || undefined,
      region: form.get('region') ?? undefined,
    });
    const region = input.success ? input.data.region || undefined : undefined;
    const chosen = choiceFromForm((n) => form.getAll(n));
    if (input.success && input.data.action === 'deny') {
      return redirectError(
        c,
        deps,
        request.redirectUri,
        request.state,
        new AccessDeniedError('The user denied access.'),
      );
    }
    if (!input.success || !input.data.intercom_token) {
      const message = input.success
        ? 'Paste an Intercom access token.'
        : (input.error.issues[0]?.message ?? 'Invalid form.');
      return showConsent(c, deps, client, request, { error: message, region, status: 400, chosen });
    }
    const granted = grantedScopes(parseRequestedScope(request.scope), chosen);
    if (!granted.ok) {
      return showConsent(c, deps, client, request, { error: granted.message, region, status: 400, chosen });
    }
    const approval = await approve(deps, client, request, input.data.intercom_token, region, granted.scopes);
    // Probing Intercom tokens through our form counts like guessing ours.
    if (!approval.ok && approval.tokenRejected) c.set('rejectedCredential', true);
    if (!approval.ok)
      return showConsent(c, deps, client, request, {
        error: approval.message,
        region,
        status: approval.status,
        chosen,
      });
    c.header('Cache-Control', 'no-store');
    return c.redirect(approval.location, 303);
  });
  return app;
}
