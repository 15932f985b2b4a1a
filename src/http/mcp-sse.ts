import type { ServerResponse } from 'node:http';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { type Context, Hono } from 'hono';
import { requireTenant } from './authenticate.js';
import type { AppEnv, RouteDeps } from './context.js';
import { jsonRpcError } from './errors.js';
import { readJsonRpcBody, tenantSession } from './mcp-request.js';
import { forwardToHolder } from './sse-forward.js';
import { tooManyRequests } from './too-many.js';

/** When a client refused for holding too many SSE streams should try again. */
const SSE_RETRY_SECONDS = 30;

/**
 * Legacy HTTP+SSE transport for older clients: GET opens the event stream, POST …/message
 * delivers client messages. Every POST authenticates again, so a rotated or revoked token stops
 * working at once even on an open stream.
 */
export function legacySseMcp(deps: RouteDeps) {
  const { sseSessions } = deps;
  const sse = new Hono<AppEnv>();
  const auth = requireTenant(deps, 'jsonrpc');

  sse.post('/message', auth, (c) => deliver(c));
  sse.post('/:token/message', auth, (c) => deliver(c));

  for (const path of ['/', '/:token']) {
    sse.get(path, auth, async (c) => {
      const tenant = c.get('tenant');
      const messagePath = c.req.param('token') ? `/sse/${c.req.param('token')}/message` : '/sse/message';
      withSecurityHeaders(c.env.outgoing, deps.config.hstsMaxAge);
      // Refused (nothing written) when the connection holds its cap of streams across instances.
      if (await sseSessions.open(c.env.outgoing, messagePath, tenantSession(deps, tenant))) {
        return RESPONSE_ALREADY_SENT;
      }
      const limit = deps.config.maxSseSessionsPerConnection;
      return tooManyRequests(
        c,
        { limit, windowSeconds: SSE_RETRY_SECONDS, retryAfterSeconds: SSE_RETRY_SECONDS },
        'open SSE streams for this connection',
        `It already has ${limit} open SSE streams: close unused clients, or use the Streamable HTTP ` +
          'endpoint (/mcp), which holds no stream open.',
      );
    });
  }

  async function deliver(c: Context<AppEnv>) {
    const sessionId = c.req.query('sessionId');
    const transport = sessionId
      ? sseSessions.transportFor(sessionId, c.get('tenant').connectionId)
      : undefined;
    const body = await readJsonRpcBody(c);
    if (!body.ok) return body.response;
    if (!transport) {
      // Behind a load balancer the stream may live on another instance: relay the message there.
      const relayed = sessionId && (await forwardToHolder(c, sseSessions, sessionId, body.value));
      if (relayed) return relayed;
      return jsonRpcError(c, 404, -32001, 'Unknown or closed SSE session: open the SSE stream again.');
    }
    // Replies go out on the stream: a client that does not read it may not keep posting (memory).
    const refusal = transport.admit(body.value);
    if (refusal) {
      c.header('Retry-After', '5');
      return jsonRpcError(c, 503, -32000, refusal);
    }
    withSecurityHeaders(c.env.outgoing, deps.config.hstsMaxAge);
    try {
      await transport.handlePostMessage(c.env.incoming, c.env.outgoing, body.value);
    } finally {
      // Refused by the transport (invalid message): no reply will come for it.
      if (c.env.outgoing.statusCode !== 202) transport.release(body.value);
    }
    return RESPONSE_ALREADY_SENT;
  }
  return sse;
}

/** The SDK's SSE transport writes to the Node response itself, past Hono's header middleware. */
function withSecurityHeaders(outgoing: ServerResponse, hstsMaxAge: number | undefined): void {
  outgoing.setHeader('Referrer-Policy', 'no-referrer');
  outgoing.setHeader('X-Content-Type-Options', 'nosniff');
  if (hstsMaxAge !== undefined) outgoing.setHeader('Strict-Transport-Security', `max-age=${hstsMaxAge}`);
}
