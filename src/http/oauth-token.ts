import { Hono } from 'hono';
import { z } from 'zod';
import { authenticateClient } from '../oauth/client-auth.js';
import { InvalidRequestError, OAuthError, UnsupportedGrantTypeError } from '../oauth/errors.js';
import type { AppEnv, RouteDeps } from './context.js';
import { firstDuplicate, noStoreJson, oauthError, readForm } from './oauth-responses.js';

const value = (max: number) => z.string().min(1).max(max);
const codeGrant = z.object({
  code: value(200),
  code_verifier: value(200),
  redirect_uri: value(2000).optional(),
  resource: value(2000).optional(),
});
const refreshGrant = z.object({
  refresh_token: value(200),
  scope: value(500).optional(),
  resource: value(2000).optional(),
});
const PARAMS = [
  'grant_type',
  'code',
  'code_verifier',
  'redirect_uri',
  'refresh_token',
  'scope',
  'resource',
  'client_id',
  'client_secret',
] as const;

function parse<T>(schema: z.ZodType<T>, form: URLSearchParams): T {
  const parsed = schema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidRequestError(`${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** The token endpoint: authorization_code (PKCE) and refresh_token (rotating) grants. */
export function oauthToken(deps: RouteDeps) {
  const { clients, tokens } = deps.oauth;
  const app = new Hono<AppEnv>();
  app.post('/', async (c) => {
    let usedBasic = /^Basic\s/i.test(c.req.header('authorization') ?? '');
    try {
      const form = await readForm(c);
      if (!form) throw new InvalidRequestError('send the request as application/x-www-form-urlencoded');
      const duplicate = firstDuplicate(form, PARAMS);
      if (duplicate) throw new InvalidRequestError(`${duplicate} may be given only once`);
      const auth = await authenticateClient(clients, {
        authorization: c.req.header('authorization'),
        clientId: form.get('client_id') ?? undefined,
        clientSecret: form.get('client_secret') ?? undefined,
      });
      usedBasic = auth.usedBasic;
      const grantType = form.get('grant_type');
      if (grantType === 'authorization_code') {
        const input = parse(codeGrant, form);
        return noStoreJson(
          c,
          await tokens.exchangeCode(auth.client, {
            code: input.code,
            codeVerifier: input.code_verifier,
            redirectUri: input.redirect_uri,
            resource: input.resource,
          }),
        );
      }
      if (grantType === 'refresh_token') {
        const input = parse(refreshGrant, form);
        return noStoreJson(
          c,
          await tokens.refresh(auth.client, {
            refreshToken: input.refresh_token,
            scope: input.scope,
            resource: input.resource,
          }),
        );
      }
      throw grantType
        ? new UnsupportedGrantTypeError('grant_type must be authorization_code or refresh_token')
        : new InvalidRequestError('grant_type is required');
    } catch (error) {
      if (error instanceof OAuthError) return oauthError(c, error, usedBasic);
      throw error;
    }
  });
  return app;
}
