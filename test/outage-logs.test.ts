import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { createConnection } from './support/connections.js';
import { createTestDatabase } from './support/databases.js';
import { freePort } from './support/ports.js';
import { canRun } from './support/requirements.js';
import { useTestApp } from './support/use-test-app.js';

type LogLine = { level: string; msg: string; cause?: string; host?: string; detail?: string; err?: unknown };
const parse = (lines: string[]) => lines.map((line) => JSON.parse(line) as LogLine);
const headers = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
const toolCall = (name: string) =>
  JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: {} } });

/** A TCP pass-through to Postgres that can be cut (sockets destroyed, port closed) and restored. */
class CuttableProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  async open(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = tcpConnect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server?.listen(this.port, '127.0.0.1', resolve));
  }

  async cut(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server?.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

const OUTAGE_SUITE = 'logs while the database is away';

describe.runIf(canRun('postgres', OUTAGE_SUITE))(OUTAGE_SUITE, () => {
  let proxy: CuttableProxy;
  // The app reaches its own Postgres database through a proxy the test can cut.
  const { app } = useTestApp({
    env: { LOG_LEVEL: 'info', JOB_POLL_MS: '100' },
    database: async () => {
      const database = await createTestDatabase('postgres');
      const real = new URL(database.env.DATABASE_URL as string);
      proxy = new CuttableProxy(await freePort(), { host: real.hostname, port: Number(real.port || 5432) });
      await proxy.open();
      const viaProxy = new URL(real);
      viaProxy.host = `127.0.0.1:${proxy.port}`;
      return {
        ...database,
        env: { ...database.env, DATABASE_URL: viaProxy.toString() },
        async dispose() {
          await proxy.cut().catch(() => {});
          await database.dispose();
        },
      };
    },
  });

  it('one warn when it goes, one info when it is back, nothing per request or probe', async () => {
    const connection = await createConnection(app.url, WORKSPACE_A.token);
    expect(
      (await fetch(connection.mcp_url, { method: 'POST', headers, body: toolCall('list_admins') })).status,
    ).toBe(200);

    await proxy.cut();
    const from = app.logs.length;
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all([
        fetch(`${app.url}/readyz`),
        fetch(`${app.url}/api/connections`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ intercom_token: WORKSPACE_A.token, region: 'us' }),
        }),
        fetch(`${app.url}/api/connections/self`, {
          headers: { Authorization: `Bearer ${connection.token}` },
        }),
        // A tool call on a verified (cached) token works only until the revocation watch notices the
        // link is gone (within 0.8 s): after that a cached token is not trusted, and it is a 503 too.
        fetch(connection.mcp_url, { method: 'POST', headers, body: toolCall('list_admins') }),
      ]);
      expect(answers.slice(0, 3).map((a) => a.status)).toEqual([503, 503, 503]);
      expect([200, 503]).toContain(answers[3]?.status);
    }
    await new Promise((r) => setTimeout(r, 1_000));
    expect(
      (await fetch(connection.mcp_url, { method: 'POST', headers, body: toolCall('list_admins') })).status,
    ).toBe(503);
    await new Promise((r) => setTimeout(r, 1_500)); // audit flushes and bulk-job polls fail meanwhile
    const during = parse(app.logs.slice(from));
    const warns = during.filter((l) => l.msg.startsWith('database unavailable'));
    expect(warns).toHaveLength(1);
    expect(warns[0]?.level).toBe('warn');
    expect(warns[0]?.cause).toMatch(/^(ECONNREFUSED|ECONNRESET|CONNECTION_\w+|CONNECT_TIMEOUT)/);
    // Nothing else above info, and no SQL text or stack anywhere.
    expect(during.filter((l) => l.level !== 'info' && l !== warns[0])).toEqual([]);
    expect(JSON.stringify(during)).not.toMatch(/select |insert into|"stack"/i);

    const back = app.logs.length;
    await proxy.open();
    // No request is needed: the probe notices.
    await expect
      .poll(() => parse(app.logs.slice(back)).filter((l) => l.msg === 'database available again'), {
        timeout: 10_000,
      })
      .toHaveLength(1);
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
    expect(parse(app.logs.slice(back)).filter((l) => l.msg === 'database available again')).toHaveLength(1);
  }, 60_000);
});

describe('logs when Intercom cannot be reached', () => {
  let proxy: CuttableProxy;
  // Intercom (the fake) behind a proxy the test can cut.
  const { app } = useTestApp({
    intercomUrl: async (fake) => {
      proxy = new CuttableProxy(await freePort(), { host: '127.0.0.1', port: fake.port });
      await proxy.open();
      return `http://127.0.0.1:${proxy.port}`;
    },
  });

  it('names the host and the cause', async () => {
    const connection = await createConnection(app.url, WORKSPACE_A.token);
    await proxy.cut();
    const from = app.logs.length;
    const response = await fetch(connection.mcp_url, {
      method: 'POST',
      headers,
      body: toolCall('list_tags'),
    });
    const body = (await response.json()) as { result: { isError: boolean; content: { text: string }[] } };
    expect(body.result.isError).toBe(true);
    expect(body.result.content[0]?.text).toContain('Intercom could not be reached');
    const line = parse(app.logs.slice(from)).find((l) => l.msg === 'intercom call failed');
    expect(line?.level).toBe('warn');
    expect(line?.host).toBe(`127.0.0.1:${proxy.port}`);
    expect(line?.detail).toContain('ECONNREFUSED');
  });
});
