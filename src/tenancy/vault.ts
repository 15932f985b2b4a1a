import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Keyring } from './keyring.js';

/** What we store for one secret: the ciphertext, its data key wrapped by a keyring key, and that key's id. */
export interface SealedSecret {
  ciphertext: string;
  wrappedDataKey: string;
  keyId: string;
}

export class VaultError extends Error {
  override name = 'VaultError';
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

function encrypt(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

function decrypt(key: Buffer, sealed: string, aad: string): Buffer {
  const raw = Buffer.from(sealed, 'base64url');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new VaultError('ciphertext is truncated');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new VaultError('ciphertext failed authentication');
  }
}

const secretAad = (ownerId: string) => `intercom-mcp/secret/v1/${ownerId}`;
const dataKeyAad = (ownerId: string, keyId: string) => `intercom-mcp/data-key/v1/${ownerId}/${keyId}`;
const canaryAad = (keyId: string) => `intercom-mcp/keyring-canary/v1/${keyId}`;

/**
 * Envelope encryption with AES-256-GCM: each secret gets its own random data key, which is
 * wrapped by the keyring's active key. The owning row's id is bound as associated data, so a
 * ciphertext copied onto another row does not decrypt.
 */
export class Vault {
  constructor(private readonly keyring: Keyring) {}

  /** Encrypts a secret for the row `ownerId` under a fresh data key. */
  seal(ownerId: string, secret: string): SealedSecret {
    const dataKey = randomBytes(32);
    try {
      const keyId = this.keyring.activeKeyId;
      return {
        ciphertext: encrypt(dataKey, Buffer.from(secret, 'utf8'), secretAad(ownerId)),
        wrappedDataKey: encrypt(this.keyFor(keyId), dataKey, dataKeyAad(ownerId, keyId)),
        keyId,
      };
    } finally {
      dataKey.fill(0);
    }
  }

  /** Decrypts a secret sealed for `ownerId`; throws VaultError if the key is unknown or data was altered. */
  open(ownerId: string, sealed: SealedSecret): string {
    const dataKey = this.unwrap(ownerId, sealed);
    try {
      return decrypt(dataKey, sealed.ciphertext, secretAad(ownerId)).toString('utf8');
    } finally {
      dataKey.fill(0);
    }
  }

  /** Re-wraps the data key under the active keyring key; the ciphertext itself is unchanged. */
  rewrap(ownerId: string, sealed: SealedSecret): SealedSecret {
    const dataKey = this.unwrap(ownerId, sealed);
    try {
      const keyId = this.keyring.activeKeyId;
      return {
        ciphertext: sealed.ciphertext,
        wrappedDataKey: encrypt(this.keyFor(keyId), dataKey, dataKeyAad(ownerId, keyId)),
        keyId,
      };
    } finally {
      dataKey.fill(0);
    }
  }

  /** Whether the keyring holds the key that wrapped this data key (it unwraps, and is wiped at once). */
  unwraps(ownerId: string, sealed: SealedSecret): boolean {
    try {
      this.unwrap(ownerId, sealed).fill(0);
      return true;
    } catch {
      return false;
    }
  }

  /** A canary for `keyId`: random bytes sealed under that keyring key, proof later that a key is the same one. */
  sealCanary(keyId: string): string {
    return encrypt(this.keyFor(keyId), randomBytes(16), canaryAad(keyId));
  }

  /** Whether the keyring's key `keyId` opens a canary sealed by `sealCanary(keyId)`. */
  opensCanary(keyId: string, canary: string): boolean {
    try {
      decrypt(this.keyFor(keyId), canary, canaryAad(keyId));
      return true;
    } catch {
      return false;
    }
  }

  private unwrap(ownerId: string, sealed: SealedSecret): Buffer {
    return decrypt(this.keyFor(sealed.keyId), sealed.wrappedDataKey, dataKeyAad(ownerId, sealed.keyId));
  }

  private keyFor(keyId: string): Buffer {
    const key = this.keyring.keys.get(keyId);
    if (!key) throw new VaultError(`keyring has no key with id "${keyId}"`);
    return key;
  }
}
