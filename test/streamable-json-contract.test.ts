import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { tenantSession } from '../src/http/mcp-request.js';
import { buildMcpServer } from '../src/mcp/build-server.js';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { useTestApp } from './support/use-test-app.js';

// src/mcp/json-exchange.ts answers JSON-mode Streamable HTTP without the SDK's transport (it was a large
// share of a call's CPU). This runs the same exchanges through our /mcp endpoint and through the SDK's
// own transport (stateless, enableJsonResponse), each with a fresh server per request as in production,
// and compares what a client sees: the status, the headers that matter and the body.

const BOTH = 'application/json, text/event-stream';

interface Answer {
  status: number;
  /** The media type, without parameters. */
  type: string | null;
  sessionId: string | null;
  body: unknown;
}

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type')?.split(';')[0]?.trim() ?? null,
    sessionId: response.headers.get('mcp-session-id'),
    body: text === '' ? null : JSON.parse(text),
  };
}

const rpc = (id: number | string, method: string, params?: unknown) => ({
  jsonrpc: '2.0',
  id,
  method,
  ...(params === undefined ? {} : { params }),
});
const initialize = (id: number) =>
  rpc(id, 'initialize', {
    protocolVersion: LATEST_PROTOCOL_VERSION,
    capabilities: {},
    clientInfo: { name: 'contract', version: '1' },
  });
const call = (id: number, name: string, args: unknown) => rpc(id, 'tools/call', { name, arguments: args });

interface Exchange {
  name: string;
  /** A JSON value, or raw text (for bodies that are not JSON). */
  body: unknown;
  headers?: Record<string, string>;
}

/** Exchanges both must answer the same way, to the letter. */
const SAME: Exchange[] = [
  { name: 'initialize', body: initialize(1) },
  {
    name: 'initialize with an unsupported version header',
    body: initialize(1),
    headers: { 'mcp-protocol-version': '1999-01-01' },
  },
  { name: 'ping', body: rpc(1, 'ping') },
  { name: 'tools/list', body: rpc('list', 'tools/list') },
  { name: 'tools/call that succeeds', body: call(7, 'list_admins', {}) },
  {
    name: 'tools/call that fails upstream',
    body: call(8, 'get_contact', { id: '0000000000000000deadbeef' }),
  },
  { name: 'tools/call with invalid arguments', body: call(9, 'list_admins', { page: 2 }) },
  { name: 'tools/call of an unknown tool', body: call(10, 'no_such_tool', {}) },
  { name: 'tools/call without a name', body: rpc(11, 'tools/call', { arguments: {} }) },
  { name: 'an unknown method', body: rpc(12, 'resources/list') },
  { name: 'a notification', body: { jsonrpc: '2.0', method: 'notifications/initialized' } },
  { name: 'a response from the client', body: { jsonrpc: '2.0', id: 5, result: {} } },
  {
    name: 'a batch of requests and a notification',
    body: [
      rpc('a', 'ping'),
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      rpc(2, 'tools/list'),
      call(3, 'list_admins', {}),
    ],
  },
  { name: 'a batch of notifications', body: [{ jsonrpc: '2.0', method: 'notifications/initialized' }] },
  { name: 'an empty batch', body: [] },
  { name: 'a batch over 100 messages', body: Array.from({ length: 101 }, (_, i) => rpc(i, 'ping')) },
  { name: 'initialize with other messages', body: [initialize(1), rpc(2, 'ping')] },
  { name: 'a message that is not JSON-RPC', body: { hello: 'world' } },
  { name: 'a batch with one message that is not JSON-RPC', body: [rpc(1, 'ping'), { id: 2 }] },
  { name: 'JSON null', body: null },
  {
    name: 'an unsupported protocol version header',
    body: rpc(1, 'ping'),
    headers: { 'mcp-protocol-version': '1999-01-01' },
  },
  {
    name: 'a supported protocol version header',
    body: rpc(1, 'ping'),
    headers: { 'mcp-protocol-version': LATEST_PROTOCOL_VERSION },
  },
  {
    name: 'a notification with an unsupported version header',
    body: { jsonrpc: '2.0', method: 'notifications/initialized' },
    headers: { 'mcp-protocol-version': 'x' },
  },
  {
    name: 'Content-Type with a charset',
    body: rpc(1, 'ping'),
    headers: { 'content-type': 'application/json; charset=utf-8' },
  },
];

/**
 * Exchanges where we answer differently on purpose. The status and JSON-RPC error code still agree
 * where both refuse; what differs is said in `why` and checked in `ours`.
 */
const DIFFERENT: (Exchange & { why: string; ours(answer: Answer, sdk: Answer): void })[] = [
  {
    name: 'a body that is not JSON',
    body: '{"jsonrpc":',
    why: 'same status and code; our message says what is wrong with the body',
    ours: (answer, sdk) => expectSameErrorOtherMessage(answer, sdk, /not valid JSON/),
  },
  {
    name: 'a Content-Type that is not JSON',
    body: JSON.stringify(rpc(1, 'ping')),
    headers: { 'content-type': 'text/plain' },
    why: 'same status and code; our message names the Content-Type to send',
    ours: (answer, sdk) => expectSameErrorOtherMessage(answer, sdk, /Content-Type: application\/json/),
  },
  {
    name: 'no Content-Type',
    body: JSON.stringify(rpc(1, 'ping')),
    headers: { 'content-type': '' },
    why: 'same status and code; our message names the Content-Type to send',
    ours: (answer, sdk) => expectSameErrorOtherMessage(answer, sdk, /Content-Type: application\/json/),
  },
  {
    name: 'a structured JSON Content-Type (application/vnd.example+json)',
    body: rpc(1, 'ping'),
    headers: { 'content-type': 'application/vnd.example+json' },
    why: 'we read any +json media type as JSON; the SDK wants application/json exactly',
    ours: pingServedWhereSdkRefuses(415),
  },
  {
    name: 'Accept: application/json only',
    body: rpc(1, 'ping'),
    headers: { accept: 'application/json' },
    why: 'clients that list only JSON are served JSON (the SDK refuses with 406)',
    ours: pingServedWhereSdkRefuses(406),
  },
  {
    name: 'no Accept header',
    body: rpc(1, 'ping'),
    headers: { accept: '' },
    why: 'no Accept means anything goes (RFC 9110): served JSON; the SDK refuses with 406',
    ours: pingServedWhereSdkRefuses(406),
  },
  {
    name: 'an Accept header that allows neither JSON nor SSE',
    body: rpc(1, 'ping'),
    headers: { accept: 'text/html' },
    why: 'both refuse with 406; our message says what to accept',
    ours: (answer, sdk) => expectSameErrorOtherMessage(answer, sdk, /application\/json/),
  },
  {
    name: 'duplicate request ids in a batch',
    body: [rpc(1, 'ping'), rpc(1, 'tools/list')],
    why: 'we refuse the batch; the SDK answers only one of the two requests',
    ours: (answer, sdk) => {
      expect(Array.isArray(sdk.body) ? sdk.body.length : 1).toBe(1);
      expect(answer).toMatchObject({ status: 400, body: { error: { code: -32600 } } });
    },
  },
];

/** We answer the ping (id 1) with JSON where the SDK refuses it with `sdkStatus`. */
function pingServedWhereSdkRefuses(sdkStatus: number) {
  return (answer: Answer, sdk: Answer) => {
    expect(sdk.status).toBe(sdkStatus);
    expect(answer).toMatchObject({ status: 200, type: 'application/json', body: { id: 1, result: {} } });
  };
}

function expectSameErrorOtherMessage(answer: Answer, sdk: Answer, ourMessage: RegExp) {
  type Failure = { jsonrpc: string; id: unknown; error: { code: number; message: string } };
  const [a, b] = [answer.body as Failure, sdk.body as Failure];
  expect({ ...answer, body: { ...a, error: { code: a.error.code } } }).toEqual({
    ...sdk,
    body: { ...b, error: { code: b.error.code } },
  });
  expect(a.error.message).toMatch(ourMessage);
}

describe('JSON-mode Streamable HTTP: our endpoint against the SDK transport', () => {
  const { app, connection } = useTestApp({ workspaces: [WORKSPACE_A] });

  function headersFor(exchange: Exchange): Record<string, string> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: BOTH };
    for (const [name, value] of Object.entries(exchange.headers ?? {})) {
      if (value === '') delete headers[name];
      else headers[name] = value;
    }
    return headers;
  }
  const bodyOf = (exchange: Exchange) =>
    typeof exchange.body === 'string' ? exchange.body : JSON.stringify(exchange.body);

  async function ours(exchange: Exchange): Promise<Answer> {
    const response = await fetch(connection.mcp_url, {
      method: 'POST',
      headers: headersFor(exchange),
      body: bodyOf(exchange),
    });
    return answerOf(response);
  }

  async function sdk(exchange: Exchange): Promise<Answer> {
    const tenant = await app.runtime.deps.connections.authenticate(connection.token);
    if (!tenant) throw new Error('the connection does not authenticate');
    const server = buildMcpServer(tenantSession(app.runtime.deps, tenant));
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    await server.connect(transport);
    const request = new Request('http://127.0.0.1/mcp', {
      method: 'POST',
      headers: headersFor(exchange),
      body: bodyOf(exchange),
    });
    try {
      return await answerOf(await transport.handleRequest(request));
    } finally {
      await server.close();
    }
  }

  it.each(SAME.map((e) => [e.name, e] as const))('answers %s as the SDK does', async (_name, exchange) => {
    const [mine, theirs] = [await ours(exchange), await sdk(exchange)];
    expect(mine).toEqual(theirs);
    expect(mine.sessionId).toBeNull();
  });

  it.each(DIFFERENT.map((e) => [e.name, e] as const))(
    'answers %s on purpose otherwise',
    async (_name, exchange) => {
      const [mine, theirs] = [await ours(exchange), await sdk(exchange)];
      expect(exchange.why).not.toBe('');
      exchange.ours(mine, theirs);
      expect(mine.sessionId).toBeNull();
    },
  );
});
