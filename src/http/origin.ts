import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../logger.js';
import { errorFor } from './errors.js';

/** Each refused origin is logged at most once in this window (a page polling must not flood the log). */
const LOG_EVERY_MS = 10 * 60_000;
const MAX_REMEMBERED = 1_000;

/**
 * Browsers send Origin on cross-site requests; a present Origin that is not ours is refused (DNS
 * rebinding, drive-by pages). Requests without Origin (MCP clients, curl) pass. A refusal is logged
 * at warn with the origin, since the usual cause is a deployment whose PUBLIC_URL is not the address
 * people open (the connect page says so too).
 */
export function checkOrigin(
  publicUrl: string,
  extraOrigins: readonly string[],
  logger?: Logger,
): MiddlewareHandler {
  const allowed = new Set([new URL(publicUrl).origin, ...extraOrigins.map((o) => o.replace(/\/+$/, ''))]);
  const refusal =
    `Requests from this Origin are not allowed: a browser may call this server only from ${new URL(publicUrl).origin} ` +
    '(its PUBLIC_URL) or an origin in ALLOWED_ORIGINS.';
  const loggedAt = new Map<string, number>();
  const note = (origin: string) => {
    const now = Date.now();
    const last = loggedAt.get(origin);
    if (last !== undefined && now - last < LOG_EVERY_MS) return;
    if (loggedAt.size >= MAX_REMEMBERED) loggedAt.clear();
    loggedAt.set(origin, now);
    logger?.warn(
      { origin, publicUrl },
      'refused a browser request from an origin other than PUBLIC_URL; if people use this address, ' +
        'set PUBLIC_URL to it or add it to ALLOWED_ORIGINS',
    );
  };
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && !allowed.has(origin)) {
      note(origin.slice(0, 200));
      return errorFor(c, 403, 'forbidden_origin', refusal);
    }
    await next();
  };
}
