import { describe, expect, it } from 'vitest';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { createConnection } from './support/connections.js';
import { useTestApp } from './support/use-test-app.js';

/** Reads an event stream until `done` says the text so far is enough, or the time runs out. */
async function readUntil(
  body: ReadableStream<Uint8Array>,
  done: (text: string) => boolean,
  timeoutMs = 5_000,
) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + timeoutMs;
  while (!done(text) && Date.now() < deadline) {
    const chunk = await Promise.race([
      reader.read(),
      new Promise<{ done: true; value: undefined }>((r) =>
        setTimeout(() => r({ done: true, value: undefined }), 200),
      ),
    ]);
    if (chunk.value) text += decoder.decode(chunk.value, { stream: true });
    else if (chunk.done && Date.now() >= deadline) break;
  }
  reader.releaseLock();
  return text;
}

describe('legacy HTTP+SSE transport', () => {
  const { app } = useTestApp({ env: { SSE_KEEPALIVE_MS: '100' } });

  it('announces the message endpoint, disables proxy buffering and sends keep-alive comments', async () => {
    const created = await createConnection(app.url, WORKSPACE_A.token);
    const response = await fetch(created.sse_url, { headers: { Accept: 'text/event-stream' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    const body = response.body as ReadableStream<Uint8Array>;
    const text = await readUntil(body, (t) => (t.match(/: keepalive/g) ?? []).length >= 2);
    expect(text).toMatch(/event: endpoint\ndata: \/sse\/icm_[^/]+\/message\?sessionId=[0-9a-f-]{36}/);
    expect((text.match(/: keepalive\n\n/g) ?? []).length).toBeGreaterThanOrEqual(2);
    expect(app.runtime.deps.sseSessions.size).toBe(1);
    await body.cancel();
  });

  it('refuses to deliver into another connection’s session', async () => {
    const a = await createConnection(app.url, WORKSPACE_A.token);
    const b = await createConnection(app.url, WORKSPACE_A.token);
    const stream = await fetch(a.sse_url);
    const body = stream.body as ReadableStream<Uint8Array>;
    const text = await readUntil(body, (t) => t.includes('sessionId='));
    const sessionId = /sessionId=([0-9a-f-]{36})/.exec(text)?.[1];
    expect(sessionId).toBeDefined();
    const hijack = await fetch(`${b.sse_url}/message?sessionId=${sessionId}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(hijack.status).toBe(404);
    await body.cancel();
  });

  it('ends open streams when the server shuts down', async () => {
    const created = await createConnection(app.url, WORKSPACE_A.token);
    const response = await fetch(created.sse_url);
    const body = response.body as ReadableStream<Uint8Array>;
    await readUntil(body, (t) => t.includes('event: endpoint'));
    const started = Date.now();
    await app.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(app.runtime.deps.sseSessions.size).toBe(0);
  });
});

describe('legacy HTTP+SSE stream cap', () => {
  const { app } = useTestApp({ env: { SSE_KEEPALIVE_MS: '100', MAX_SSE_SESSIONS_PER_CONNECTION: '3' } });

  it('caps the open streams of one connection, leaving other connections alone', async () => {
    const a = await createConnection(app.url, WORKSPACE_A.token);
    const b = await createConnection(app.url, WORKSPACE_A.token);
    const open = async (url: string) => {
      const response = await fetch(url, { headers: { Accept: 'text/event-stream' } });
      if (response.status === 200)
        await readUntil(response.body as ReadableStream<Uint8Array>, (t) => t.includes('endpoint'));
      return response;
    };
    const streams = [];
    for (let i = 0; i < 3; i++) streams.push(await open(a.sse_url));
    expect(streams.every((s) => s.status === 200)).toBe(true);
    const refused = await open(a.sse_url);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeTruthy();
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
      /3 open SSE streams.*\/mcp/,
    );
    const other = await open(b.sse_url);
    expect(other.status).toBe(200);
    // Closing a stream frees its place.
    await streams[0]?.body?.cancel();
    let again = await open(a.sse_url);
    for (let i = 0; i < 20 && again.status !== 200; i++) {
      await again.text();
      await new Promise((r) => setTimeout(r, 50));
      again = await open(a.sse_url);
    }
    expect(again.status).toBe(200);
    for (const s of [...streams.slice(1), other, again]) await s.body?.cancel();
    for (let i = 0; i < 100 && app.runtime.deps.sseSessions.size > 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(app.runtime.deps.sseSessions.size).toBe(0);
  });
});
