import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.js';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { createConnection } from './support/connections.js';
import { rowsOf } from './support/databases.js';
import { freePort } from './support/ports.js';
import { waitForReady } from './support/ready.js';
import { serverBuild } from './support/server-build.js';
import { appendSuiteLog } from './support/suite-log.js';
import { useTestApp } from './support/use-test-app.js';

const INTERCOM_TIMEOUT_MS = 2_000;
/** What the README promises: SIGTERM ends the process within INTERCOM_TIMEOUT_MS + 5 s. */
const SHUTDOWN_DEADLINE_MS = INTERCOM_TIMEOUT_MS + 5_000;
const CALLS = 5;

const headers = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
const call = (id: number) =>
  JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'tools/call',
    params: { name: 'list_admins', arguments: {} },
  });

describe.each([
  ['stops reading it (a crashed shipper still holding the pipe)', 'stalled'],
  ['closes it (the shipper is gone)', 'closed'],
] as const)('SIGTERM when the log reader %s (issue 15 item 11)', (_label, reader) => {
  const { fake, newDatabase } = useTestApp({ app: false });

  it('exits within the documented time, after flushing the audit log', async () => {
    const database = await newDatabase();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, [join(await serverBuild(), 'server.js')], {
      env: {
        PATH: process.env.PATH ?? '',
        ...database.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: url,
        INTERCOM_API_BASE_URL: fake.url,
        INTERCOM_TIMEOUT_MS: String(INTERCOM_TIMEOUT_MS),
        LOG_LEVEL: 'debug',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      let output = '';
      // Captured for the suite's secret scan, like every app's log.
      const capture = (d: Buffer) => {
        output += d;
        appendSuiteLog(String(d));
      };
      child.stdout.on('data', capture);
      child.stderr.on('data', capture);
      await waitForReady(url, { process: { exited, output: () => output } });
      const connection = await createConnection(url, WORKSPACE_A.token);

      if (reader === 'closed') child.stdout.destroy();
      else child.stdout.pause();
      // Enough log lines (one per request at debug) to fill any pipe buffer several times over.
      const noise = Array.from({ length: 1_500 }, () =>
        fetch(`${url}/healthz`, { signal: AbortSignal.timeout(20_000) }).then(
          (r) => r.arrayBuffer(),
          () => undefined,
        ),
      );
      await Promise.all(noise);
      const answers = await Promise.all(
        Array.from({ length: CALLS }, (_, i) =>
          fetch(connection.mcp_url, {
            method: 'POST',
            headers,
            body: call(i + 1),
            signal: AbortSignal.timeout(10_000),
          }).then(
            (r) => r.status,
            () => 0,
          ),
        ),
      );
      expect(answers).toEqual(Array(CALLS).fill(200));

      // At once: the audit rows of those calls are still in the buffer (it flushes every second).
      const signalled = performance.now();
      child.kill('SIGTERM');
      const code = await Promise.race([
        exited,
        new Promise<'alive'>((resolve) => setTimeout(() => resolve('alive'), SHUTDOWN_DEADLINE_MS)),
      ]);
      expect(code, `still alive ${SHUTDOWN_DEADLINE_MS} ms after SIGTERM`).toBe(0);
      expect(performance.now() - signalled).toBeLessThan(SHUTDOWN_DEADLINE_MS);

      const opened = await openDatabase({
        databaseUrl: database.env.DATABASE_URL,
        dataDir: database.env.DATA_DIR as string,
      });
      try {
        const rows = await rowsOf<{ n: number }>(
          opened,
          sql`select count(*)::int as n from audit_log where tool = 'list_admins' and outcome = 'ok'`,
        );
        expect(rows[0]?.n).toBe(CALLS);
      } finally {
        await opened.close();
      }
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    }
  }, 120_000);
});
