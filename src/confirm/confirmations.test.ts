import { describe, expect, it } from 'vitest';
import { confirmationDigest } from './confirmations.js';

describe('confirmation digests', () => {
  it('depend on the action and every fact, not on the order the facts were listed in', () => {
    const facts = { audience: 'tag:1', audience_size: 5, message: 'abc', sender: '7' };
    const digest = confirmationDigest('bulk_send', facts);
    expect(
      confirmationDigest('bulk_send', { sender: '7', message: 'abc', audience_size: 5, audience: 'tag:1' }),
    ).toBe(digest);
    expect(confirmationDigest('delete_contact', facts)).not.toBe(digest);
    expect(confirmationDigest('bulk_send', { ...facts, audience_size: 6 })).not.toBe(digest);
    // A number and its digits are different facts.
    expect(confirmationDigest('bulk_send', { ...facts, audience_size: '5' })).not.toBe(digest);
  });
});
