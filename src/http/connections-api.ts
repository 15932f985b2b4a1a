import { Hono } from 'hono';
import { z } from 'zod';
import { IntercomApiError } from '../intercom/errors.js';
import { REGIONS } from '../intercom/regions.js';
import type { ConnectionView } from '../tenancy/connections.js';
import { requireTenant } from './authenticate.js';
import type { AppEnv, RouteDeps } from './context.js';
import { apiError } from './errors.js';
import { readJson } from './read-json.js';

const createBody = z
  .object({
    intercom_token: z
      .string({ error: 'intercom_token is required: paste an Intercom access token' })
      .trim()
      .min(20, 'intercom_token looks too short to be an Intercom access token')
      .max(512, 'intercom_token is too long')
      .regex(/^[A-Za-z0-9+/=_.:-]+$/, 'intercom_token contains characters an Intercom token never has'),
    region: z
      .enum(REGIONS, { error: 'region must be one of "us", "eu", "au" (or omitted to detect it)' })
      .optional(),
  })
  .strict();

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

  api.post('/', async (c) => {
    const body = await readJson(c);
    if (!body.ok) {
      return body.reason === 'content_type'
        ? apiError(
            c,
            415,
            'unsupported_media_type',
            'Send the body as JSON with Content-Type: application/json.',
          )
        : apiError(c, 400, 'invalid_json', 'The body is not valid JSON.');
    }
    const input = createBody.safeParse(body.value);
    if (!input.success) {
      return apiError(c, 400, 'invalid_request', input.error.issues.map((i) => i.message).join('; '));
    }
    try {
      const created = await connections.create(input.data.intercom_token, input.data.region);
      c.header('Cache-Control', 'no-store');
      return c.json(withSecrets(created.view, created.token), 201);
    } catch (error) {
      if (error instanceof IntercomApiError) {
        logger.info(
          { kind: error.kind, status: error.extra.status, code: error.extra.code },
          'connect refused',
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
      }
      throw error;
    }
  });

  const self = new Hono<AppEnv>();
  self.use(requireTenant(deps, 'api'));
  self.get('/', async (c) => {
    const view = await connections.describe(c.get('tenant').connectionId);
    return view ? c.json(view) : apiError(c, 404, 'not_found', 'This connection no longer exists.');
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
