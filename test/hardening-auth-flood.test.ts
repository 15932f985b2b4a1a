import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { createConnection } from './support/connections.js';
import { useTestApp } from './support/use-test-app.js';

const METRICS_TOKEN = 'metrics-secret-flood-0123456789';
const list = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
const headers = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };

/** The argon2 verifications the app has run so far, by result (from its own /metrics). */
async function argon2Runs(appUrl: string): Promise<number> {
  const text = await (
    await fetch(`${appUrl}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })
  ).text();
  let total = 0;
  for (const m of text.matchAll(/^intercom_mcp_argon2_verifications_total\{[^}]*\} (\d+)$/gm)) {
    total += Number(m[1]);
  }
  return total;
}

const lookupIdOf = (token: string) => token.split('_')[1] as string;
const wrongSecret = (token: string) => `icm_${lookupIdOf(token)}_${randomBytes(32).toString('base64url')}`;

describe('a flood of wrong secrets on one lookup id (issue 15 item 1)', () => {
  const { app } = useTestApp({
    env: {
      TRUST_PROXY: 'true',
      METRICS_TOKEN,
      AUTH_FAILURES_PER_IP_PER_15_MINUTES: '30',
      RATE_LIMIT_PER_IP_PER_MINUTE: '100000',
      TOKEN_CACHE_TTL_SECONDS: '0',
    },
  });

  it('is refused before argon2 once the address has spent its failures, concurrency or not', {
    timeout: 180_000,
  }, async () => {
    const target = await createConnection(app.url, WORKSPACE_A.token);
    const legit = await createConnection(app.url, WORKSPACE_A.token);
    const before = await argon2Runs(app.url);
    const attacker = { ...headers, 'X-Forwarded-For': '203.0.113.7' };
    const flood = Array.from({ length: 1000 }, () =>
      fetch(`${app.url}/mcp/${wrongSecret(target.token)}`, { method: 'POST', headers: attacker, body: list }),
    );
    // Meanwhile another tenant's token, never verified before (the cache is off), from its own address.
    const cold = fetch(legit.mcp_url, {
      method: 'POST',
      headers: { ...headers, 'X-Forwarded-For': '198.51.100.20' },
      body: list,
    });
    const answers = await Promise.all(flood);
    expect((await cold).status).toBe(200);
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    const refused = statuses.filter((s) => s === 429).length;
    // At most the 30 allowed failures (+ the legitimate verification) reach argon2: ≥ 95 % never do.
    expect(refused).toBeGreaterThanOrEqual(950);
    const ran = (await argon2Runs(app.url)) - before;
    expect(ran).toBeLessThanOrEqual(31);
    for (const answer of answers) {
      if (answer.status === 429) expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // The flood stays refused afterwards, before any argon2 work, while the other tenant is served.
    const later = await fetch(`${app.url}/mcp/${wrongSecret(target.token)}`, {
      method: 'POST',
      headers: attacker,
      body: list,
    });
    expect(later.status).toBe(429);
    expect((await argon2Runs(app.url)) - before).toBe(ran);
    const again = await fetch(legit.mcp_url, {
      method: 'POST',
      headers: { ...headers, 'X-Forwarded-For': '198.51.100.20' },
      body: list,
    });
    expect(again.status).toBe(200);
  });
});
