import { describe, expect, it } from 'vitest';
import { isIpLiteral, isPublicAddress } from './address-policy.js';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:10.1.2.3',
    '::ffff:169.254.169.254',
    '::127.0.0.1',
    '::7f00:1',
    '[::7f00:1]',
    '::a00:1',
    '::8.8.8.8',
    '0:0:0:0:0:0:a9fe:a9fe',
    '2002:7f00:1::1',
    '64:ff9b::a00:1',
    'not-an-ip',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '[2001:4860:4860::8888]'])(
    'allows %s',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );

  it('recognises IP literals as URL.hostname gives them', () => {
    expect(isIpLiteral(new URL('https://2130706433/').hostname)).toBe(true);
    expect(isIpLiteral(new URL('https://[::1]/').hostname)).toBe(true);
    expect(isIpLiteral('example.com')).toBe(false);
  });
});
