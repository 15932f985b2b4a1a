import { createHash, timingSafeEqual } from 'node:crypto';
import type { ClientDirectory, OAuthClient } from './clients.js';
import { InvalidClientError, InvalidRequestError } from './errors.js';

export interface PresentedCredentials {
  /** The Authorization header, if any. */
  authorization: string | undefined;
  clientId: string | undefined;
  clientSecret: string | undefined;
}

/**
 * Client authentication at the token and revocation endpoints (RFC 6749 §2.3): HTTP Basic
 * (client_secret_basic), the body (client_secret_post), or only a client_id for public clients
 * (none). Throws InvalidClientError (or InvalidRequestError for two methods at once).
 */
export async function authenticateClient(
  clients: ClientDirectory,
  presented: PresentedCredentials,
): Promise<{ client: OAuthClient; usedBasic: boolean }> {
  const basic = parseBasic(presented.authorization);
  if (basic && presented.clientSecret !== undefined) {
    throw new InvalidRequestError('use one client authentication method, not two');
  }
  if (basic && presented.clientId !== undefined && presented.clientId !== basic.id) {
    throw new InvalidRequestError('client_id differs from the one in the Authorization header');
  }
  const clientId = basic?.id ?? presented.clientId;
  if (!clientId) throw new InvalidClientError('client_id is required');
  const client = await clients.resolve(clientId);
  const secret = basic?.secret ?? presented.clientSecret;
  if (client.tokenEndpointAuthMethod === 'none') {
    if (secret !== undefined) throw new InvalidClientError('this client was registered without a secret');
    return { client, usedBasic: false };
  }
  if (secret === undefined || !client.clientSecretHash || !sameSecret(client.clientSecretHash, secret)) {
    throw new InvalidClientError('client authentication failed');
  }
  return { client, usedBasic: basic !== null };
}

function parseBasic(header: string | undefined): { id: string; secret: string } | null {
  const match = header ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (!match) return null;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new InvalidClientError('malformed Basic credentials');
  try {
    // RFC 6749 §2.3.1: both parts are form-urlencoded before being joined.
    const decode = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
    return { id: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)) };
  } catch {
    throw new InvalidClientError('malformed Basic credentials');
  }
}

function sameSecret(storedHash: string, secret: string): boolean {
  const a = Buffer.from(storedHash, 'hex');
  const b = createHash('sha256').update(secret).digest();
  return a.length === b.length && timingSafeEqual(a, b);
}
