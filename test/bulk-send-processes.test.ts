import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyringSpec } from '../src/tenancy/keyring.js';
import {
  addBulkWorkspace,
  type BulkWorkspace,
  type JobOutput,
  messagesPerContact,
  sendConfirmed,
  waitForJob,
} from './support/bulk-audience.js';
import { type CreatedConnection, createConnection } from './support/connections.js';
import type { TestDatabase } from './support/databases.js';
import { connectClient } from './support/mcp-clients.js';
import { freePort } from './support/ports.js';
import { waitForReady } from './support/ready.js';
import { canRun } from './support/requirements.js';
import { type SpawnedServer, spawnServer } from './support/spawn-server.js';
import { recordSecret } from './support/suite-log.js';
import { callOk } from './support/tool-calls.js';
import { useTestApp } from './support/use-test-app.js';

interface Instance {
  url: string;
  server: SpawnedServer;
}

const SUITE = 'bulk sends across app instances on one Postgres';

/** Bulk sends across processes: a crash in the middle of a job, and two instances sharing one job. */
describe.runIf(canRun('postgres', SUITE))(SUITE, () => {
  // The instances are processes of their own; each test gets a database of its own.
  const { fake, newDatabase } = useTestApp({ database: 'postgres', app: false });
  let database: TestDatabase;
  const keys = generateKeyringSpec('jobs1');
  const running: Instance[] = [];
  const clients: Client[] = [];

  beforeAll(() => {
    recordSecret(keys.split(':')[1] ?? '');
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close().catch(() => {});
    for (const i of running.splice(0)) {
      i.server.child.kill('SIGKILL');
      await i.server.exited;
    }
  });

  async function startInstance(): Promise<Instance> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = await spawnServer({
      ...database.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      ENCRYPTION_KEYS: keys,
      INTERCOM_API_BASE_URL: fake.url,
      NODE_ENV: 'test',
      LOG_LEVEL: 'debug',
      // The default lease (renewed by a heartbeat while an instance works), so takeover times are real.
      INTERCOM_TIMEOUT_MS: '2000',
      JOB_POLL_MS: '100',
    });
    const instance = { url, server };
    running.push(instance);
    await waitForReady(url, { process: server });
    return instance;
  }

  async function clientFor(instance: Instance, connection: CreatedConnection): Promise<Client> {
    const client = await connectClient(instance.url, {
      token: connection.token,
      mcp_url: `${instance.url}/mcp/${connection.token}`,
      sse_url: `${instance.url}/sse/${connection.token}`,
    });
    clients.push(client);
    return client;
  }

  async function startJob(client: Client, bulk: BulkWorkspace): Promise<string> {
    const started = await sendConfirmed<{ job: { job_id: string } }>(client, {
      message_type: 'in_app',
      body: 'Across instances',
      segment: { id: bulk.bigSegment.id },
    });
    return started.job.job_id;
  }

  /** Waits until `sent` messages exist and another send has reached the fake without its answer yet. */
  async function sendInFlightAfter(bulk: BulkWorkspace, sent: number): Promise<void> {
    const inFlight = () =>
      fake
        .requestsFor(bulk.ws.id)
        .some((r) => r.method === 'POST' && r.path === '/messages' && r.status === 0);
    while (bulk.ws.messages.length < sent || !inFlight()) await new Promise((r) => setTimeout(r, 2));
  }

  /** The job completed with all 500 sent and none unknown, and every contact got exactly one message. */
  function expectAllSentOnce(job: JobOutput, bulk: BulkWorkspace) {
    expect(job).toMatchObject({
      status: 'completed',
      counts: { pending: 0, sending: 0, sent: 500, failed: 0, unknown: 0 },
    });
    const perContact = messagesPerContact(bulk.ws);
    expect(perContact.size).toBe(500);
    expect([...perContact.values()].every((n) => n === 1)).toBe(true);
  }

  /** A database of the test's own, a bulk workspace, one instance and the workspace connected on it. */
  async function begin(name: string) {
    database = await newDatabase('postgres');
    const bulk = addBulkWorkspace(fake, name);
    const first = await startInstance();
    const connection = await createConnection(first.url, bulk.ws.token);
    return { bulk, first, connection };
  }

  it('finishes a job after its instance is killed, without sending anyone two messages', async () => {
    const { bulk, first, connection } = await begin('Crash Co');
    // Slow answers: when the process dies, some requests have reached Intercom without an answer.
    fake.inject({ kind: 'slow', delayMs: 40, times: 100_000, match: { path: /^\/messages$/ } });
    const jobId = await startJob(await clientFor(first, connection), bulk);
    while (bulk.ws.messages.length < 100) await new Promise((r) => setTimeout(r, 2));
    // From now on Intercom holds each send for 5 s: one that has arrived cannot be answered before the
    // kill, so the crash is sure to cut a send off after its request left.
    fake.clearFaults();
    fake.inject({ kind: 'slow', delayMs: 5_000, times: 100_000, match: { path: /^\/messages$/ } });
    const from = fake.requestsFor(bulk.ws.id).length;
    const held = () =>
      fake
        .requestsFor(bulk.ws.id)
        .slice(from)
        .some((r) => r.method === 'POST' && r.path === '/messages' && r.status === 0);
    while (!held()) await new Promise((r) => setTimeout(r, 2));
    first.server.child.kill('SIGKILL');
    await first.server.exited;
    fake.clearFaults();
    fake.inject({ kind: 'slow', delayMs: 40, times: 100_000, match: { path: /^\/messages$/ } });
    // The held requests finish on the fake, unanswered: each one's message lands about 5 s after it came.
    const heldFor = fake
      .requestsFor(bulk.ws.id)
      .slice(from)
      .filter((r) => r.method === 'POST' && r.path === '/messages' && r.status === 0)
      .map((r) => (r.body as { to: { id: string } }).to.id);
    while (!heldFor.every((id) => messagesPerContact(bulk.ws).has(id)))
      await new Promise((r) => setTimeout(r, 20));

    const second = await startInstance();
    const job = await waitForJob(await clientFor(second, connection), jobId, 90_000);
    expect(job.status).toBe('completed');
    expect(job.counts.failed + job.counts.pending + job.counts.sending).toBe(0);
    expect(job.counts.sent + job.counts.unknown).toBe(500);

    const perContact = messagesPerContact(bulk.ws);
    expect([...perContact.values()].every((n) => n === 1)).toBe(true);
    const listed = job.recipients.filter((r) => r.state === 'unknown');
    const unknown = new Set(listed.map((u) => u.contact_id));
    expect(unknown.size).toBe(job.counts.unknown);
    // Every contact without a message is one whose send was interrupted and reported unknown.
    for (const id of bulk.bigSegment.contactIds) if (!perContact.has(id)) expect(unknown).toContain(id);
    // Every request that reached Intercom and never got its answer back is reported unknown.
    const unanswered = fake
      .requestsFor(bulk.ws.id)
      .filter((r) => r.method === 'POST' && r.path === '/messages' && r.status === 0)
      .map((r) => (r.body as { to?: { id: string } }).to?.id);
    for (const id of unanswered) expect(unknown).toContain(id);
    expect(listed.every((u) => /interrupted/.test(u.error ?? ''))).toBe(true);
    // The kill landed while a send was in flight.
    expect(unanswered.length).toBeGreaterThan(0);
    expect(job.counts.unknown).toBeGreaterThan(0);
  }, 120_000);

  it('lets two instances share one job without duplicates', async () => {
    database = await newDatabase('postgres');
    const bulk = addBulkWorkspace(fake, 'Shared Co');
    const [a, b] = await Promise.all([startInstance(), startInstance()]);
    if (!a || !b) throw new Error('instances');
    const connection = await createConnection(a.url, bulk.ws.token);
    fake.inject({ kind: 'slow', delayMs: 10, times: 100_000, match: { path: /^\/messages$/ } });
    const jobId = await startJob(await clientFor(a, connection), bulk);
    const job = await waitForJob(await clientFor(b, connection), jobId, 90_000);
    expectAllSentOnce(job, bulk);
    // Both instances sent batches of the same job.
    for (const instance of [a, b]) expect(instance.server.output()).toContain('bulk send: batch done');
  }, 120_000);

  it('takes over the claims of an instance killed mid-job within seconds, without duplicates', async () => {
    database = await newDatabase('postgres');
    const bulk = addBulkWorkspace(fake, 'Takeover Co');
    const [a, b] = await Promise.all([startInstance(), startInstance()]);
    if (!a || !b) throw new Error('instances');
    const connection = await createConnection(a.url, bulk.ws.token);
    fake.inject({ kind: 'slow', delayMs: 40, times: 100_000, match: { path: /^\/messages$/ } });
    const jobId = await startJob(await clientFor(a, connection), bulk);
    // Both instances are at work on the job, and a has sends in flight and recipients claimed. Late in
    // the job, so that what follows the kill is the takeover, not the bulk of the sending.
    await sendInFlightAfter(bulk, 420);
    while (!b.server.output().includes('bulk send: batch done')) await new Promise((r) => setTimeout(r, 10));
    a.server.child.kill('SIGKILL');
    await a.server.exited;
    const killedAt = Date.now();
    const job = await waitForJob(await clientFor(b, connection), jobId, 90_000);
    // Not the old 60 s lease: the killed instance's claims lapsed within a few seconds of its death.
    expect(Date.now() - killedAt).toBeLessThan(15_000);
    expect(job.status).toBe('completed');
    expect(job.counts.sent + job.counts.unknown).toBe(500);
    expect([...messagesPerContact(bulk.ws).values()].every((n) => n === 1)).toBe(true);
  }, 120_000);

  it('on SIGTERM finishes and records the sends in flight, so nothing is left unknown', async () => {
    const { bulk, first, connection } = await begin('Restart Co');
    fake.inject({ kind: 'slow', delayMs: 40, times: 100_000, match: { path: /^\/messages$/ } });
    const jobId = await startJob(await clientFor(first, connection), bulk);
    await sendInFlightAfter(bulk, 50);
    first.server.child.kill('SIGTERM');
    expect(await first.server.exited).toBe(0);

    const second = await startInstance();
    const job = await waitForJob(await clientFor(second, connection), jobId, 90_000);
    expectAllSentOnce(job, bulk);
  }, 120_000);

  it('resumes an audience snapshot from its stored cursor after a crash', async () => {
    const { bulk, first, connection } = await begin('Snapshot Co');
    const searches = () =>
      fake.requestsFor(bulk.ws.id).filter((r) => r.method === 'POST' && r.path === '/contacts/search');
    const client = await clientFor(first, connection);
    const send = { message_type: 'in_app', body: 'Across instances', segment: { id: bulk.bigSegment.id } };
    const dry = await callOk<{ confirmation: { token: string } }>(client, 'send_intercom_message', {
      ...send,
      dry_run: true,
    });
    const afterDryRun = searches().length;
    // Slow pages: the crash lands while the runner is between pages of the 500-contact segment.
    fake.inject({ kind: 'slow', delayMs: 400, times: 100, match: { path: /^\/contacts\/search$/ } });
    const started = await callOk<{ job: { job_id: string } }>(client, 'send_intercom_message', {
      ...send,
      confirmation_token: dry.confirmation.token,
    });
    const jobId = started.job.job_id;
    // The confirmed call's own count is one search; then the runner lists pages of 150.
    const done = () =>
      searches()
        .slice(afterDryRun)
        .filter((r) => r.status === 200).length;
    while (done() < 3) await new Promise((r) => setTimeout(r, 10));
    first.server.child.kill('SIGKILL');
    await first.server.exited;
    const before = searches().length;

    const second = await startInstance();
    const job = await waitForJob(await clientFor(second, connection), jobId, 90_000);
    expect(job).toMatchObject({ status: 'completed', counts: { sent: 500, unknown: 0, failed: 0 } });
    const resumed = searches().slice(before);
    const firstAfter = resumed[0]?.body as { pagination?: { starting_after?: string } };
    expect(firstAfter.pagination?.starting_after).toBeTruthy();
    const perContact = messagesPerContact(bulk.ws);
    expect(perContact.size).toBe(500);
    expect([...perContact.values()].every((n) => n === 1)).toBe(true);
  }, 120_000);
});
