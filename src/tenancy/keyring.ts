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
  if (source.spec) return parseKeyring(source.spec);
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
