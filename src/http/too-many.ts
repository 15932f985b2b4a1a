import type { Context } from 'hono';
import { errorFor } from './errors.js';

/** The limit a 429 enforces, told to the client as IETF RateLimit fields (draft 6, as on every 429 here). */
export interface Throttle {
  limit: number;
  windowSeconds: number;
  retryAfterSeconds: number;
}

/**
 * A 429 a client can act on: `Retry-After`, `RateLimit-Policy/Limit/Remaining/Reset`, and the wait in
 * the message, in the body shape of the route (JSON-RPC under /mcp and /sse).
 */
export function tooManyRequests(c: Context, throttle: Throttle, what: string, hint = ''): Response {
  const seconds = String(Math.max(1, Math.ceil(throttle.retryAfterSeconds)));
  c.header('Retry-After', seconds);
  c.header('RateLimit-Policy', `${throttle.limit};w=${throttle.windowSeconds}`);
  c.header('RateLimit-Limit', String(throttle.limit));
  c.header('RateLimit-Remaining', '0');
  c.header('RateLimit-Reset', seconds);
  const message = `Too many ${what}; retry after ${seconds} s.${hint ? ` ${hint}` : ''}`;
  return errorFor(c, 429, 'rate_limited', message);
}
