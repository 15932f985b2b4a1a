import { createHash, randomBytes } from 'node:crypto';

/**
 * Everything we hand out in the OAuth flow is a random 256-bit secret with a prefix that names its
 * kind, so a presented token is recognised by its shape alone (`/mcp` tells an OAuth access token from
 * a static `icm_…` connection token without touching the database) and a leaked one is easy to spot.
 * Only SHA-256 hashes are stored: the secrets are high-entropy, so a slow hash would add nothing.
 */
const PREFIXES = {
  access: 'icmat_',
  refresh: 'icmrt_',
  code: 'icmac_',
  clientSecret: 'icmcs_',
} as const;

export type SecretKind = keyof typeof PREFIXES;

const BODY = /^[A-Za-z0-9_-]{43}$/;

export function issueSecret(kind: SecretKind): string {
  return `${PREFIXES[kind]}${randomBytes(32).toString('base64url')}`;
}

export function hasShape(kind: SecretKind, value: string): boolean {
  const prefix = PREFIXES[kind];
  return value.startsWith(prefix) && BODY.test(value.slice(prefix.length));
}

/** The stored form of a secret: lowercase hex SHA-256. */
export function secretHash(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
