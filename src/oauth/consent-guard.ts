import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Keyring } from '../tenancy/keyring.js';
import { CONSENT_TTL_MS } from './constants.js';

/**
 * 32-byte keys for one purpose (`info`), derived from each key of the keyring, the active key's first:
 * it signs; any of them verifies. During a rolling key rotation an instance whose active key is the
 * new one and another still signing with the old one both hold both keys, so each accepts the
 * other's forms and cookies.
 */
function derivedKeys(keyring: Keyring, info: string): Buffer[] {
  const active = keyring.keys.get(keyring.activeKeyId);
  if (!active) throw new Error('the keyring has no active key');
  const others = [...keyring.keys].filter(([id]) => id !== keyring.activeKeyId).map(([, key]) => key);
  return [active, ...others].map((key) => Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), info, 32)));
}

function sameMac(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * CSRF protection for the consent form, a signed double submit: the browser holds a random nonce in an
 * HttpOnly SameSite=Strict cookie, and the form carries an HMAC over that nonce, the exact authorization
 * request and an expiry. A forged POST has neither the cookie nor a signature for its request; a copied
 * form is useless without the victim's cookie. The key is derived from the keyring, so every instance
 * behind a load balancer accepts the forms of the others.
 */
export class ConsentGuard {
  private readonly keys: Buffer[];

  constructor(
    keyring: Keyring,
    private readonly now: () => number = Date.now,
  ) {
    this.keys = derivedKeys(keyring, 'intercom-mcp oauth consent v1');
  }

  /** The browser's nonce: the one its cookie holds if well-formed, else a fresh one. */
  nonce(fromCookie: string | undefined): string {
    return fromCookie && /^[A-Za-z0-9_-]{22}$/.test(fromCookie)
      ? fromCookie
      : randomBytes(16).toString('base64url');
  }

  /** A form token binding the nonce to the request fields, valid for CONSENT_TTL_MS. */
  sign(nonce: string, boundTo: readonly (string | null)[]): string {
    const expires = Math.floor((this.now() + CONSENT_TTL_MS) / 1000);
    return `${expires}.${this.mac(this.keys[0] as Buffer, nonce, expires, boundTo)}`;
  }

  verify(nonce: string | undefined, token: string | undefined, boundTo: readonly (string | null)[]): boolean {
    if (!nonce || !token) return false;
    const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return false;
    const expires = Number(match[1]);
    if (expires * 1000 <= this.now()) return false;
    return this.keys.some((key) => sameMac(this.mac(key, nonce, expires, boundTo), match[2] as string));
  }

  private mac(key: Buffer, nonce: string, expires: number, boundTo: readonly (string | null)[]): string {
    return createHmac('sha256', key)
      .update(JSON.stringify([nonce, expires, ...boundTo]))
      .digest('base64url');
  }
}

/** A signed, expiring JSON value for a cookie (not encrypted: it must hold nothing secret). */
export class SignedValue {
  private readonly keys: Buffer[];

  constructor(
    keyring: Keyring,
    private readonly now: () => number = Date.now,
  ) {
    this.keys = derivedKeys(keyring, 'intercom-mcp oauth cookie v1');
  }

  seal(value: unknown, ttlMs: number): string {
    const body = Buffer.from(JSON.stringify({ v: value, e: this.now() + ttlMs })).toString('base64url');
    return `${body}.${createHmac('sha256', this.keys[0] as Buffer)
      .update(body)
      .digest('base64url')}`;
  }

  open(sealed: string | undefined): unknown {
    const match = sealed ? /^([A-Za-z0-9_-]{1,3500})\.([A-Za-z0-9_-]{43})$/.exec(sealed) : null;
    if (!match) return undefined;
    const body = match[1] as string;
    const signed = this.keys.some((key) =>
      sameMac(createHmac('sha256', key).update(body).digest('base64url'), match[2] as string),
    );
    if (!signed) return undefined;
    try {
      const { v, e } = JSON.parse(Buffer.from(match[1] as string, 'base64url').toString('utf8'));
      return typeof e === 'number' && e > this.now() ? v : undefined;
    } catch {
      return undefined;
    }
  }
}
