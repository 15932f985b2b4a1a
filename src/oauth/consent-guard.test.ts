import { describe, expect, it } from 'vitest';
import { generateKeyringSpec, parseKeyring } from '../tenancy/keyring.js';
import { ConsentGuard, SignedValue } from './consent-guard.js';

const OLD = generateKeyringSpec('old');
const NEW = generateKeyringSpec('new');
/** The two configurations live together during the second phase of a rolling rotation. */
const stillOld = parseKeyring(`${OLD},${NEW}`);
const alreadyNew = parseKeyring(`${NEW},${OLD}`);
const bound = ['client', 'https://app.example/cb', 'state'];

describe('consent forms and cookies during a rolling key rotation', () => {
  it('verify on an instance whose active key differs from the signer’s, both ways', () => {
    for (const [signer, verifier] of [
      [stillOld, alreadyNew],
      [alreadyNew, stillOld],
    ] as const) {
      const form = new ConsentGuard(signer).sign('n'.repeat(22), bound);
      expect(new ConsentGuard(verifier).verify('n'.repeat(22), form, bound)).toBe(true);
      const cookie = new SignedValue(signer).seal({ user: 1 }, 60_000);
      expect(new SignedValue(verifier).open(cookie)).toEqual({ user: 1 });
    }
  });

  it('still refuses a signature under a key the keyring does not hold, or over other fields', () => {
    const stranger = parseKeyring(generateKeyringSpec('other'));
    const form = new ConsentGuard(stranger).sign('n'.repeat(22), bound);
    expect(new ConsentGuard(alreadyNew).verify('n'.repeat(22), form, bound)).toBe(false);
    const ours = new ConsentGuard(stillOld).sign('n'.repeat(22), bound);
    expect(new ConsentGuard(alreadyNew).verify('n'.repeat(22), ours, [...bound.slice(0, 2), 'other'])).toBe(
      false,
    );
    expect(
      new SignedValue(alreadyNew).open(new SignedValue(stranger).seal({ user: 1 }, 60_000)),
    ).toBeUndefined();
  });
});
