import { Hono } from 'hono';
import { authenticateClient } from '../oauth/client-auth.js';
import { InvalidRequestError, OAuthError } from '../oauth/errors.js';
import type { AppEnv, RouteDeps } from './context.js';
import { firstDuplicate, oauthError, readForm } from './oauth-responses.js';

/**
 * RFC 7009 revocation. Revoking either token of a grant ends the whole grant; an unknown or foreign
 * token is answered 200 as well (the client cannot learn anything from the answer).
 */
export function oauthRevoke(deps: RouteDeps) {
  const { clients, tokens } = deps.oauth;
  const app = new Hono<AppEnv>();
  app.post('/', async (c) => {
    const usedBasic = /^Basic\s/i.test(c.req.header('authorization') ?? '');
    try {
      const form = await readForm(c);
      if (!form) throw new InvalidRequestError('send the request as application/x-www-form-urlencoded');
      const duplicate = firstDuplicate(form, ['token', 'token_type_hint', 'client_id', 'client_secret']);
      if (duplicate) throw new InvalidRequestError(`${duplicate} may be given only once`);
      const token = form.get('token');
      if (!token || token.length > 200) throw new InvalidRequestError('token is required');
      const { client } = await authenticateClient(clients, {
        authorization: c.req.header('authorization'),
        clientId: form.get('client_id') ?? undefined,
        clientSecret: form.get('client_secret') ?? undefined,
      });
      await tokens.revoke(client, token);
      c.header('Cache-Control', 'no-store');
      return c.body(null, 200);
    } catch (error) {
      if (error instanceof OAuthError) return oauthError(c, error, usedBasic);
      throw error;
    }
  });
  return app;
}
