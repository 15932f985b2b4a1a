import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Keys that wrap per-connection data keys. The first key is active; the others only decrypt. */
export interface Keyring {
  activeKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
}

export class KeyringError extends Error {
  override name = 'KeyringError';
}

const KEY_BYTES = 32;

/** Parses "kid:base64key,kid2:base64key"; never includes key material in its errors. */
export function parseKeyring(spec: string): Keyring {
  const keys = new Map<string, Buffer>();
  let activeKeyId: string | undefined;
  for (const [index, raw] of spec.split(',').entries()) {
    const entry = raw.trim();
    const sep = entry.indexOf(':');
    const keyId = entry.slice(0, sep);
    if (sep <= 0 || !/^[A-Za-z0-9_-]{1,32}$/.test(keyId)) {
      throw new KeyringError(`keyring entry ${index + 1} must look like "keyId:base64key"`);
    }
    const key = Buffer.from(entry.slice(sep + 1), 'base64');
    if (key.length !== KEY_BYTES) {
      throw new KeyringError(`keyring key "${keyId}" must decode to ${KEY_BYTES} bytes`);
    }
    if (keys.has(keyId)) throw new KeyringError(`keyring key id "${keyId}" appears twice`);
    keys.set(keyId, key);
    activeKeyId ??= keyId;
  }
  if (!activeKeyId) throw new KeyringError('keyring is empty');
  return { activeKeyId, keys };
}

/**
 * Why a key looks made by hand rather than by a random generator, or null. 32 random bytes have about
 * 30 distinct values and are almost never all printable ASCII (odds near 1e-14); an all-zero key, a
 * repeated pattern or base64 of a passphrase fails one of these.
 */
export function weakKeyProblem(key: Buffer): string | null {
  if (new Set(key).size < 16) return 'has too few distinct bytes (all zeros or a repeated pattern?)';
  if (key.every((byte) => byte >= 0x20 && byte < 0x7f)) return 'is printable text, not random bytes';
  return null;
}

/** In production every key must look random: a guessable key protects nothing. */
function refuseWeakKeys(keyring: Keyring): void {
  for (const [keyId, key] of keyring.keys) {
    const problem = weakKeyProblem(key);
    if (problem) {
      throw new KeyringError(`keyring key "${keyId}" ${problem}; generate one with: openssl rand -base64 32`);
    }
  }
}

export function generateKeyringSpec(keyId = `k${Date.now().toString(36)}`): string {
  return `${keyId}:${randomBytes(KEY_BYTES).toString('base64')}`;
}

export interface KeyringSource {
  spec: string | undefined;
  production: boolean;
  dataDir: string;
  warn: (message: string) => void;
}

/**
 * Uses the configured keyring. Outside production a missing one is generated once into
 * DATA_DIR/keyring (and reused after), so `npm start` works on a fresh clone.
 */
export function loadKeyring(source: KeyringSource): Keyring {
  if (source.spec) {
    const keyring = parseKeyring(source.spec);
    if (source.production) refuseWeakKeys(keyring);
    return keyring;
  }
  if (source.production) {
    throw new KeyringError('ENCRYPTION_KEYS is required when NODE_ENV=production');
  }
  const file = join(source.dataDir, 'keyring');
  if (existsSync(file)) return parseKeyring(readFileSync(file, 'utf8').trim());
  mkdirSync(source.dataDir, { recursive: true });
  writeFileSync(file, `${generateKeyringSpec()}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  source.warn(
    `ENCRYPTION_KEYS is not set: generated a development keyring at ${file}. ` +
      'Anyone with this file can decrypt the stored Intercom keys. Set ENCRYPTION_KEYS in production.',
  );
  return parseKeyring(readFileSync(file, 'utf8').trim());
}

/** The keyring for a loaded config, warning through `warn` when a development keyring was generated. */
export function keyringFromConfig(
  config: { encryptionKeys: string | undefined; env: string; dataDir: string },
  warn: (message: string) => void,
): Keyring {
  return loadKeyring({
    spec: config.encryptionKeys,
    production: config.env === 'production',
    dataDir: config.dataDir,
    warn,
  });
}
