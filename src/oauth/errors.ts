import { CustomOAuthError, type OAuthError } from '@modelcontextprotocol/sdk/server/auth/errors.js';

/**
 * OAuth errors are the MCP SDK's classes (`InvalidGrantError`, …): each carries its RFC error code and
 * renders `{error, error_description}`. This file only adds the HTTP status each code is answered with.
 */
export {
  AccessDeniedError,
  InvalidClientError,
  InvalidClientMetadataError,
  InvalidGrantError,
  InvalidRequestError,
  InvalidScopeError,
  InvalidTargetError,
  OAuthError,
  ServerError,
  TemporarilyUnavailableError,
  UnauthorizedClientError,
  UnsupportedGrantTypeError,
  UnsupportedResponseTypeError,
} from '@modelcontextprotocol/sdk/server/auth/errors.js';

/** RFC 7591 §3.2.2: a redirect URI the registration (or metadata document) may not use. */
export function invalidRedirectUri(message: string): OAuthError {
  return new CustomOAuthError('invalid_redirect_uri', message);
}

/** RFC 6749 §5.2: invalid_client is 401 (with WWW-Authenticate when Basic was tried), the rest 400. */
export function statusFor(error: OAuthError): 400 | 401 | 503 {
  if (error.errorCode === 'invalid_client') return 401;
  if (error.errorCode === 'temporarily_unavailable') return 503;
  return 400;
}
