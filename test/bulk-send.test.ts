import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { JobStore } from '../src/jobs/job-store.js';
import { addAdmin } from './fake-intercom/index.js';
import {
  addBulkWorkspace,
  type BulkWorkspace,
  type JobOutput,
  messagesPerContact,
  sendConfirmed,
  waitForJob,
} from './support/bulk-audience.js';
import { bearer, type CreatedConnection, createConnection } from './support/connections.js';
import { databaseKinds, rowsOf } from './support/databases.js';
import { connectInProcess } from './support/in-process-client.js';
import { callFails, callOk } from './support/tool-calls.js';
import { useTestApp } from './support/use-test-app.js';

interface Started {
  dry_run: boolean;
  audience: { kind: string; id: string; name: string; size: number; sample: { contact_id: string }[] };
  job: { job_id: string; status: string; estimated_seconds: number; estimate_basis: string } | null;
  note: string;
}

const adminMessages = (bulk: BulkWorkspace) => bulk.ws.messages.filter((m) => m.type === 'admin_message');

describe.each(databaseKinds())('bulk sends to a segment or tag on %s', (kind) => {
  const { fake, app } = useTestApp({
    database: kind,
    env: { JOB_MAX_AUDIENCE: '500', JOB_POLL_MS: '50', LOG_LEVEL: 'info' },
  });

  async function connect(
    name: string,
  ): Promise<{ bulk: BulkWorkspace; client: Client; connection: CreatedConnection }> {
    const bulk = addBulkWorkspace(fake, `${name} ${kind}`);
    const connection = await createConnection(app.url, bulk.ws.token);
    return { bulk, client: await connectInProcess(app.runtime, connection.token), connection };
  }

  it('counts a segment and shows a sample on a dry run, sending nothing', async () => {
    const { bulk, client } = await connect('Dry Run Co');
    const out = await callOk<Started>(client, 'send_intercom_message', {
      message_type: 'in_app',
      body: 'Hello',
      segment: { name: 'newsletter READERS' },
      dry_run: true,
    });
    expect(out.job).toBeNull();
    expect(out.audience).toMatchObject({ kind: 'segment', id: bulk.bigSegment.id, size: 500 });
    expect(out.audience.sample).toHaveLength(5);
    for (const s of out.audience.sample) expect(bulk.bigSegment.contactIds).toContain(s.contact_id);
    expect(adminMessages(bulk)).toHaveLength(0);
    const tooBig = await callOk<Started>(client, 'send_intercom_message', {
      message_type: 'in_app',
      body: 'Hello',
      segment: { id: bulk.tooBigSegment.id },
      dry_run: true,
    });
    expect(tooBig.audience.size).toBe(501);
    expect(tooBig.note).toMatch(/at most 500/);
    await client.close();
  });

  it('flags unsubscribed, email-less and archived contacts in a dry run, and the job leaves them out', async () => {
    const { bulk, client } = await connect('Excluded Co');
    const [unsub, noEmail, archived] = bulk.tag.contactIds as [string, string, string];
    const contact = (id: string) => bulk.ws.contacts.get(id) ?? (undefined as never);
    contact(unsub).unsubscribed_from_emails = true;
    contact(noEmail).email = null;
    contact(archived).archived = true;
    const email = { message_type: 'email', subject: 'News', body: 'Hi', tag: 'Beta testers' };
    const dry = await callOk<Started & { audience: Record<string, unknown> }>(
      client,
      'send_intercom_message',
      {
        ...email,
        dry_run: true,
      },
    );
    expect(dry.audience).toMatchObject({
      size: 120,
      would_send: 117,
      excluded: { unsubscribed: 1, no_email: 1, archived: 1, role: 0 },
    });
    expect(dry.audience.excluded_examples).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ contact_id: unsub, reason: 'unsubscribed' }),
        expect.objectContaining({ contact_id: noEmail, reason: 'no_email' }),
        expect.objectContaining({ contact_id: archived, reason: 'archived' }),
      ]),
    );
    expect(dry.note).toMatch(/would message 117 contacts.*3 would be left out/);
    expect(adminMessages(bulk)).toHaveLength(0);
    // In-app messages still reach the unsubscribed and the email-less, not the archived.
    const inApp = await callOk<Started & { audience: Record<string, unknown> }>(
      client,
      'send_intercom_message',
      {
        message_type: 'in_app',
        body: 'Hi',
        tag: 'Beta testers',
        dry_run: true,
      },
    );
    expect(inApp.audience).toMatchObject({ would_send: 119, excluded: { archived: 1, unsubscribed: 0 } });

    const started = await sendConfirmed<Started>(client, email);
    const job = await waitForJob(client, started.job?.job_id ?? '');
    expect(job.counts).toMatchObject({ sent: 117, failed: 3, unknown: 0 });
    const perContact = messagesPerContact(bulk.ws);
    for (const id of [unsub, noEmail, archived]) expect(perContact.has(id)).toBe(false);
    await client.close();
  });

  it('sends exactly one message to each of 500 contacts of a segment, and the counts match', async () => {
    const { bulk, client } = await connect('Segment Co');
    const started = await sendConfirmed<Started>(client, {
      message_type: 'email',
      subject: 'Our spring update',
      body: 'Hi! Here is what is new.',
      segment: { id: bulk.bigSegment.id },
    });
    expect(started.job?.job_id).toMatch(/^job_/);
    expect(started.audience.size).toBe(500);
    expect(started.job?.estimated_seconds).toBeGreaterThan(0);
    expect(started.note).toContain('get_message_job');

    const progress: Progress[] = [];
    let job: JobOutput | undefined;
    for (let i = 0; i < 20 && !job?.done; i++) {
      const result = await client.callTool(
        { name: 'get_message_job', arguments: { job_id: started.job?.job_id, wait_seconds: 10 } },
        undefined,
        { onprogress: (p) => progress.push(p), timeout: 30_000 },
      );
      job = result.structuredContent as unknown as JobOutput;
    }
    expect(job).toMatchObject({
      status: 'completed',
      audience_size: 500,
      counts: { pending: 0, sending: 0, sent: 500, failed: 0, unknown: 0 },
    });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ progress: 500, total: 500 });

    const perContact = messagesPerContact(bulk.ws);
    expect(perContact.size).toBe(500);
    for (const id of bulk.bigSegment.contactIds) expect(perContact.get(id)).toBe(1);
    const sent = adminMessages(bulk);
    expect(sent).toHaveLength(500);
    expect(sent.every((m) => m.subject === 'Our spring update' && m.template === 'plain')).toBe(true);
    // Leads are addressed as leads, users as users.
    const lead = sent.find((m) => m.to[0]?.id === bulk.bigSegment.contactIds[0]);
    expect(lead?.to[0]?.type).toBe('lead');
    await client.close();
    // Its own loop waits up to 20 × 10 s for the job; 500 sends on PGlite take long on a loaded machine.
  }, 120_000);

  it('reaches a tag by name, and reports contacts that cannot receive the message', async () => {
    const { bulk, client } = await connect('Tag Co');
    // Two tagged contacts cannot get an email: one has no address, one is not a user or lead.
    const [noEmail, visitor] = [bulk.tag.contactIds[3], bulk.tag.contactIds[4]] as [string, string];
    const c1 = bulk.ws.contacts.get(noEmail);
    const c2 = bulk.ws.contacts.get(visitor);
    if (!c1 || !c2) throw new Error('seed');
    c1.email = null;
    c2.role = 'visitor' as never;
    const started = await sendConfirmed<Started>(client, {
      message_type: 'email',
      subject: 'Beta news',
      body: 'Thanks for testing!',
      tag: { name: 'beta testers' },
    });
    const job = await waitForJob(client, started.job?.job_id ?? '');
    expect(job.status).toBe('completed');
    expect(job.counts).toEqual({ pending: 0, sending: 0, sent: 118, failed: 2, unknown: 0 });
    expect(job.recipients.map((f) => f.contact_id).sort()).toEqual([noEmail, visitor].sort());
    expect(job.recipients.every((f) => f.state === 'failed')).toBe(true);
    expect(job.recipients.find((f) => f.contact_id === noEmail)?.error).toMatch(/no email address/);
    const perContact = messagesPerContact(bulk.ws);
    expect(perContact.size).toBe(118);
    expect(perContact.has(noEmail) || perContact.has(visitor)).toBe(false);
    await client.close();
  });

  it('refuses an audience over the limit, a second job at once, and unknown audiences, clearly', async () => {
    const { bulk, client } = await connect('Limits Co');
    const base = { message_type: 'in_app', body: 'Hi' };
    expect(
      await callFails(client, 'send_intercom_message', { ...base, segment: { name: 'Everyone' } }),
    ).toMatch(/501 contacts.*at most 500/);
    expect(await callFails(client, 'send_intercom_message', { ...base, segment: { name: 'Nope' } })).toMatch(
      /^segment: no segment has the id or name "Nope"\..*Newsletter readers/,
    );
    expect(await callFails(client, 'send_intercom_message', { ...base, tag: { id: '999999' } })).toMatch(
      /^tag: no tag has the id or name "999999"/,
    );
    const both = await callFails(client, 'send_intercom_message', {
      ...base,
      tag: { id: bulk.tag.id },
      recipients: [{ email: 'reader1@bulk.test' }],
    });
    expect(both).toMatch(/exactly one of recipients, segment or tag/);

    // Slow sends keep the first job running while the second is attempted.
    fake.inject({ kind: 'slow', delayMs: 100, times: 1_000, match: { path: /^\/messages$/ } });
    const first = await sendConfirmed<Started>(client, { ...base, tag: { id: bulk.tag.id } });
    const secondArgs = { ...base, segment: { id: bulk.bigSegment.id } };
    const dry = await callOk<{ confirmation: { token: string } }>(client, 'send_intercom_message', {
      ...secondArgs,
      dry_run: true,
    });
    const second = await callFails(client, 'send_intercom_message', {
      ...secondArgs,
      confirmation_token: dry.confirmation.token,
    });
    expect(second).toContain(first.job?.job_id);
    expect(second).toMatch(/at most 1 at a time/);
    await callOk(client, 'cancel_message_job', { job_id: first.job?.job_id });
    expect(
      await callFails(client, 'get_message_job', { job_id: 'job_00000000-0000-0000-0000-000000000000' }),
    ).toMatch(/^job_id: no bulk message job/);
    await client.close();
  });

  it('stops sending when cancelled', async () => {
    const { bulk, client } = await connect('Cancel Co');
    fake.inject({ kind: 'slow', delayMs: 50, times: 1_000, match: { path: /^\/messages$/ } });
    const started = await sendConfirmed<Started>(client, {
      message_type: 'in_app',
      body: 'Hi',
      segment: { id: bulk.bigSegment.id },
    });
    const jobId = started.job?.job_id ?? '';
    while (adminMessages(bulk).length < 20) await new Promise((r) => setTimeout(r, 20));
    const cancelled = await callOk<JobOutput>(client, 'cancel_message_job', { job_id: jobId });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.done).toBe(true);
    const atCancel = adminMessages(bulk).length;
    await new Promise((r) => setTimeout(r, 1_000));
    // Only the sends already in flight (at most JOB_SEND_CONCURRENCY) may still land.
    const after = adminMessages(bulk).length;
    expect(after - atCancel).toBeLessThanOrEqual(4);
    const final = await callOk<JobOutput>(client, 'get_message_job', { job_id: jobId });
    expect(final.status).toBe('cancelled');
    expect(final.counts.sent + final.counts.unknown).toBe(after);
    expect(final.counts.pending).toBe(500 - after - final.counts.failed);
    expect(final.counts.pending).toBeGreaterThan(400);
    // A new job may start once the cancelled one has ended.
    fake.clearFaults();
    const next = await sendConfirmed<Started>(client, {
      message_type: 'in_app',
      body: 'Hi again',
      tag: { id: bulk.tag.id },
    });
    expect((await waitForJob(client, next.job?.job_id ?? '')).counts.sent).toBe(120);
    await client.close();
  });

  it('slows down through a 429 storm and completes without losing or doubling a message', async () => {
    const { bulk, client } = await connect('Storm Co');
    const started = await sendConfirmed<Started>(client, {
      message_type: 'in_app',
      body: 'Storm test',
      tag: { id: bulk.tag.id },
    });
    // The workspace's budget runs out again and again while the job runs, and some sends get 429s.
    fake.inject({ kind: 'status', status: 429, times: 4, match: { path: /^\/messages$/ } });
    const storm = (async () => {
      for (let i = 0; i < 4; i++) {
        fake.inject({ kind: 'rateLimitRemaining', remaining: 0, resetInSeconds: 1, workspaceId: bulk.ws.id });
        await new Promise((r) => setTimeout(r, 700));
      }
    })();
    const job = await waitForJob(client, started.job?.job_id ?? '');
    await storm;
    expect(job.status).toBe('completed');
    expect(job.counts).toEqual({ pending: 0, sending: 0, sent: 120, failed: 0, unknown: 0 });
    const perContact = messagesPerContact(bulk.ws);
    expect(perContact.size).toBe(120);
    expect([...perContact.values()].every((n) => n === 1)).toBe(true);
    const posts = fake.requestsFor(bulk.ws.id).filter((r) => r.method === 'POST' && r.path === '/messages');
    const limited = posts.filter((r) => r.status === 429).length;
    // Every 429 paused the job and its recipient was sent once later; pacing kept the job from
    // running into the exhausted windows (only the injected 429s and the sends already in flight).
    expect(limited).toBeGreaterThanOrEqual(4);
    expect(limited).toBeLessThanOrEqual(8);
    expect(posts.length).toBe(120 + limited);
    await client.close();
  }, 60_000);

  it('deletes ended jobs and their recipients after the retention period, keeping recent ones', async () => {
    const { bulk, client } = await connect('Retention Co');
    const started = await sendConfirmed<Started>(client, {
      message_type: 'in_app',
      body: 'Old news',
      tag: { id: bulk.tag.id },
    });
    const jobId = started.job?.job_id ?? '';
    expect((await waitForJob(client, jobId)).status).toBe('completed');
    const { db } = app.runtime.deps.database;
    const store = new JobStore(db);
    expect(await store.purgeEnded(30)).toBe(0);
    await db.execute(
      sql`update message_jobs set finished_at = now() - interval '31 days' where id = ${jobId}`,
    );
    expect(await store.purgeEnded(30)).toBe(1);
    expect(await store.countsByState(jobId)).toEqual({
      pending: 0,
      sending: 0,
      sent: 0,
      failed: 0,
      unknown: 0,
    });
    expect(await callFails(client, 'get_message_job', { job_id: jobId })).toMatch(
      /^job_id: no bulk message job/,
    );
    await client.close();
  });

  it('marks sends Intercom did not confirm as unknown, never resends them, and rests the job', async () => {
    const { bulk, client } = await connect('Outage Co');
    fake.inject({ kind: 'status', status: 503, times: 2, match: { path: /^\/messages$/ } });
    const started = await sendConfirmed<Started>(client, {
      message_type: 'in_app',
      body: 'Outage test',
      tag: { id: bulk.tag.id },
    });
    const jobId = started.job?.job_id ?? '';
    // The first 503 pauses the job: while it rests, the report says so.
    let paused: JobOutput & { paused_until: string | null; note: string } = await callOk(
      client,
      'get_message_job',
      {
        job_id: jobId,
      },
    );
    for (let i = 0; i < 50 && !paused.paused_until; i++) {
      await new Promise((r) => setTimeout(r, 50));
      paused = await callOk(client, 'get_message_job', { job_id: jobId });
    }
    expect(paused.paused_until).not.toBeNull();
    expect(paused.note).toMatch(/resting until/);
    const job = await waitForJob(client, jobId);
    expect(job.status).toBe('completed');
    expect(job.counts.unknown).toBeGreaterThanOrEqual(1);
    expect(job.counts.sent + job.counts.unknown).toBe(120);
    expect(job.recipients.find((r) => r.state === 'unknown')?.error).toMatch(
      /Not confirmed \(Intercom answered HTTP 503\).*may have been sent/,
    );
    // Each recipient got exactly one request: the unconfirmed ones were not tried again.
    const posts = fake.requestsFor(bulk.ws.id).filter((r) => r.method === 'POST' && r.path === '/messages');
    expect(posts).toHaveLength(120);
    await client.close();
  });

  it('fails the job once, not per contact, when every send fails for the same reason', async () => {
    const { bulk, client } = await connect('Gone Admin Co');
    const sender = addAdmin(bulk.ws, { name: 'Leaving Colleague', email: 'leaving@bulk.test' });
    const started = await sendConfirmed<Started>(client, {
      message_type: 'in_app',
      body: 'From a colleague',
      segment: { id: bulk.bigSegment.id },
      from_admin_id: sender.id,
    });
    // The sending admin leaves the workspace before the sends start.
    bulk.ws.admins.delete(sender.id);
    const job = await waitForJob(client, started.job?.job_id ?? '');
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/every send failed/);
    expect(job.counts.sent).toBe(0);
    const posts = fake.requestsFor(bulk.ws.id).filter((r) => r.method === 'POST' && r.path === '/messages');
    expect(posts.length).toBeLessThan(40);
    expect(job.counts.failed).toBe(500);
    // Recipients are listed by state, a page at a time.
    const page1 = await callOk<JobOutput>(client, 'get_message_job', {
      job_id: started.job?.job_id,
      state: 'failed',
      per_page: 10,
    });
    const page2 = await callOk<JobOutput>(client, 'get_message_job', {
      job_id: started.job?.job_id,
      state: 'failed',
      per_page: 10,
      cursor: page1.next_cursor,
    });
    expect(page1.next_cursor).toBe('10');
    expect(page2.recipients).toHaveLength(10);
    expect(page2.recipients.map((f) => f.contact_id)).not.toContain(page1.recipients[0]?.contact_id);
    const sent = await callOk<JobOutput>(client, 'get_message_job', {
      job_id: started.job?.job_id,
      state: 'sent',
    });
    expect(sent.recipients).toEqual([]);
    await client.close();
  });

  it('stops a job whose connection is revoked, sending nothing more', async () => {
    const { bulk, client, connection } = await connect('Revoked Co');
    fake.inject({ kind: 'slow', delayMs: 30, times: 1_000, match: { path: /^\/messages$/ } });
    const started = await sendConfirmed<Started>(client, {
      message_type: 'in_app',
      body: 'Hi',
      segment: { id: bulk.bigSegment.id },
    });
    while (adminMessages(bulk).length < 10) await new Promise((r) => setTimeout(r, 20));
    const revoked = await fetch(`${app.url}/api/connections/self`, {
      method: 'DELETE',
      headers: bearer(connection.token),
    });
    expect(revoked.status).toBeLessThan(300);
    const atRevoke = adminMessages(bulk).length;
    const { db } = app.runtime.deps.database;
    let status = '';
    for (let i = 0; i < 100 && status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const rows = await rowsOf<{ status: string }>(
        app.runtime.deps.database,
        sql`select status from message_jobs where id = ${started.job?.job_id ?? ''}`,
      );
      status = rows[0]?.status ?? '';
    }
    expect(status).toBe('failed');
    expect(adminMessages(bulk).length - atRevoke).toBeLessThanOrEqual(4 * 4);
    const store = new JobStore(db);
    const counts = await store.countsByState(started.job?.job_id ?? '');
    expect(counts.pending + counts.sending).toBe(0);
    expect(counts.sent + counts.unknown).toBe(adminMessages(bulk).length);
  });
});
