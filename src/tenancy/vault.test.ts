import { describe, expect, it } from 'vitest';
import { generateKeyringSpec, KeyringError, parseKeyring } from './keyring.js';
import { Vault, VaultError } from './vault.js';

const SECRET = 'dG9rOmFiY2RlZi0xMjM0OjE6MA==';

describe('Vault', () => {
  const keyring = parseKeyring(generateKeyringSpec('k1'));

  it('round-trips a secret and never stores it in the clear', () => {
    const vault = new Vault(keyring);
    const sealed = vault.seal('conn-1', SECRET);
    expect(sealed.keyId).toBe('k1');
    expect(JSON.stringify(sealed)).not.toContain(SECRET);
    expect(JSON.stringify(sealed)).not.toContain(Buffer.from(SECRET).toString('base64'));
    expect(vault.open('conn-1', sealed)).toBe(SECRET);
  });

  it('uses a fresh data key and IV for every seal', () => {
    const vault = new Vault(keyring);
    const a = vault.seal('conn-1', SECRET);
    const b = vault.seal('conn-1', SECRET);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a.wrappedDataKey).not.toBe(b.wrappedDataKey);
  });

  it('binds the owning row: a ciphertext moved to another row does not open', () => {
    const vault = new Vault(keyring);
    const sealed = vault.seal('conn-1', SECRET);
    expect(() => vault.open('conn-2', sealed)).toThrow(VaultError);
  });

  it('detects tampering', () => {
    const vault = new Vault(keyring);
    const sealed = vault.seal('conn-1', SECRET);
    const raw = Buffer.from(sealed.ciphertext, 'base64url');
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    expect(() => vault.open('conn-1', { ...sealed, ciphertext: raw.toString('base64url') })).toThrow(
      VaultError,
    );
  });

  it('re-wraps under a new active key so the old key can be dropped', () => {
    const oldSpec = generateKeyringSpec('old');
    const newSpec = generateKeyringSpec('new');
    const sealed = new Vault(parseKeyring(oldSpec)).seal('conn-1', SECRET);
    const both = new Vault(parseKeyring(`${newSpec},${oldSpec}`));
    expect(both.open('conn-1', sealed)).toBe(SECRET);
    const rewrapped = both.rewrap('conn-1', sealed);
    expect(rewrapped.keyId).toBe('new');
    expect(rewrapped.ciphertext).toBe(sealed.ciphertext);
    expect(new Vault(parseKeyring(newSpec)).open('conn-1', rewrapped)).toBe(SECRET);
    expect(() => new Vault(parseKeyring(newSpec)).open('conn-1', sealed)).toThrow(/no key with id "old"/);
  });
});

describe('parseKeyring', () => {
  it('takes the first key as active and keeps the rest for decryption', () => {
    const ring = parseKeyring(`${generateKeyringSpec('b')}, ${generateKeyringSpec('a')}`);
    expect(ring.activeKeyId).toBe('b');
    expect([...ring.keys.keys()]).toEqual(['b', 'a']);
  });

  it.each([
    ['', /must look like/],
    ['nokey', /must look like/],
    ['k1:c2hvcnQ=', /must decode to 32 bytes/],
    [`${generateKeyringSpec('k1')},${generateKeyringSpec('k1')}`, /appears twice/],
  ])('rejects %j without echoing key material', (spec, message) => {
    expect(() => parseKeyring(spec)).toThrow(KeyringError);
    try {
      parseKeyring(spec);
    } catch (error) {
      expect((error as Error).message).toMatch(message);
      const material = spec
        .split(',')
        .map((e) => e.split(':')[1])
        .filter((m): m is string => Boolean(m));
      for (const m of material) expect((error as Error).message).not.toContain(m);
    }
  });
});
