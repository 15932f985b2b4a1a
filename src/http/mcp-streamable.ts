import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { RequestId } from '@modelcontextprotocol/sdk/types.js';
import { type Context, Hono } from 'hono';
import { buildMcpServer } from '../mcp/build-server.js';
import { exchangeJson, stringifyAnswer } from '../mcp/json-exchange.js';
import { KeyedLimiter } from '../util/keyed-limiter.js';
import { processLoopPressure } from '../util/loop-pressure.js';
import { requireTenant } from './authenticate.js';
import type { AppEnv, RouteDeps } from './context.js';
import { jsonRpcError } from './errors.js';
import { answerBatch } from './mcp-batch.js';
import { readJsonRpcBody, tenantSession } from './mcp-request.js';
import { tooManyRequests } from './too-many.js';

const BOTH = 'application/json, text/event-stream';

function hasProgressToken(body: unknown): boolean {
  const messages = Array.isArray(body) ? body : [body];
  return messages.some((m) => m?.params?._meta?.progressToken !== undefined);
}

/**
 * Streamable HTTP, stateless: every POST gets a fresh server and transport for its tenant. Plain
 * JSON answers unless the client asked for progress (then an SSE stream carries the notifications)
 * or accepts only text/event-stream.
 */
export function streamableMcp(deps: RouteDeps) {
  const mcp = new Hono<AppEnv>();
  // Fairness: one connection's flood holds a few slots of the event loop, not all of it. A slot is held
  // until the answer exists; in SSE mode (progress requested) that is when the stream starts, so such
  // calls are only capped while they start (they are rare: a client asks for progress explicitly).
  const inFlight = new KeyedLimiter(
    deps.config.maxInFlightPerConnection,
    deps.config.maxQueuedPerConnection,
    { saturated: () => processLoopPressure.isSaturated() },
  );

  // Calls in flight or waiting, per connection: the limit behind a full queue's 429.
  const queueFull = (c: Context) =>
    tooManyRequests(
      c,
      {
        limit: deps.config.maxInFlightPerConnection + deps.config.maxQueuedPerConnection,
        windowSeconds: 1,
        retryAfterSeconds: 1,
      },
      'requests in flight for this connection',
    );

  const notAllowed = () =>
    new Response(
      JSON.stringify({
        jsonrpc: '2.0',
        error: { code: -32000, message: 'Method not allowed: this endpoint is stateless; use POST.' },
        id: null,
      }),
      { status: 405, headers: { Allow: 'POST', 'Content-Type': 'application/json' } },
    );

  for (const path of ['/', '/:token']) {
    mcp.get(path, notAllowed);
    mcp.delete(path, notAllowed);
    mcp.post(path, requireTenant(deps, 'jsonrpc'), async (c) => {
      const accept = c.req.header('accept') ?? '';
      const acceptsJson = /application\/(json|\*)|\*\/\*|^\s*$/.test(accept);
      const acceptsSse = accept.includes('text/event-stream');
      // As the SDK's transport: a client that takes neither answer learns so before anything runs.
      if (!acceptsJson && !acceptsSse) {
        return jsonRpcError(
          c,
          406,
          -32000,
          'Not Acceptable: send Accept: application/json, text/event-stream (or either one).',
        );
      }
      const body = await readJsonRpcBody(c);
      if (!body.ok) return body.response;
      if (Array.isArray(body.value) && body.value.length > 1) {
        return answerBatch(c, deps, inFlight, body.value, acceptsJson, queueFull);
      }
      const stream = acceptsSse && (!acceptsJson || hasProgressToken(body.value));

      const tenant = c.get('tenant');
      const release = await inFlight.acquire(tenant.connectionId);
      if (!release) return queueFull(c);
      try {
        const structuredJson = stream ? undefined : new Map<RequestId, string>();
        const server = buildMcpServer({ ...tenantSession(deps, tenant), structuredJson });
        if (structuredJson) {
          const answer = await exchangeJson(server, body.value, c.req.header('mcp-protocol-version'));
          if (answer.status === 202) return c.body(null, 202);
          if (answer.status === 400) return jsonRpcError(c, 400, answer.code, answer.message);
          return c.body(stringifyAnswer(answer.body, structuredJson), 200, {
            'content-type': 'application/json',
          });
        }
        // SSE (progress was asked for, or only text/event-stream is accepted): the SDK's transport.
        const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined });
        await server.connect(transport);
        // The SDK insists on both media types; we tolerate clients that list only one (copying the
        // request only then: it costs a Headers and a Request per call).
        let request = c.req.raw;
        if (!(acceptsSse && accept.includes('application/json'))) {
          const headers = new Headers(c.req.raw.headers);
          headers.set('accept', BOTH);
          request = new Request(c.req.url, { method: 'POST', headers, signal: c.req.raw.signal });
        }
        // No server.close() afterwards: nothing is pending once the answer exists, and closing aborts
        // every request controller with a DOMException, measurable per call. The objects are garbage now.
        return await transport.handleRequest(request, { parsedBody: body.value });
      } finally {
        release();
      }
    });
  }
  return mcp;
}
