import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { type CreatedConnection, createConnection } from './support/connections.js';
import { connectClient } from './support/mcp-clients.js';
import { recordSecret } from './support/suite-log.js';
import { useTestApp } from './support/use-test-app.js';

const METRICS_TOKEN = 'metrics-secret-0123456789abcdef';
const headers = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };

/** The value of one sample line (`name{labels} value`), or undefined when absent. */
/**
 * The sum of every series of `name` whose labels include `labels` (as PromQL's sum() would): other test
 * files share this worker's registry (isolate: false), so a partial label set may match several series.
 */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  let sum: number | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) sum = (sum ?? 0) + Number(match[4]);
  }
  return sum;
}

/** GET /metrics with the token (null: without an Authorization header). */
async function scrape(url: string, token: string | null = METRICS_TOKEN) {
  const response = await fetch(`${url}/metrics`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

describe('/metrics on the main port with METRICS_TOKEN', () => {
  recordSecret(METRICS_TOKEN);
  const { app } = useTestApp({
    env: { METRICS_TOKEN, TRUST_PROXY: 'true', AUTH_FAILURES_PER_IP_PER_15_MINUTES: '3' },
  });
  let connection: CreatedConnection;
  let client: Client;

  beforeAll(async () => {
    connection = await createConnection(app.url, WORKSPACE_A.token, 'us', {
      access: 'read',
      toolsets: ['admin', 'conversations'],
    });
    client = await connectClient(app.url, connection);
  });
  afterAll(async () => {
    await client?.close();
  });

  it('counts requests by route pattern, tool calls, Intercom calls, argon2 and the token cache', async () => {
    const before = (await scrape(app.url)).text;
    const calls = 3;
    for (let i = 0; i < calls; i++) await client.callTool({ name: 'list_admins', arguments: {} });
    await client.callTool({ name: 'create_tag', arguments: { name: 'x' } }); // refused: read-only
    const bogus = `${app.url}/mcp/icm_${'0'.repeat(16)}_${'a'.repeat(43)}`;
    expect((await fetch(bogus, { method: 'POST', headers, body: '{}' })).status).toBe(401);
    expect((await fetch(`${app.url}/no/such/page`)).status).toBe(404);

    const after = await scrape(app.url);
    expect(after.status).toBe(200);
    expect(after.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const { text } = after;
    const delta = (name: string, labels: Record<string, string>) =>
      (sample(text, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);

    const viaUrl = { route: '/mcp/:token', method: 'POST', status: '200' };
    expect(delta('intercom_mcp_http_requests_total', viaUrl)).toBeGreaterThanOrEqual(calls + 1);
    expect(
      delta('intercom_mcp_http_requests_total', { route: '/mcp/:token', method: 'POST', status: '401' }),
    ).toBe(1);
    expect(delta('intercom_mcp_http_requests_total', { route: 'unmatched', status: '404' })).toBe(1);
    expect(
      sample(text, 'intercom_mcp_http_request_duration_seconds_count', { route: '/mcp/:token' }),
    ).toBeGreaterThan(0);
    // Route patterns only: no token, no raw path.
    expect(text).not.toContain(connection.token);
    expect(text).not.toMatch(/icm_[0-9a-f]{16}/);
    expect(text).not.toContain('/no/such');
    expect(text).not.toContain(`icm_${'0'.repeat(16)}`);

    expect(delta('intercom_mcp_tool_calls_total', { tool: 'list_admins', outcome: 'ok' })).toBe(calls);
    expect(delta('intercom_mcp_tool_calls_total', { tool: 'create_tag', outcome: 'forbidden' })).toBe(1);
    expect(
      delta('intercom_mcp_tool_call_duration_seconds_bucket', {
        tool: 'list_admins',
        outcome: 'ok',
        le: '+Inf',
      }),
    ).toBe(calls);
    expect(delta('intercom_mcp_intercom_requests_total', { status: '200' })).toBeGreaterThanOrEqual(calls);
    expect(
      sample(text, 'intercom_mcp_intercom_request_duration_seconds_count', { status: '200' }),
    ).toBeGreaterThan(0);
    expect(
      sample(text, 'intercom_mcp_argon2_verifications_total', { result: 'match' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'intercom_mcp_argon2_verification_duration_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(
      delta('intercom_mcp_token_cache_lookups_total', { cache: 'connection', result: 'hit' }),
    ).toBeGreaterThanOrEqual(calls);
    expect(sample(text, 'intercom_mcp_db_up')).toBe(1);
    expect(sample(text, 'intercom_mcp_db_pool_max_connections')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'intercom_mcp_db_operations_in_flight')).toBeGreaterThanOrEqual(0);
    for (const state of ['snapshotting', 'running', 'completed', 'cancelled', 'failed']) {
      expect(sample(text, 'intercom_mcp_bulk_jobs', { state })).toBe(0);
    }
    expect(sample(text, 'intercom_mcp_process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  it('shows open SSE streams', async () => {
    const sse = await connectClient(app.url, connection, 'sse-url');
    const open = sample((await scrape(app.url)).text, 'intercom_mcp_sse_streams_open');
    await sse.close();
    expect(open).toBeGreaterThanOrEqual(1);
    await expect
      .poll(async () => sample((await scrape(app.url)).text, 'intercom_mcp_sse_streams_open'))
      .toBe((open as number) - 1);
  });

  it('answers 401 without the token or with a wrong one, and counts guesses like token guesses', async () => {
    const missing = await scrape(app.url, null);
    expect(missing.status).toBe(401);
    expect(missing.text).not.toContain('intercom_mcp_');
    const guess = (n: number) =>
      fetch(`${app.url}/metrics`, {
        headers: { Authorization: `Bearer wrong-token-${n}-0123456789`, 'X-Forwarded-For': '203.0.113.9' },
      });
    const statuses: number[] = [];
    for (let n = 0; n < 5; n++) statuses.push((await guess(n)).status);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
    const text = (await scrape(app.url)).text;
    expect(
      sample(text, 'intercom_mcp_rate_limit_refusals_total', { route: '/metrics' }),
    ).toBeGreaterThanOrEqual(1);
    expect(app.logs.join('')).not.toContain(METRICS_TOKEN);
  });
});

describe('/metrics on METRICS_PORT', () => {
  const { app, restart } = useTestApp({ env: { METRICS_PORT: '0', METRICS_TOKEN } });

  it('serves only /metrics there, Bearer-protected when a token is set, and nothing on the main port', async () => {
    const metricsUrl = app.runtime.metricsUrl as string;
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(metricsUrl).not.toBe(app.url);
    expect((await scrape(metricsUrl, null)).status).toBe(401);
    expect((await scrape(metricsUrl, 'not-the-metrics-token-000')).status).toBe(401);
    const ok = await scrape(metricsUrl);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('intercom_mcp_http_requests_total');
    expect((await fetch(`${metricsUrl}/healthz`)).status).toBe(404);
    expect((await fetch(`${metricsUrl}/mcp`, { method: 'POST' })).status).toBe(404);
    // The public port does not serve it, whatever the token.
    expect((await scrape(app.url)).status).toBe(404);
  }, 60_000);

  it('is open on its own port without a token, and off everywhere without either setting', async () => {
    const open = await restart({ METRICS_TOKEN: '' });
    expect((await scrape(open.runtime.metricsUrl as string, null)).status).toBe(200);
    expect((await scrape(open.url, null)).status).toBe(404);
    const off = await restart({ METRICS_PORT: '', METRICS_TOKEN: '' });
    expect(off.runtime.metricsUrl).toBeUndefined();
    expect((await scrape(off.url, null)).status).toBe(404);
    expect((await scrape(off.url)).status).toBe(404);
  }, 120_000);
});
