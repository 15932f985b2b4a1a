import { describe, expect, it } from 'vitest';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { createConnection } from './support/connections.js';
import { useTestApp } from './support/use-test-app.js';

const headers = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
const listTools = (id: number) => ({ jsonrpc: '2.0', id, method: 'tools/list' });
const listAdmins = (id: number) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name: 'list_admins', arguments: {} },
});
const batchOf = (n: number, make: (id: number) => unknown) =>
  JSON.stringify(Array.from({ length: n }, (_, i) => make(i + 1)));

type Answer = { id: number; result?: unknown; error?: { code: number; message: string } };

describe('JSON-RPC batches cost what their messages cost (issue 15 item 3)', () => {
  const { app, fake, restart } = useTestApp({ app: false });

  it('count each message against the per-connection rate limit', async () => {
    await restart({ RATE_LIMIT_PER_CONNECTION_PER_MINUTE: '10' }, { freshDatabase: true });
    const connection = await createConnection(app.url, WORKSPACE_A.token);
    const post = (body: string) => fetch(connection.mcp_url, { method: 'POST', headers, body });
    const first = await post(batchOf(8, listTools));
    expect(first.status).toBe(200);
    expect(((await first.json()) as Answer[]).map((a) => a.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const second = await post(batchOf(5, listTools));
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(second.headers.get('ratelimit-limit')).toBe('10');
    expect(await second.text()).toContain('Each message of a batch counts as one request');
    expect((await post(JSON.stringify(listTools(1)))).status).toBe(429);
  });

  it('take one in-flight turn per message, and are refused when they do not fit in the queue', async () => {
    await restart(
      { MAX_IN_FLIGHT_PER_CONNECTION: '2', MAX_QUEUED_PER_CONNECTION: '3' },
      { freshDatabase: true },
    );
    const connection = await createConnection(app.url, WORKSPACE_A.token);
    const post = (body: string) => fetch(connection.mcp_url, { method: 'POST', headers, body });
    const tooBig = await post(batchOf(6, listAdmins));
    expect(tooBig.status).toBe(429);
    expect(Number(tooBig.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(fake.requests.filter((r) => r.path === '/admins')).toEqual([]);
    // One that fits runs every message, a turn at a time, and answers them all.
    const fits = await post(batchOf(5, listAdmins));
    expect(fits.status).toBe(200);
    const answers = (await fits.json()) as Answer[];
    expect(answers.map((a) => a.id)).toEqual([1, 2, 3, 4, 5]);
    expect(answers.every((a) => a.result !== undefined)).toBe(true);
  });

  it('stop running requests once the answer reaches MAX_BATCH_RESPONSE_BYTES, saying so for each', async () => {
    await restart(
      { MAX_BATCH_RESPONSE_BYTES: '10000', MAX_IN_FLIGHT_PER_CONNECTION: '1' },
      { freshDatabase: true },
    );
    const connection = await createConnection(app.url, WORKSPACE_A.token);
    const single = await fetch(connection.mcp_url, {
      method: 'POST',
      headers,
      body: JSON.stringify(listTools(1)),
    });
    const oneAnswer = (await single.text()).length;
    expect(oneAnswer).toBeGreaterThan(10_000);
    const response = await fetch(connection.mcp_url, {
      method: 'POST',
      headers,
      body: batchOf(20, listTools),
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    const answers = JSON.parse(text) as Answer[];
    expect(answers.map((a) => a.id)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(answers.filter((a) => a.result !== undefined)).toHaveLength(1);
    for (const refused of answers.slice(1)) {
      expect(refused.error?.message).toMatch(
        /^Not run: .*MAX_BATCH_RESPONSE_BYTES.*on its own or in a smaller batch/,
      );
    }
    expect(text.length).toBeLessThan(oneAnswer + 20 * 300);
  });
});
