import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { IntercomApiError } from '../intercom/errors.js';
import { REGIONS } from '../intercom/regions.js';
import { capsInput, DEFAULT_CAPS, resolveCaps } from '../tenancy/caps.js';
import type { ConnectionView } from '../tenancy/connections.js';
import { DEFAULT_SCOPES } from '../tenancy/scopes.js';
import { requireTenant } from './authenticate.js';
import type { AppEnv, RouteDeps } from './context.js';
import { apiError } from './errors.js';
import { type JsonBody, readJson } from './read-json.js';
import { resolveScopes, scopesInput } from './scopes-input.js';

const intercomToken = z
  .string({ error: 'intercom_token is required: paste an Intercom access token' })
  .trim()
  .min(20, 'intercom_token looks too short to be an Intercom access token')
  .max(512, 'intercom_token is too long')
  .regex(/^[A-Za-z0-9+/=_.:-]+$/, 'intercom_token contains characters an Intercom token never has');

const createBody = z
  .object({
    intercom_token: intercomToken,
    region: z
      .enum(REGIONS, { error: 'region must be one of "us", "eu", "au" (or omitted to detect it)' })
      .optional(),
    scopes: scopesInput.optional(),
    caps: capsInput.optional(),
  })
  .strict();

/**
 * PATCH /self: new scopes and/or caps; widening scopes or loosening caps also needs an Intercom token
 * of the same workspace.
 */
const patchBody = z
  .object({
    scopes: scopesInput.optional(),
    caps: capsInput.optional(),
    intercom_token: intercomToken.optional(),
  })
  .strict()
  .refine((b) => b.scopes !== undefined || b.caps !== undefined, {
    message: 'send scopes, caps or both: nothing to change',
  });

function bodyProblem(c: Context<AppEnv>, body: Exclude<JsonBody, { ok: true }>) {
  return body.reason === 'content_type'
    ? apiError(c, 415, 'unsupported_media_type', 'Send the body as JSON with Content-Type: application/json.')
    : apiError(c, 400, 'invalid_json', 'The body is not valid JSON.');
}

function invalid(c: Context<AppEnv>, error: z.ZodError) {
  return apiError(c, 400, 'invalid_request', error.issues.map((i) => i.message).join('; '));
}

/** The management API: connect a workspace, then describe, rotate or revoke with our token. */
export function connectionsApi(deps: RouteDeps) {
  const { connections, config, logger } = deps;
  const urlsFor = (token: string) => ({
    token,
    mcp_url: `${config.publicUrl}/mcp/${token}`,
    sse_url: `${config.publicUrl}/sse/${token}`,
  });
  const withSecrets = (view: ConnectionView, token: string) => ({ ...view, ...urlsFor(token) });

  const api = new Hono<AppEnv>();

  /** Intercom refused or could not check a token we were given: nothing was stored or changed. */
  const intercomRefusal = (c: Context<AppEnv>, error: IntercomApiError, what: string) => {
    logger.info(
      {
        kind: error.kind,
        status: error.extra.status,
        code: error.extra.code,
        host: error.extra.host,
        cause: error.extra.status === undefined ? error.extra.detail : undefined,
      },
      `${what} refused`,
    );
    if (error.kind === 'auth') {
      // Probing Intercom tokens through our API counts like guessing ours.
      c.set('rejectedCredential', true);
      return apiError(
        c,
        401,
        'intercom_token_rejected',
        'Intercom rejected this access token. ' +
          'Check that you copied the whole token (Developer Hub → your app → Authentication) and chose the right region.',
      );
    }
    if (error.kind === 'permission') {
      return apiError(
        c,
        403,
        'intercom_permission',
        `Intercom refused access for this token: ${error.message}`,
      );
    }
    return apiError(
      c,
      502,
      'intercom_unreachable',
      'Intercom could not be reached to validate the token. Nothing was stored; try again in a moment.',
    );
  };

  api.post('/', async (c) => {
    const body = await readJson(c);
    if (!body.ok) return bodyProblem(c, body);
    const input = createBody.safeParse(body.value);
    if (!input.success) return invalid(c, input.error);
    const scopes = resolveScopes(input.data.scopes, DEFAULT_SCOPES);
    try {
      const caps = resolveCaps(input.data.caps, DEFAULT_CAPS);
      const created = await connections.create(input.data.intercom_token, input.data.region, scopes, caps);
      c.header('Cache-Control', 'no-store');
      return c.json(withSecrets(created.view, created.token), 201);
    } catch (error) {
      if (error instanceof IntercomApiError) return intercomRefusal(c, error, 'connect');
      throw error;
    }
  });

  const self = new Hono<AppEnv>();
  self.use(requireTenant(deps, 'api'));
  self.get('/', async (c) => {
    const view = await connections.describe(c.get('tenant').connectionId);
    return view ? c.json(view) : apiError(c, 404, 'not_found', 'This connection no longer exists.');
  });
  self.patch('/', async (c) => {
    const body = await readJson(c);
    if (!body.ok) return bodyProblem(c, body);
    const input = patchBody.safeParse(body.value);
    if (!input.success) return invalid(c, input.error);
    const { scopes, caps, intercom_token: ownerToken } = input.data;
    try {
      const change = await connections.changeSettings(
        c.get('tenant').connectionId,
        {
          ...(scopes && { scopes: (current) => resolveScopes(scopes, current) }),
          ...(caps && { caps: (current) => resolveCaps(caps, current) }),
        },
        ownerToken ? { intercomToken: ownerToken } : undefined,
      );
      if (change.ok) return c.json(change.view);
      if (change.reason === 'not_found') {
        return apiError(c, 404, 'not_found', 'This connection no longer exists.');
      }
      const wider = `${change.wider.join(' and ')} would allow more than this connection has now`;
      return change.reason === 'owner_required'
        ? apiError(
            c,
            403,
            'owner_required',
            `${wider}. Widening needs the workspace owner: send intercom_token (an Intercom access token of this workspace) too, or connect again.`,
          )
        : apiError(
            c,
            403,
            'other_workspace',
            `${wider}, and the intercom_token given belongs to another Intercom workspace. Nothing was changed.`,
          );
    } catch (error) {
      if (error instanceof IntercomApiError) return intercomRefusal(c, error, 'scope change');
      throw error;
    }
  });
  self.post('/rotate', async (c) => {
    const rotated = await connections.rotate(c.get('tenant').connectionId);
    if (!rotated) return apiError(c, 404, 'not_found', 'This connection no longer exists.');
    c.header('Cache-Control', 'no-store');
    return c.json(withSecrets(rotated.view, rotated.token));
  });
  self.delete('/', async (c) => {
    const revoked = await connections.revoke(c.get('tenant').connectionId);
    const id = c.get('tenant').connectionId;
    return revoked
      ? c.json({ connection_id: id, revoked: true })
      : apiError(c, 404, 'not_found', 'This connection no longer exists.');
  });
  api.route('/self', self);
  return api;
}
