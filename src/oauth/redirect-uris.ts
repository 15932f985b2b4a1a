import { invalidRedirectUri, type OAuthError } from './errors.js';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * OAuth 2.1 redirect URI rules: absolute, no fragment, no credentials, and https, or plain http only
 * to a loopback host (native clients listening on the user's machine). Returns the error or null.
 */
export function redirectUriProblem(value: string): OAuthError | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return invalidRedirectUri(`redirect URI ${JSON.stringify(value.slice(0, 200))} is not an absolute URL`);
  }
  if (url.hash || value.includes('#')) return invalidRedirectUri('redirect URIs must not contain a fragment');
  if (url.username || url.password) return invalidRedirectUri('redirect URIs must not contain credentials');
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return null;
  return invalidRedirectUri(
    'redirect URIs must use https, or http on a loopback address (127.0.0.1, [::1], localhost)',
  );
}

/** Exact string comparison, as OAuth 2.1 requires (no prefix or pattern matching). */
export function isRegisteredRedirect(registered: readonly string[], presented: string): boolean {
  return registered.includes(presented);
}
