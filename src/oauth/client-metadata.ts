import { OAuthClientMetadataSchema } from '@modelcontextprotocol/sdk/shared/auth.js';
import { z } from 'zod';
import { containsNul } from '../util/nul.js';
import { InvalidClientMetadataError, type OAuthError } from './errors.js';
import { redirectUriProblem } from './redirect-uris.js';
import { SCOPES_SUPPORTED } from './scopes.js';

export const AUTH_METHODS = ['none', 'client_secret_post', 'client_secret_basic'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];
const GRANT_TYPES = new Set(['authorization_code', 'refresh_token']);

/** What we keep of a client's metadata, whether it was registered or published as a document. */
export interface ClientMetadata {
  clientName: string | null;
  clientUri: string | null;
  redirectUris: string[];
  tokenEndpointAuthMethod: AuthMethod;
  grantTypes: string[];
  scope: string | null;
}

/** What one stored client may hold: every registration is a row anyone can create. */
export const CLIENT_LIMITS = { redirectUris: 10, uriLength: 1000, nameLength: 200 } as const;

// The SDK's RFC 7591 schema (URL safety included), tightened to what we support and to sane sizes.
const metadataSchema = OAuthClientMetadataSchema.extend({
  redirect_uris: z
    .array(
      z
        .string()
        .max(
          CLIENT_LIMITS.uriLength,
          `a redirect URI may have at most ${CLIENT_LIMITS.uriLength} characters`,
        ),
    )
    .min(1, 'redirect_uris must list at least one URI')
    .max(CLIENT_LIMITS.redirectUris, `redirect_uris may list at most ${CLIENT_LIMITS.redirectUris} URIs`),
  client_name: z.string().max(CLIENT_LIMITS.nameLength).optional(),
  client_uri: z.string().max(CLIENT_LIMITS.uriLength).optional(),
  scope: z.string().max(500).optional(),
});

/**
 * Validates RFC 7591 client metadata. `defaultAuthMethod` is RFC 7591's client_secret_basic for
 * registrations and `none` for metadata documents (which can have no shared secret). Throws OAuthError.
 */
export function parseClientMetadata(input: unknown, defaultAuthMethod: AuthMethod): ClientMetadata {
  if (containsNul(input)) {
    throw new InvalidClientMetadataError('client metadata must not contain NUL characters');
  }
  const parsed = metadataSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new InvalidClientMetadataError(
      `${first?.path.join('.') || 'metadata'}: ${first?.message ?? 'invalid client metadata'}`,
    );
  }
  const m = parsed.data;
  for (const uri of m.redirect_uris) {
    const problem: OAuthError | null = redirectUriProblem(uri);
    if (problem) throw problem;
  }
  const method = m.token_endpoint_auth_method ?? defaultAuthMethod;
  if (!(AUTH_METHODS as readonly string[]).includes(method)) {
    throw new InvalidClientMetadataError(
      `token_endpoint_auth_method must be one of ${AUTH_METHODS.join(', ')}`,
    );
  }
  const grantTypes = m.grant_types ?? ['authorization_code'];
  if (!grantTypes.every((g) => GRANT_TYPES.has(g)) || !grantTypes.includes('authorization_code')) {
    throw new InvalidClientMetadataError(
      'grant_types must be authorization_code, optionally with refresh_token',
    );
  }
  if (m.response_types && !m.response_types.every((r) => r === 'code')) {
    throw new InvalidClientMetadataError('response_types may only contain "code"');
  }
  return {
    clientName: m.client_name?.trim() || null,
    clientUri: m.client_uri ?? null,
    redirectUris: m.redirect_uris,
    tokenEndpointAuthMethod: method as AuthMethod,
    grantTypes,
    // Scopes we do not know (Claude.ai registers "claudeai") are ignored (RFC 6749 §3.3); what a grant
    // allows is chosen per authorization (oauth/scopes.ts), so a client may ask for any of ours.
    scope: SCOPES_SUPPORTED.join(' '),
  };
}
