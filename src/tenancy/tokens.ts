import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { argon2Duration, argon2Verifications } from '../metrics/metrics.js';

/**
 * Our connection tokens look like `icm_<16 hex lookup id>_<43 char secret>`. The lookup id is
 * public (it finds the row); only the argon2id hash of the whole token is stored. A token of any
 * other shape is rejected before touching the database.
 */
const TOKEN_PATTERN = /^icm_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface IssuedToken {
  token: string;
  lookupId: string;
}

export function issueConnectionToken(): IssuedToken {
  const lookupId = randomBytes(8).toString('hex');
  return { token: `icm_${lookupId}_${randomBytes(32).toString('base64url')}`, lookupId };
}

/** Returns the lookup id of a well-formed connection token, or null. */
export function parseConnectionToken(token: string): string | null {
  return TOKEN_PATTERN.exec(token)?.[1] ?? null;
}

// OWASP's argon2id baseline (19 MiB, 2 passes); the verified-token cache keeps it off the hot path.
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashToken(token: string): Promise<string> {
  return hash(token, ARGON2_OPTIONS);
}

const MATCH = argon2Verifications.series('match');
const MISMATCH = argon2Verifications.series('mismatch');
const FAILED = argon2Verifications.series('error');
const DURATION = argon2Duration.series();

export async function verifyToken(storedHash: string, token: string): Promise<boolean> {
  const started = performance.now();
  try {
    const ok = await verify(storedHash, token);
    (ok ? MATCH : MISMATCH).value++;
    return ok;
  } catch {
    FAILED.value++;
    return false;
  } finally {
    DURATION.observe((performance.now() - started) / 1000);
  }
}

/** A fast digest used only to compare a presented token with one already verified in memory. */
export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export function sameDigest(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
