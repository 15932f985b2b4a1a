import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { addContact, addTag } from './fake-intercom/index.js';
import type { FakeWorkspace } from './fake-intercom/types.js';
import { waitForJob } from './support/bulk-audience.js';
import { bearer, type CreatedConnection, createConnection } from './support/connections.js';
import { databaseKinds } from './support/databases.js';
import { connectInProcess } from './support/in-process-client.js';
import { connectClient } from './support/mcp-clients.js';
import { recordSecret } from './support/suite-log.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { callFails, callOk } from './support/tool-calls.js';
import { useTestApp } from './support/use-test-app.js';

interface DryRun {
  audience: { size: number; would_send: number };
  confirmation?: { token: string; expires_at: string; covers: string };
  note: string;
}

describe.each(databaseKinds())('confirmation of sends to a tag on %s', (kind) => {
  const t = useTestApp({ database: kind, env: { JOB_POLL_MS: '50', LOG_LEVEL: 'info' } });
  const others: TestApp[] = [];
  afterAll(async () => {
    for (const other of others) await other.close();
  });
  let n = 0;

  /** A workspace of its own with a tag on `size` users, connected with every scope. */
  async function setup(size = 5, transport: 'in-process' | 'http' = 'in-process') {
    const ws = t.fake.addWorkspace({ name: `Confirm ${++n} ${kind}` });
    const tag = addTag(ws, 'Customers');
    for (let i = 0; i < size; i++) addContact(ws, { email: `c${i}@confirm.test`, tagIds: [tag.id] });
    const other = addTag(ws, 'Others');
    addContact(ws, { email: 'o@confirm.test', tagIds: [other.id] });
    const connection = await createConnection(t.app.url, ws.token);
    // Over HTTP each call authenticates again, so it sees settings changed meanwhile.
    const client =
      transport === 'http'
        ? await connectClient(t.app.url, connection)
        : await connectInProcess(t.app.runtime, connection.token);
    const send = { message_type: 'in_app', body: 'Our news', tag: tag.name };
    const dryRun = (args: Record<string, unknown> = send) =>
      callOk<DryRun>(client, 'send_intercom_message', { ...args, dry_run: true });
    return { ws, tag, other, connection, client, send, dryRun };
  }
  const sent = (ws: FakeWorkspace) => ws.messages.filter((m) => m.type === 'admin_message');
  const posts = (ws: FakeWorkspace) =>
    t.fake.requestsFor(ws.id).filter((r) => r.method === 'POST' && r.path === '/messages');

  it('refuses a send without a token, and the dry run’s token sends exactly once', async () => {
    const { ws, client, send, dryRun } = await setup();
    expect(await callFails(client, 'send_intercom_message', send)).toMatch(
      /Sending to the 5 contacts of the tag "Customers" needs a confirmation\. Nothing was done\. Call again with dry_run: true/,
    );
    const dry = await dryRun();
    expect(dry.confirmation).toMatchObject({ token: expect.stringMatching(/^icmc_/) });
    expect(dry.note).toMatch(/repeat the call without dry_run and with confirmation_token/);
    expect(posts(ws)).toHaveLength(0);

    const token = dry.confirmation?.token;
    const started = await callOk<{ job: { job_id: string } }>(client, 'send_intercom_message', {
      ...send,
      confirmation_token: token,
    });
    expect((await waitForJob(client, started.job.job_id)).counts.sent).toBe(5);
    // The same token again: spent.
    expect(await callFails(client, 'send_intercom_message', { ...send, confirmation_token: token })).toMatch(
      /confirmation_token refused: it was already used.*Dry-run again/,
    );
    expect(sent(ws)).toHaveLength(5);
    expect(posts(ws)).toHaveLength(5);
    await client.close();
  });

  it('refuses a token for another message, sender or tag, or an expired one, sending nothing', async () => {
    const { ws, tag, other, client, send, dryRun } = await setup();
    const token = (await dryRun())?.confirmation?.token;
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        { ...send, body: 'Our news!' },
        /the message \(type, subject, body, template or conversation option\) differs/,
      ],
      [{ ...send, message_type: 'email', subject: 'News' }, /the message .* differs/],
      [{ ...send, tag: other.name }, /it was issued for another segment or tag/],
      [{ ...send, tag: { id: tag.id }, body: 'x' }, /the message .* differs/],
    ];
    for (const [args, why] of cases) {
      const text = await callFails(client, 'send_intercom_message', { ...args, confirmation_token: token });
      expect(text).toMatch(why);
      expect(text).toMatch(/Nothing was done\. Dry-run again/);
    }
    expect(
      await callFails(client, 'send_intercom_message', { ...send, confirmation_token: 'icmc_made_up' }),
    ).toMatch(/not a confirmation this connection was given/);
    // Past its lifetime even the matching call is refused.
    await t.app.runtime.deps.database.db.execute(
      sql`update confirmations set expires_at = now() - interval '1 second'`,
    );
    expect(await callFails(client, 'send_intercom_message', { ...send, confirmation_token: token })).toMatch(
      /it expired \(a confirmation lasts 10 minutes\)/,
    );
    expect(posts(ws)).toHaveLength(0);
    await client.close();
  });

  it('refuses a token once the audience has grown, naming both counts', async () => {
    const { ws, tag, client, send, dryRun } = await setup();
    const token = (await dryRun()).confirmation?.token;
    addContact(ws, { email: 'late@confirm.test', tagIds: [tag.id] });
    expect(await callFails(client, 'send_intercom_message', { ...send, confirmation_token: token })).toMatch(
      /the audience now has 6 contacts; the dry run counted 5/,
    );
    expect(posts(ws)).toHaveLength(0);
    // A new dry run counts 6 and its token sends to all 6.
    const again = await dryRun();
    const started = await callOk<{ job: { job_id: string } }>(client, 'send_intercom_message', {
      ...send,
      confirmation_token: again.confirmation?.token,
    });
    expect((await waitForJob(client, started.job.job_id)).counts.sent).toBe(6);
    expect(sent(ws)).toHaveLength(6);
    await client.close();
  });

  // Several instances share a Postgres; the embedded database serves one process (a second is refused).
  it.runIf(kind === 'postgres')(
    'accepts a token issued by another instance sharing the database, once across both',
    async () => {
      const { ws, connection, client, send, dryRun } = await setup();
      const second = await startTestApp({
        database: t.database,
        intercomUrl: t.fake.url,
        env: { ENCRYPTION_KEYS: t.app.encryptionKeys, LOG_LEVEL: 'info', JOB_POLL_MS: '50' },
      });
      others.push(second);
      const there = await connectInProcess(second.runtime, connection.token);
      const token = (await dryRun()).confirmation?.token;
      const results = await Promise.all(
        [client, there].map((c) =>
          c.callTool({ name: 'send_intercom_message', arguments: { ...send, confirmation_token: token } }),
        ),
      );
      expect(results.filter((r) => !r.isError)).toHaveLength(1);
      const ok = results.find((r) => !r.isError)?.structuredContent as { job: { job_id: string } };
      expect((await waitForJob(client, ok.job.job_id)).counts.sent).toBe(5);
      expect(sent(ws)).toHaveLength(5);
      await there.close();
      await client.close();
    },
  );

  it('lets the owner set caps: a threshold below which no token is needed, and sends per day', async () => {
    const { ws, connection, client, send } = await setup(3, 'http');
    const patch = (body: unknown) =>
      fetch(`${t.app.url}/api/connections/self`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json', ...bearer(connection.token) },
        body: JSON.stringify(body),
      });
    // Loosening needs the owner's Intercom token; the connection's own token is not enough.
    const refused = await patch({ caps: { confirm_above: 10 } });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'owner_required' } });
    const loosened = await patch({ caps: { confirm_above: 10 }, intercom_token: ws.token });
    expect(loosened.status).toBe(200);
    expect(((await loosened.json()) as CreatedConnection & { caps: unknown }).caps).toEqual({
      confirm_above: 10,
      sends_per_day: null,
    });
    const small = await callOk<{ job: { job_id: string } }>(client, 'send_intercom_message', send);
    expect((await waitForJob(client, small.job.job_id)).counts.sent).toBe(3);

    // Tightening needs only the connection's token: 4 a day, 3 already sent, 3 more would exceed it.
    expect((await patch({ caps: { sends_per_day: 4 } })).status).toBe(200);
    const dry = await callOk<DryRun>(client, 'send_intercom_message', {
      ...send,
      body: 'Again',
      dry_run: true,
    });
    expect(dry.note).toMatch(/daily cap leaves room for 1 more messages .* would be refused now/);
    expect(await callFails(client, 'send_intercom_message', { ...send, body: 'Again' })).toMatch(
      /at most 4 messages a day.*3 were sent or queued in the last 24 hours and this send would add 3/,
    );
    expect(sent(ws)).toHaveLength(3);
    const bad = await patch({ caps: { confirm_above: -1 } });
    expect(bad.status).toBe(400);
    // Caps can be chosen at connect time too (the owner's Intercom token is there).
    const created = await fetch(`${t.app.url}/api/connections`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ intercom_token: ws.token, caps: { confirm_above: 25, sends_per_day: 500 } }),
    });
    expect(created.status).toBe(201);
    const body = (await created.json()) as CreatedConnection & { caps: unknown };
    recordSecret(body.token);
    expect(body.caps).toEqual({ confirm_above: 25, sends_per_day: 500 });
    await client.close();
  });
});
