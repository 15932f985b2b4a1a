import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { routePath } from 'hono/route';
import { httpDuration, httpRequests, rateLimitRefusals, registry } from './metrics.js';

const STATUS_TEXT: string[] = [];
const statusText = (status: number) => {
  let text = STATUS_TEXT[status];
  if (text === undefined) {
    text = String(status);
    if (status < 1000) STATUS_TEXT[status] = text;
  }
  return text;
};

/** The registered route pattern that answered: '/mcp/:token', never the path (which may carry a token). */
function routeOf(c: Context): string {
  const route = routePath(c);
  return route === '' || route === '*' || route === '/*' ? 'unmatched' : route;
}

/** Counts every request by route pattern, method and status, and times it. */
export function observeRequests(): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const route = routeOf(c);
    const status = c.res.status;
    httpRequests.series(route, c.req.method, statusText(status)).value++;
    httpDuration.series(route, c.req.method).observe((performance.now() - started) / 1000);
    if (status === 429) rateLimitRefusals.series(route).value++;
  };
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * GET /metrics in the Prometheus text format. With a token, only `Authorization: Bearer <token>`
 * may read it (compared in constant time); `onRejected` lets the caller count failed attempts.
 */
export function metricsRoutes(options: { token: string | undefined; onRejected?: (c: Context) => void }) {
  const expected = options.token === undefined ? undefined : digest(options.token);
  const app = new Hono();
  app.get('/metrics', async (c) => {
    if (expected) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
      if (!match?.[1] || !timingSafeEqual(digest(match[1]), expected)) {
        if (match?.[1]) options.onRejected?.(c);
        c.header('WWW-Authenticate', 'Bearer realm="metrics"');
        return c.json(
          { error: { code: 'unauthorized', message: 'Send Authorization: Bearer <METRICS_TOKEN>.' } },
          401,
        );
      }
    }
    c.header('Cache-Control', 'no-store');
    return c.body(await registry.metrics(), 200, { 'Content-Type': registry.contentType });
  });
  return app;
}
