import { tmpdir } from 'node:os';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { type CreatedConnection, createConnection } from './support/connections.js';
import { postgresAdminUrl } from './support/databases.js';
import { freePort } from './support/ports.js';
import { PrivatePostgres } from './support/private-postgres.js';
import { canRun } from './support/requirements.js';
import type { TestApp } from './support/test-app.js';
import { useTestApp } from './support/use-test-app.js';

const toolCall = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: { name: 'list_admins', arguments: {} },
});
const headers = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };

/**
 * Mixed traffic: a DB-backed connect, a readiness probe and a tool call; returns every status seen (in
 * `statuses`, which the caller may watch while the load runs).
 */
async function mixedLoad(
  app: TestApp,
  connection: CreatedConnection,
  until: () => boolean,
  statuses: number[] = [],
): Promise<number[]> {
  const one = async () => {
    const started = Date.now();
    const responses = await Promise.all([
      fetch(`${app.url}/api/connections`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ intercom_token: WORKSPACE_A.token, region: 'us' }),
      }),
      fetch(`${app.url}/readyz`),
      fetch(connection.mcp_url, { method: 'POST', headers, body: toolCall }),
    ]);
    for (const r of responses) {
      statuses.push(r.status);
      await r.arrayBuffer();
    }
    // Failing fast: nothing hangs for the driver's connect timeout.
    expect(Date.now() - started).toBeLessThan(4_000);
  };
  while (!until()) await Promise.all([one(), one(), one()]);
  return statuses;
}

async function waitUntilReady(app: TestApp, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await fetch(`${app.url}/readyz`)).status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the app did not recover');
}

/** Ready again, and within a few rounds (connections that died idle fail once) every request succeeds. */
async function expectRecovery(app: TestApp, connection: CreatedConnection): Promise<void> {
  await waitUntilReady(app);
  let clean = 0;
  for (let round = 0; round < 20 && clean < 3; round++) {
    let once = 0;
    const statuses = await mixedLoad(app, connection, () => once++ >= 1);
    clean = statuses.every((s) => s === 200 || s === 201) ? clean + 1 : 0;
  }
  expect(clean).toBe(3);
}

const KILLED = 'database connections killed under load';

describe.runIf(canRun('postgres', KILLED))(KILLED, () => {
  const { app, database } = useTestApp({ database: 'postgres', env: { LOG_LEVEL: 'info' } });

  it('answers 503 at worst while connections die, and recovers without a restart', async () => {
    const connection = await createConnection(app.url, WORKSPACE_A.token);
    const admin = postgres(postgresAdminUrl as string, { max: 1, onnotice: () => {} });
    const dbName = new URL(database.env.DATABASE_URL as string).pathname.slice(1);
    const statuses: number[] = [];
    let kills = 0;
    const killer = (async () => {
      for (; kills < 5; kills++) {
        // Each kill lands in running traffic: at least seven more answers since the last one, however
        // slow the machine (a fixed interval let a loaded machine answer too few requests in between).
        while (statuses.length < (kills + 1) * 7) await new Promise((r) => setTimeout(r, 10));
        await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${dbName}`;
      }
    })();
    await mixedLoad(app, connection, () => kills >= 5, statuses);
    await killer;
    await admin.end();
    expect(statuses.length).toBeGreaterThan(30);
    expect(statuses.filter((s) => ![200, 201, 503].includes(s))).toEqual([]);
    await expectRecovery(app, connection);
  });
});

const STOPPED = 'Postgres stopped and started under load';

describe.runIf(canRun('privatePostgres', STOPPED))(STOPPED, () => {
  let server: PrivatePostgres;
  // A Postgres server of the test's own, which it stops and starts.
  const { app } = useTestApp({
    database: async () => {
      server = PrivatePostgres.create(await freePort());
      server.start();
      return {
        kind: 'postgres',
        env: { DATABASE_URL: server.url, DATA_DIR: tmpdir() },
        dispose: async () => server.destroy(),
      };
    },
    env: { LOG_LEVEL: 'info' },
  });

  it('fails fast with 503 while the database is down and serves again once it is back', async () => {
    const connection = await createConnection(app.url, WORKSPACE_A.token);
    // Verified (and cached) once before the outage.
    expect((await fetch(connection.mcp_url, { method: 'POST', headers, body: toolCall })).status).toBe(200);
    server.stop();
    let rounds = 0;
    const down = await mixedLoad(app, connection, () => rounds++ >= 3);
    expect(down.filter((s) => ![200, 201, 503].includes(s))).toEqual([]);
    expect(down.filter((s) => s === 503).length).toBeGreaterThan(0);
    // The cached token is not trusted while the database is away: a revocation made on another instance
    // meanwhile would not reach this one. Refused with 503 rather than served with a key that may be gone.
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await fetch(connection.mcp_url, { method: 'POST', headers, body: toolCall })).status).toBe(503);
    expect((await fetch(`${app.url}/readyz`)).status).toBe(503);
    server.start();
    await expectRecovery(app, connection);
  });
});
