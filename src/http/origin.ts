import type { MiddlewareHandler } from 'hono';
import { errorFor } from './errors.js';

/**
 * Browsers send Origin on cross-site requests; a present Origin that is not ours is refused (DNS
 * rebinding, drive-by pages). Requests without Origin (MCP clients, curl) pass.
 */
export function checkOrigin(publicUrl: string, extraOrigins: readonly string[]): MiddlewareHandler {
  const allowed = new Set([new URL(publicUrl).origin, ...extraOrigins.map((o) => o.replace(/\/+$/, ''))]);
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && !allowed.has(origin)) {
      return errorFor(c, 403, 'forbidden_origin', 'Requests from this Origin are not allowed.');
    }
    await next();
  };
}
