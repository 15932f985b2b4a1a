import { request } from 'node:http';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { useTestApp } from './support/use-test-app.js';

/** The JSON answers of stateless Streamable HTTP, checked at the wire level (what the SDK transport does). */
describe('Streamable HTTP JSON answers', () => {
  const { app, connection } = useTestApp({ workspaces: [WORKSPACE_A] });

  function post(body: unknown, headers: Record<string, string> = {}) {
    return fetch(connection.mcp_url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
        ...headers,
      },
      body: JSON.stringify(body),
    });
  }
  const rpc = (id: number | string, method: string, params?: unknown) => ({
    jsonrpc: '2.0',
    id,
    method,
    ...(params === undefined ? {} : { params }),
  });

  it('answers initialize with JSON and no session id (stateless)', async () => {
    const response = await post(
      rpc(1, 'initialize', {
        protocolVersion: LATEST_PROTOCOL_VERSION,
        capabilities: {},
        clientInfo: { name: 'wire-test', version: '1' },
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('mcp-session-id')).toBeNull();
    const body = (await response.json()) as {
      id: number;
      result: { protocolVersion: string; serverInfo: unknown };
    };
    expect(body.id).toBe(1);
    expect(body.result.protocolVersion).toBe(LATEST_PROTOCOL_VERSION);
    expect(body.result.serverInfo).toMatchObject({ name: 'intercom-mcp' });
  });

  it('answers a notification alone with 202 and no body', async () => {
    const response = await post({ jsonrpc: '2.0', method: 'notifications/initialized' });
    expect(response.status).toBe(202);
    expect(await response.text()).toBe('');
  });

  it('answers a batch with one response per request, in order, ignoring notifications', async () => {
    const response = await post([
      rpc('a', 'ping'),
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      rpc(7, 'tools/list'),
    ]);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { id: string | number; result?: { tools?: unknown[] } }[];
    expect(body.map((r) => r.id)).toEqual(['a', 7]);
    expect(body[1]?.result?.tools?.length).toBeGreaterThan(10);
  });

  it('writes tools/call results whole: structuredContent equals the text content, alone and in a batch', async () => {
    type CallAnswer = {
      jsonrpc: string;
      id: string | number;
      result?: {
        structuredContent?: Record<string, unknown>;
        content: { text: string }[];
        isError?: boolean;
      };
    };
    const call = (id: string | number, name: string, args: unknown) =>
      rpc(id, 'tools/call', { name, arguments: args });
    const textJson = (answer: CallAnswer) => {
      const text = answer.result?.content[0]?.text ?? '';
      return JSON.parse(text.slice(text.indexOf('{')));
    };

    const single = (await (
      await post(call('c"1', 'get_contact', { id: WORKSPACE_A.contacts.jane.id }))
    ).json()) as CallAnswer;
    expect(single).toMatchObject({ jsonrpc: '2.0', id: 'c"1' });
    expect(single.result?.structuredContent).toMatchObject({ email: WORKSPACE_A.contacts.jane.email });
    expect(single.result?.structuredContent).toEqual(textJson(single));

    const batch = (await (
      await post([
        call(1, 'search_conversations', { state: 'open', per_page: 3 }),
        call(2, 'get_contact', { id: '0000000000000000deadbeef' }),
        rpc(3, 'ping'),
        call(4, 'list_admins', {}),
      ])
    ).json()) as CallAnswer[];
    expect(batch.map((answer) => answer.id)).toEqual([1, 2, 3, 4]);
    for (const answer of [batch[0], batch[3]] as CallAnswer[]) {
      expect(answer.result?.isError).toBeUndefined();
      expect(answer.result?.structuredContent).toEqual(textJson(answer));
    }
    expect(batch[1]?.result).toMatchObject({ isError: true });
    expect(batch[1]?.result?.structuredContent).toBeUndefined();
    expect(batch[2]).toEqual({ jsonrpc: '2.0', id: 3, result: {} });
  });

  it('answers an unknown method with -32601 for its id', async () => {
    const body = (await (await post(rpc(3, 'no/such/method'))).json()) as {
      id: number;
      error: { code: number };
    };
    expect(body).toMatchObject({ id: 3, error: { code: -32601 } });
  });

  it.each([
    ['a message that is not JSON-RPC', { hello: 'world' }, -32700, /Invalid JSON-RPC message/],
    ['duplicate ids in a batch', [rpc(1, 'ping'), rpc(1, 'tools/list')], -32600, /unique/],
    ['a batch over 100 messages', Array.from({ length: 101 }, (_, i) => rpc(i, 'ping')), -32600, /100/],
    [
      'initialize with other messages',
      [
        rpc(1, 'initialize', {
          protocolVersion: LATEST_PROTOCOL_VERSION,
          capabilities: {},
          clientInfo: { name: 'x', version: '1' },
        }),
        rpc(2, 'ping'),
      ],
      -32600,
      /Only one initialization request/,
    ],
  ])('refuses %s with 400 and a JSON-RPC error', async (_label, body, code, message) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    const error = ((await response.json()) as { error: { code: number; message: string } }).error;
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('refuses an unsupported MCP-Protocol-Version header, naming the supported ones', async () => {
    const response = await post(rpc(1, 'ping'), { 'MCP-Protocol-Version': '1999-01-01' });
    expect(response.status).toBe(400);
    const error = ((await response.json()) as { error: { message: string } }).error;
    expect(error.message).toContain('1999-01-01');
    expect(error.message).toContain(LATEST_PROTOCOL_VERSION);
    const ok = await post(rpc(1, 'ping'), { 'MCP-Protocol-Version': LATEST_PROTOCOL_VERSION });
    expect(ok.status).toBe(200);
  });

  it('answers with JSON when the client accepts only JSON, and streams when it asks for progress', async () => {
    const jsonOnly = await post(rpc(1, 'ping'), { Accept: 'application/json' });
    expect(jsonOnly.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await jsonOnly.json()).toMatchObject({ id: 1, result: {} });
    const withProgress = await post(
      rpc(2, 'tools/call', { name: 'list_admins', arguments: {}, _meta: { progressToken: 'p' } }),
    );
    expect(withProgress.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(await withProgress.text()).toContain('"id":2');
  });

  /** POSTs the body in chunks without a Content-Length (Transfer-Encoding: chunked). */
  function postChunked(chunks: string[]): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request(connection.mcp_url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', (error) => (error.message.includes('EPIPE') ? undefined : reject(error)));
      for (const chunk of chunks) req.write(chunk);
      req.end();
    });
  }

  it('counts chunked bodies (no Content-Length) against the body limit', async () => {
    const small = JSON.stringify(rpc(5, 'ping'));
    const ok = await postChunked([small.slice(0, 10), small.slice(10)]);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ id: 5, result: {} });
    const big = await postChunked(Array.from({ length: 12 }, () => 'x'.repeat(100_000)));
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body).error.message).toMatch(/larger than/);
  });

  it('puts the no-referrer and nosniff headers on every kind of answer', async () => {
    const answers = [
      await post(rpc(1, 'ping')),
      await post({ jsonrpc: '2.0', method: 'notifications/initialized' }),
      await post(rpc(2, 'tools/call', { name: 'list_admins', arguments: {}, _meta: { progressToken: 'p' } })),
      await fetch(`${app.url}/mcp`, {
        method: 'POST',
        body: '{}',
        headers: { 'Content-Type': 'application/json' },
      }),
      await fetch(`${app.url}/no-such-page`),
      await fetch(`${app.url}/`),
    ];
    for (const response of answers) {
      expect(response.headers.get('referrer-policy'), response.url).toBe('no-referrer');
      expect(response.headers.get('x-content-type-options'), response.url).toBe('nosniff');
      await response.body?.cancel();
    }
    const sse = new AbortController();
    const stream = await fetch(connection.sse_url, { signal: sse.signal });
    expect(stream.headers.get('referrer-policy')).toBe('no-referrer');
    sse.abort();
  });
});
