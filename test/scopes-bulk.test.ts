import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeIntercom, startFakeIntercom } from './fake-intercom/index.js';
import { addBulkWorkspace, sendConfirmed } from './support/bulk-audience.js';
import { bearer, createConnection } from './support/connections.js';
import { createTestDatabase, databaseKinds, rowsOf, type TestDatabase } from './support/databases.js';
import { connectClient } from './support/mcp-clients.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let fake: FakeIntercom;
let database: TestDatabase;
let app: TestApp;

beforeAll(async () => {
  fake = await startFakeIntercom();
  database = await createTestDatabase(databaseKinds()[0] ?? 'pglite');
  app = await startTestApp({
    database,
    intercomUrl: fake.url,
    env: { JOB_POLL_MS: '50', LOG_LEVEL: 'info' },
  });
});
afterAll(async () => {
  await app?.close();
  await database?.dispose();
  await fake?.close();
});

it('stops a running bulk send when the owner turns bulk messaging off', async () => {
  const bulk = addBulkWorkspace(fake, 'Narrowed Co');
  const connection = await createConnection(app.url, bulk.ws.token, undefined, {
    access: 'write',
    toolsets: ['messaging', 'bulk_messaging'],
  });
  const client = await connectClient(app.url, connection);
  fake.inject({ kind: 'slow', delayMs: 30, times: 1_000, match: { path: /^\/messages$/ } });
  const started = await sendConfirmed<{ job: { job_id: string } }>(client, {
    message_type: 'in_app',
    body: 'Hi',
    segment: { id: bulk.bigSegment.id },
  });
  const jobId = started.job.job_id;
  const sent = () => bulk.ws.messages.filter((m) => m.type === 'admin_message').length;
  while (sent() < 10) await new Promise((r) => setTimeout(r, 20));

  const narrowed = await fetch(`${app.url}/api/connections/self`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json', ...bearer(connection.token) },
    body: JSON.stringify({ scopes: { toolsets: ['messaging'] } }),
  });
  expect(narrowed.status).toBe(200);
  const atNarrowing = sent();
  let job = { status: '', error: '' };
  for (let i = 0; i < 100 && job.status !== 'failed'; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const rows = await rowsOf<{ status: string; error: string }>(
      app.runtime.deps.database,
      sql`select status, error from message_jobs where id = ${jobId}`,
    );
    job = rows[0] ?? job;
  }
  expect(job.status).toBe('failed');
  expect(job.error).toContain('bulk messaging was turned off');
  // At most the batch in flight when the change landed (concurrency 4, a few claims each).
  expect(sent() - atNarrowing).toBeLessThanOrEqual(16);
  expect(sent()).toBeLessThan(bulk.bigSegment.contactIds.length);
  await client.close();
  fake.clearFaults();
});
