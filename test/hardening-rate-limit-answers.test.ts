import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { createConnection } from './support/connections.js';
import { useTestApp } from './support/use-test-app.js';

const list = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
const slowCall = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: { name: 'list_admins', arguments: {} },
});
const mcpHeaders = (address: string) => ({
  'Content-Type': 'application/json',
  Accept: 'application/json, text/event-stream',
  'X-Forwarded-For': address,
});

/** A 429 a client can act on: when to retry, and the limit it ran into (IETF RateLimit fields). */
async function expectActionable429(response: Response) {
  const body = await response.text();
  expect(response.status, body).toBe(429);
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(Number(response.headers.get('ratelimit-limit'))).toBeGreaterThan(0);
  expect(response.headers.get('ratelimit-remaining')).toBe('0');
  expect(Number(response.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
  expect(response.headers.get('ratelimit-policy')).toMatch(/^\d+;w=\d+$/);
  expect(body).toMatch(/retry after \d+ s/);
}

/** Opens a legacy SSE stream and resolves once its headers arrived (the stream stays open). */
function openSse(url: string, address: string): Promise<{ status: number; close(): void }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { headers: { Accept: 'text/event-stream', 'X-Forwarded-For': address } },
      (res) => {
        resolve({ status: res.statusCode ?? 0, close: () => req.destroy() });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('every 429 says when to retry and which limit (issue 17 item 5)', () => {
  const { app, fake } = useTestApp({
    env: {
      TRUST_PROXY: 'true',
      RATE_LIMIT_PER_IP_PER_MINUTE: '6',
      RATE_LIMIT_PER_CONNECTION_PER_MINUTE: '3',
      AUTH_FAILURES_PER_IP_PER_15_MINUTES: '1',
      MAX_IN_FLIGHT_PER_CONNECTION: '1',
      MAX_QUEUED_PER_CONNECTION: '0',
      MAX_SSE_SESSIONS_PER_CONNECTION: '1',
    },
  });

  it('per address, per connection, failed authentications, queue full and SSE streams', async () => {
    const perConnection = await createConnection(app.url, WORKSPACE_A.token);
    const queued = await createConnection(app.url, WORKSPACE_A.token);
    const streams = await createConnection(app.url, WORKSPACE_A.token);

    // Per address.
    let last: Response | undefined;
    for (let i = 0; i < 7; i++) {
      last = await fetch(`${app.url}/mcp`, { method: 'POST', headers: mcpHeaders('192.0.2.1'), body: list });
    }
    await expectActionable429(last as Response);

    // Per connection.
    for (let i = 0; i < 4; i++) {
      last = await fetch(perConnection.mcp_url, {
        method: 'POST',
        headers: mcpHeaders('192.0.2.2'),
        body: list,
      });
    }
    await expectActionable429(last as Response);

    // Failed authentications.
    const guess = (n: number) => `${app.url}/mcp/icm_${'0'.repeat(15)}${n}_${'a'.repeat(43)}`;
    expect(
      (await fetch(guess(1), { method: 'POST', headers: mcpHeaders('192.0.2.3'), body: list })).status,
    ).toBe(401);
    await expectActionable429(
      await fetch(guess(2), { method: 'POST', headers: mcpHeaders('192.0.2.3'), body: list }),
    );

    // Queue full.
    fake.inject({ kind: 'slow', delayMs: 800, times: 1, match: { path: /^\/admins$/ } });
    const slow = fetch(queued.mcp_url, { method: 'POST', headers: mcpHeaders('192.0.2.4'), body: slowCall });
    // Once its upstream call is under way, the slow call holds the connection's only slot.
    while (!fake.requests.some((r) => r.path === '/admins')) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await expectActionable429(
      await fetch(queued.mcp_url, { method: 'POST', headers: mcpHeaders('192.0.2.4'), body: list }),
    );
    expect((await slow).status).toBe(200);

    // SSE streams.
    const open = await openSse(streams.sse_url, '192.0.2.5');
    try {
      expect(open.status).toBe(200);
      await expectActionable429(
        await fetch(streams.sse_url, {
          headers: { Accept: 'text/event-stream', 'X-Forwarded-For': '192.0.2.5' },
        }),
      );
    } finally {
      open.close();
    }
  });
});
