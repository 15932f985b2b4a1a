import type { RequestId } from '@modelcontextprotocol/sdk/types.js';
import type { Context } from 'hono';
import { buildMcpServer } from '../mcp/build-server.js';
import { exchangeJson, MAX_BATCH_SIZE, stringifyAnswer, stringifyMessage } from '../mcp/json-exchange.js';
import type { KeyedLimiter } from '../util/keyed-limiter.js';
import type { AppEnv, RouteDeps } from './context.js';
import { jsonRpcError } from './errors.js';
import { tenantSession } from './mcp-request.js';
import { tooManyRequests } from './too-many.js';

/**
 * A JSON-RPC batch (several messages in one POST) costs what its messages cost one by one: each counts
 * against the connection's rate limit and takes a turn of its in-flight limit (a batch of 100 runs a
 * few at a time, after the calls queued before it), and once the answers reach MAX_BATCH_RESPONSE_BYTES
 * the requests not yet run are answered with an error saying so. Batches are always answered as JSON
 * (progress notifications, which only an SSE answer carries, are dropped, as the SDK's JSON mode does).
 */
export async function answerBatch(
  c: Context<AppEnv>,
  deps: RouteDeps,
  inFlight: KeyedLimiter,
  messages: unknown[],
  acceptsJson: boolean,
  queueFull: (c: Context) => Response,
): Promise<Response> {
  if (!acceptsJson) {
    return jsonRpcError(
      c,
      400,
      -32600,
      'Invalid Request: a batch is answered as JSON; send Accept: application/json, text/event-stream ' +
        '(as MCP requires) or one message per request.',
    );
  }
  const tenant = c.get('tenant');
  const version = c.req.header('mcp-protocol-version');
  const structuredJson = new Map<RequestId, string>();
  const server = buildMcpServer({ ...tenantSession(deps, tenant), structuredJson });
  let answer: Awaited<ReturnType<typeof exchangeJson>>;
  if (messages.length > MAX_BATCH_SIZE) {
    // Refused by the exchange before anything runs: nothing to count.
    answer = await exchangeJson(server, messages, version);
  } else {
    const over = await deps.limits.chargeConnection(c, messages.length - 1);
    if (over) {
      return tooManyRequests(
        c,
        over,
        'requests for this connection',
        'Each message of a batch counts as one request.',
      );
    }
    const turns = inFlight.reserve(tenant.connectionId, messages.length);
    if (!turns) return queueFull(c);
    answer = await exchangeJson(server, messages, version, {
      turns,
      maxResponseBytes: deps.config.maxBatchResponseBytes,
      sizeOf: (message) => Buffer.byteLength(stringifyMessage(message, structuredJson)),
    });
  }
  if (answer.status === 202) return c.body(null, 202);
  if (answer.status === 400) return jsonRpcError(c, 400, answer.code, answer.message);
  return c.body(stringifyAnswer(answer.body, structuredJson), 200, { 'content-type': 'application/json' });
}
