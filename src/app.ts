import { type Context, Hono } from 'hono';
import { cors } from 'hono/cors';
import { limitBody } from './http/body-limit.js';
import { connectPage } from './http/connect-page.js';
import { connectionsApi } from './http/connections-api.js';
import type { AppDeps, AppEnv, RouteDeps } from './http/context.js';
import { apiError, errorFor } from './http/errors.js';
import { health } from './http/health.js';
import { MEMORY_LIMIT_STORES, postgresLimitStores } from './http/limit-stores.js';
import { managePage } from './http/manage.js';
import { legacySseMcp } from './http/mcp-sse.js';
import { streamableMcp } from './http/mcp-streamable.js';
import { oauthAuthorize } from './http/oauth-authorize.js';
import { oauthIntercomSignIn } from './http/oauth-intercom.js';
import { oauthMetadata } from './http/oauth-metadata.js';
import { oauthRegister } from './http/oauth-register.js';
import { oauthRevoke } from './http/oauth-revoke.js';
import { oauthToken } from './http/oauth-token.js';
import { checkOrigin } from './http/origin.js';
import { createRateLimits } from './http/rate-limits.js';
import { requestLog } from './http/request-log.js';
import { redactUrl } from './logger.js';
import { metricsRoutes, observeRequests } from './metrics/http.js';

/** Builds the Hono app: logging, limits and origin checks first, then the routes. */
export function createApp(deps: AppDeps) {
  const { config, logger } = deps;
  const app = new Hono<AppEnv>();

  app.use(observeRequests());
  app.use(requestLog(logger));
  // Opt-in (HSTS_MAX_AGE, only with an https PUBLIC_URL): browsers then refuse plain http to this host.
  const hsts = config.hstsMaxAge === undefined ? undefined : `max-age=${config.hstsMaxAge}`;
  app.use(async (c, next) => {
    // Set before the handler, so responses built with c.json/c.body carry them for free; setting a
    // header after the response exists makes Hono rebuild it around a web stream (costly per call).
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Content-Type-Options', 'nosniff');
    if (hsts) c.header('Strict-Transport-Security', hsts);
    await next();
    if (!c.res.headers.has('Referrer-Policy')) {
      // Built with `new Response(...)` (SSE streams, redirects): only those pay for the rebuild.
      c.header('Referrer-Policy', 'no-referrer');
      c.header('X-Content-Type-Options', 'nosniff');
      if (hsts) c.header('Strict-Transport-Security', hsts);
    }
  });

  const limit = limitBody(config.maxBodyBytes, (c) => {
    // The rest of the body is never read, so the connection cannot be reused.
    c.header('Connection', 'close');
    return errorFor(c, 413, 'payload_too_large', `The body is larger than ${config.maxBodyBytes} bytes.`);
  });
  const origin = checkOrigin(config.publicUrl, config.allowedOrigins, logger);
  // Several instances may share a Postgres: their limits count together there. One embedded database
  // means one process: its counts stay in memory.
  const stores = deps.database.kind === 'postgres' ? postgresLimitStores(deps.database) : MEMORY_LIMIT_STORES;
  const limits = createRateLimits(config, logger, stores);
  // Hono's '/x/*' also matches '/x' itself, so each prefix is listed once (a limiter must not count twice).
  for (const prefix of ['/api/*', '/mcp/*', '/sse/*']) {
    app.use(prefix, origin, limits.perIp, limits.authFailuresPerIp, limit);
  }
  // OAuth: the discovery, registration, token and revocation endpoints are called by clients from
  // anywhere (browser-based ones too), so they have open CORS and no Origin check; none uses cookies.
  const openCors = cors({
    origin: '*',
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'MCP-Protocol-Version'],
    maxAge: 86_400,
  });
  for (const path of ['/.well-known/*', '/register', '/token', '/revoke']) app.use(path, openCors);
  for (const path of ['/register', '/token', '/revoke', '/oauth/intercom/*']) {
    app.use(path, limits.perIp, limits.authFailuresPerIp, limit);
  }
  // The consent page and its form (no Origin check: a form POST under no-referrer sends "Origin: null";
  // the form's CSRF token protects it).
  app.use('/authorize', limits.perIp, limits.authFailuresPerIp, limit);
  // The owner's page: the same (forms with CSRF tokens, no Origin check, failed proofs counted).
  app.use('/manage/*', limits.perIp, limits.authFailuresPerIp, limit);

  const routeDeps: RouteDeps = { ...deps, limits };
  app.route('/', health(deps));
  app.route('/api/connections', connectionsApi(routeDeps));
  app.route('/mcp', streamableMcp(routeDeps));
  app.route('/sse', legacySseMcp(routeDeps));
  app.route('/', oauthMetadata(routeDeps));
  app.route('/register', oauthRegister(routeDeps));
  app.route('/token', oauthToken(routeDeps));
  app.route('/revoke', oauthRevoke(routeDeps));
  app.route('/authorize', oauthAuthorize(routeDeps));
  app.route('/oauth/intercom', oauthIntercomSignIn(routeDeps));
  app.route('/manage', managePage(routeDeps));
  app.route('/', connectPage(config));
  const { metrics } = config;
  if (metrics.token !== undefined && metrics.port === undefined) {
    // On the public port: Bearer METRICS_TOKEN, with the same per-address and failed-guess limits.
    app.use('/metrics', limits.perIp, limits.authFailuresPerIp);
    app.route(
      '/',
      metricsRoutes({
        token: metrics.token,
        onRejected: (c) => (c as Context<AppEnv>).set('rejectedCredential', true),
      }),
    );
  }

  app.notFound((c) => apiError(c, 404, 'not_found', 'No such endpoint.'));
  app.onError((error, c) => {
    // Logged once per outage by databaseHealth (with the cause), not once per request with SQL and stack.
    if (deps.databaseHealth.noteError(error)) {
      c.header('Retry-After', '5');
      return errorFor(
        c,
        503,
        'temporarily_unavailable',
        'The service is briefly unavailable; retry in a few seconds.',
      );
    }
    const ref = crypto.randomUUID().slice(0, 8);
    logger.error({ err: error, ref, method: c.req.method, path: redactUrl(c.req.url) }, 'unhandled');
    return errorFor(c, 500, 'internal_error', `Something went wrong on our side (reference ${ref}).`);
  });
  return app;
}
