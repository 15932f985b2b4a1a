import type { Context } from 'hono';
import { type OAuthError, statusFor } from '../oauth/errors.js';

/** Reads an application/x-www-form-urlencoded body; null for another content type. */
export async function readForm(c: Context): Promise<URLSearchParams | null> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type)) return null;
  return new URLSearchParams(await c.req.text());
}

/** `{error, error_description}` with the status RFC 6749 §5.2 gives the code; never cached. */
export function oauthError(c: Context, error: OAuthError, wwwAuthenticateBasic = false) {
  c.header('Cache-Control', 'no-store');
  c.header('Pragma', 'no-cache');
  if (wwwAuthenticateBasic && error.errorCode === 'invalid_client') c.header('WWW-Authenticate', 'Basic');
  return c.json(error.toResponseObject(), statusFor(error));
}

/** A successful JSON answer holding secrets (tokens, client secrets): never cached. */
export function noStoreJson(c: Context, body: object, status: 200 | 201 = 200) {
  c.header('Cache-Control', 'no-store');
  c.header('Pragma', 'no-cache');
  return c.json(body, status);
}

/** The form parameter if given exactly once; undefined when absent; throws on duplicates via `dup`. */
export function firstDuplicate(form: URLSearchParams, names: readonly string[]): string | undefined {
  return names.find((name) => form.getAll(name).length > 1);
}
