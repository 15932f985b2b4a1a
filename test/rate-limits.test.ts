import { describe, expect, it } from 'vitest';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { bearer, createConnection } from './support/connections.js';
import { useTestApp } from './support/use-test-app.js';

const list = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
const headers = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };

describe('inbound rate limits', () => {
  const { app, fake, restart } = useTestApp({ app: false });

  /** A new app with these limits, on a database of its own: no test sees another's counters. */
  async function start(env: Record<string, string>) {
    await restart(env, { freshDatabase: true });
  }

  it('limits each connection and answers 429 with Retry-After, leaving other connections alone', async () => {
    await start({ RATE_LIMIT_PER_CONNECTION_PER_MINUTE: '5' });
    const a = await createConnection(app.url, WORKSPACE_A.token);
    const b = await createConnection(app.url, WORKSPACE_A.token);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await fetch(a.mcp_url, { method: 'POST', headers, body: list })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const limited = await fetch(a.mcp_url, { method: 'POST', headers, body: list });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // MCP clients read JSON-RPC errors: the wait is in a message they can show.
    expect(((await limited.json()) as { error: { code: number; message: string } }).error).toMatchObject({
      code: -32000,
      message: expect.stringMatching(/retry after \d+ s/),
    });
    const api = await fetch(`${app.url}/api/connections/self`, { headers: bearer(a.token) });
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect((await fetch(b.mcp_url, { method: 'POST', headers, body: list })).status).toBe(200);
  });

  it('slows token guessing per IP and logs it, without counting successful requests', async () => {
    await start({ AUTH_FAILURES_PER_IP_PER_15_MINUTES: '3' });
    const good = await createConnection(app.url, WORKSPACE_A.token);
    for (let i = 0; i < 5; i++) {
      expect((await fetch(good.mcp_url, { method: 'POST', headers, body: list })).status).toBe(200);
    }
    const guess = (n: number) => `${app.url}/mcp/icm_${'0'.repeat(15)}${n}_${'a'.repeat(43)}`;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await fetch(guess(i), { method: 'POST', headers, body: list })).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    // Only failed attempts are refused: a valid token from the same address is still served.
    expect((await fetch(good.mcp_url, { method: 'POST', headers, body: list })).status).toBe(200);
    const logs = app.logs.join('');
    expect(logs).toContain('authentication failed');
    expect(logs).toContain('too many failed authentications');
  });

  it('does not count OAuth discovery 401s or OAuth access tokens as token guessing', async () => {
    await start({ AUTH_FAILURES_PER_IP_PER_15_MINUTES: '3' });
    const good = await createConnection(app.url, WORKSPACE_A.token);
    // Every OAuth client starts with an unauthenticated call; many Claude.ai users share an address.
    for (let i = 0; i < 10; i++) {
      const discovery = await fetch(`${app.url}/mcp`, { method: 'POST', headers, body: list });
      expect(discovery.status).toBe(401);
      const expired = await fetch(`${app.url}/mcp`, {
        method: 'POST',
        headers: { ...headers, Authorization: `Bearer icmat_${'x'.repeat(43)}` },
        body: list,
      });
      expect(expired.status).toBe(401);
    }
    expect((await fetch(good.mcp_url, { method: 'POST', headers, body: list })).status).toBe(200);
  });

  it('does not mistake many concurrent successful calls from one address for token guessing', async () => {
    await start({ AUTH_FAILURES_PER_IP_PER_15_MINUTES: '3' });
    const good = await createConnection(app.url, WORKSPACE_A.token);
    const call = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'list_admins', arguments: {} },
    });
    // Slow upstream answers keep every call in flight at the same time.
    fake.inject({ kind: 'slow', delayMs: 200, times: 40, match: { path: /^\/admins$/ } });
    const statuses = await Promise.all(
      Array.from({ length: 40 }, () =>
        fetch(good.mcp_url, { method: 'POST', headers, body: call }).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(app.logs.join('')).not.toContain('too many failed authentications');
  });

  it('caps calls in flight per connection and refuses past the queue, leaving other connections alone', async () => {
    await start({ MAX_IN_FLIGHT_PER_CONNECTION: '1', MAX_QUEUED_PER_CONNECTION: '0' });
    const a = await createConnection(app.url, WORKSPACE_A.token);
    const b = await createConnection(app.url, WORKSPACE_A.token);
    fake.inject({ kind: 'slow', delayMs: 600, times: 1, match: { path: /^\/admins$/ } });
    const call = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'list_admins', arguments: {} },
    });
    const slow = fetch(a.mcp_url, { method: 'POST', headers, body: call });
    // The slow call is in flight once Intercom has its request (no fixed sleep: counting may take a query).
    while (!fake.requestsFor(WORKSPACE_A.id).some((r) => r.path === '/admins'))
      await new Promise((r) => setTimeout(r, 5));
    const refused = await fetch(a.mcp_url, { method: 'POST', headers, body: list });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect((await fetch(b.mcp_url, { method: 'POST', headers, body: list })).status).toBe(200);
    expect((await slow).status).toBe(200);
    expect((await fetch(a.mcp_url, { method: 'POST', headers, body: list })).status).toBe(200);
  });

  it('limits requests per client IP across connections', async () => {
    await start({ RATE_LIMIT_PER_IP_PER_MINUTE: '6' });
    const a = await createConnection(app.url, WORKSPACE_A.token);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await fetch(a.mcp_url, { method: 'POST', headers, body: list })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});
