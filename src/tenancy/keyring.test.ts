import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateKeyringSpec, KeyringError, loadKeyring } from './keyring.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'keyring-test-'));

describe('loadKeyring', () => {
  it('refuses to start in production without a keyring', () => {
    expect(() =>
      loadKeyring({ spec: undefined, production: true, dataDir: tempDir(), warn: () => {} }),
    ).toThrow(KeyringError);
  });

  it('refuses a malformed keyring in production', () => {
    expect(() =>
      loadKeyring({ spec: 'k1:short', production: true, dataDir: tempDir(), warn: () => {} }),
    ).toThrow(/must decode to 32 bytes/);
  });

  it('generates a development keyring once, loudly, with owner-only permissions, and reuses it', () => {
    const dataDir = tempDir();
    const warnings: string[] = [];
    const first = loadKeyring({ spec: undefined, production: false, dataDir, warn: (m) => warnings.push(m) });
    const second = loadKeyring({
      spec: undefined,
      production: false,
      dataDir,
      warn: (m) => warnings.push(m),
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/ENCRYPTION_KEYS is not set/);
    expect(second.activeKeyId).toBe(first.activeKeyId);
    expect(second.keys.get(second.activeKeyId)?.equals(first.keys.get(first.activeKeyId) as Buffer)).toBe(
      true,
    );
    const file = join(dataDir, 'keyring');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(warnings[0]).not.toContain(readFileSync(file, 'utf8').trim().split(':')[1]);
  });

  it('prefers the configured keyring', () => {
    const ring = loadKeyring({
      spec: generateKeyringSpec('conf'),
      production: true,
      dataDir: tempDir(),
      warn: () => {},
    });
    expect(ring.activeKeyId).toBe('conf');
  });
});
