import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { addContact } from '../fake-intercom/index.js';
import { WORKSPACE_A } from '../fake-intercom/seed-a.js';
import { useToolHarness } from './harness.js';

const h = useToolHarness();
const C = WORKSPACE_A.contacts;
const SHARED_EMAIL = 'shared.inbox@ambiguous.test';

interface Result {
  index: number;
  recipient: string;
  contact_id: string | null;
  role: string | null;
  status: string;
  message_id: string | null;
  conversation_id: string | null;
  duplicate_of: number | null;
  candidates?: { id: string; role: string | null }[];
  error: string | null;
}
interface Output {
  dry_run: boolean;
  from_admin: { id: string; name: string };
  summary: Record<string, number>;
  results: Result[];
}

const posts = () => h.recorded().filter((r) => r.method === 'POST' && r.path === '/messages');

describe('send_intercom_message', () => {
  beforeAll(() => {
    // A user and a lead sharing one email: naming it must be reported as ambiguous, never guessed.
    addContact(h.workspaceA, { role: 'user', email: SHARED_EMAIL, name: 'Shared User' });
    addContact(h.workspaceA, { role: 'lead', email: SHARED_EMAIL, name: 'Shared Lead' });
  });
  it('sends in-app messages to a user and a lead, with progress notifications', async () => {
    const before = h.workspaceA.messages.length;
    const progress: Progress[] = [];
    const result = (await h.client.callTool(
      {
        name: 'send_intercom_message',
        arguments: {
          message_type: 'in_app',
          body: 'Hi! Our new dashboard is live.',
          recipients: [{ email: C.jane.email }, { id: C.lead1.id }, { external_id: C.marcus.external_id }],
        },
      },
      undefined,
      { onprogress: (p) => progress.push(p) },
    )) as CallToolResult;
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    const out = result.structuredContent as unknown as Output;
    expect(out.results.map((r) => [r.contact_id, r.role, r.status])).toEqual([
      [C.jane.id, 'user', 'sent'],
      [C.lead1.id, 'lead', 'sent'],
      [C.marcus.id, 'user', 'sent'],
    ]);
    expect(out.summary).toMatchObject({ sent: 3, failed: 0, unknown: 0 });
    expect(out.from_admin).toEqual({ id: WORKSPACE_A.ownerAdminId, name: 'Alice Anders' });

    const sent = h.workspaceA.messages.slice(before);
    expect(sent).toHaveLength(3);
    expect(out.results.map((r) => r.message_id)).toEqual(sent.map((m) => m.id));
    expect(sent.every((m) => m.message_type === 'inapp' && m.type === 'admin_message')).toBe(true);

    const bodies = posts().map((r) => r.body);
    expect(bodies).toHaveLength(3);
    expect(bodies[0]).toEqual({
      message_type: 'in_app',
      body: 'Hi! Our new dashboard is live.',
      from: { type: 'admin', id: Number(WORKSPACE_A.ownerAdminId) },
      to: { type: 'user', id: C.jane.id },
    });
    expect(bodies[1]).toMatchObject({ to: { type: 'lead', id: C.lead1.id } });

    expect(progress.length).toBe(6); // 3 resolved + 3 processed
    expect(progress.map((p) => p.progress)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(progress.every((p) => p.total === 6)).toBe(true);
    expect(h.fake.unhandled).toEqual([]);
  });

  it('sends an email with subject, default plain template and an explicit sender', async () => {
    const out = await h.ok<Output>('send_intercom_message', {
      message_type: 'email',
      subject: 'Your invoice',
      body: '<p>Hi Priya, your invoice is attached.</p>',
      recipients: [{ email: C.priya.email }],
      from_admin_id: 'bob@acme-support.test',
      create_conversation_without_contact_reply: true,
    });
    expect(out.results[0]).toMatchObject({ status: 'sent', contact_id: C.priya.id });
    expect(out.results[0]?.conversation_id).toMatch(/^\d+$/);
    expect(h.workspaceA.conversations.has(out.results[0]?.conversation_id ?? '')).toBe(true);
    // The sender is resolved from the admin list (read once per connection, then cached).
    expect(
      h
        .recorded()
        .filter((r) => r.path !== '/admins')
        .map((r) => `${r.method} ${r.path}`),
    ).toEqual(['POST /contacts/search', 'POST /messages']);
    expect(posts()[0]?.body).toEqual({
      message_type: 'email',
      subject: 'Your invoice',
      template: 'plain',
      body: '<p>Hi Priya, your invoice is attached.</p>',
      from: { type: 'admin', id: Number(WORKSPACE_A.admins.bob) },
      to: { type: 'user', id: C.priya.id },
      create_conversation_without_contact_reply: true,
    });
  });

  it('rejects an email without subject, template on in_app, and more than 25 recipients before any call', async () => {
    const noSubject = await h.fails('send_intercom_message', {
      message_type: 'email',
      body: 'Hi',
      recipients: [{ email: C.jane.email }],
    });
    expect(noSubject).toMatch(/subject: an email message needs a subject/);
    const template = await h.fails('send_intercom_message', {
      message_type: 'in_app',
      body: 'Hi',
      template: 'personal',
      recipients: [{ email: C.jane.email }],
    });
    expect(template).toMatch(/template: template applies to email messages only/);
    const tooMany = await h.fails('send_intercom_message', {
      message_type: 'in_app',
      body: 'Hi',
      recipients: Array.from({ length: 26 }, (_, i) => ({ email: `user${i}@example.com` })),
    });
    expect(tooMany).toMatch(/recipients: .*25/);
    const twoKeys = await h.fails('send_intercom_message', {
      message_type: 'in_app',
      body: 'Hi',
      recipients: [{ email: C.jane.email, id: C.jane.id }],
    });
    expect(twoKeys).toMatch(/exactly one of id, email or external_id/);
    const badAdmin = await h.fails('send_intercom_message', {
      message_type: 'in_app',
      body: 'Hi',
      recipients: [{ email: C.jane.email }],
      from_admin_id: '999999',
    });
    expect(badAdmin).toMatch(/^from_admin_id: no admin has the id, name or email "999999"\. Known admins: /);
    expect(posts()).toEqual([]);
  });

  it('reports unknown, ambiguous, duplicate and email-less recipients and sends only the rest', async () => {
    const before = h.workspaceA.messages.length;
    const out = await h.ok<Output>('send_intercom_message', {
      message_type: 'email',
      subject: 'Renewal',
      body: 'Your plan renews soon.',
      recipients: [
        { email: 'nobody@nowhere.test' },
        { email: SHARED_EMAIL },
        { id: C.tom.id },
        { email: C.tom.email.toUpperCase() },
        { id: C.lead3.id },
      ],
    });
    const [unknown, ambiguous, tom, tomAgain, noEmail] = out.results;
    expect(unknown).toMatchObject({ status: 'not_found', contact_id: null, message_id: null });
    expect(unknown?.error).toMatch(/nobody@nowhere.test/);
    expect(ambiguous).toMatchObject({ status: 'ambiguous', contact_id: null });
    expect(ambiguous?.candidates?.map((c) => c.role).sort()).toEqual(['lead', 'user']);
    expect(tom).toMatchObject({ status: 'sent', contact_id: C.tom.id, duplicate_of: null });
    expect(tomAgain).toMatchObject({ status: 'sent', duplicate_of: 2, message_id: tom?.message_id });
    expect(noEmail).toMatchObject({ status: 'excluded', reason: 'no_email', contact_id: C.lead3.id });
    expect(noEmail?.error).toMatch(/no email address/);
    expect(out.summary).toEqual({
      sent: 1,
      failed: 0,
      unknown: 0,
      would_send: 0,
      excluded: 1,
      not_found: 1,
      ambiguous: 1,
      duplicates: 1,
    });
    expect(posts()).toHaveLength(1);
    expect(h.workspaceA.messages.length).toBe(before + 1);
  });

  it('dry run resolves and checks every recipient and sends nothing', async () => {
    const before = h.workspaceA.messages.length;
    const out = await h.ok<Output>('send_intercom_message', {
      message_type: 'in_app',
      body: 'Hello',
      recipients: [{ email: C.sofia.email }, { external_id: C.liam.external_id }, { email: SHARED_EMAIL }],
      dry_run: true,
    });
    expect(out.dry_run).toBe(true);
    expect(out.results.map((r) => r.status)).toEqual(['would_send', 'would_send', 'ambiguous']);
    expect(out.results.map((r) => r.message_id)).toEqual([null, null, null]);
    expect(posts()).toEqual([]);
    expect(h.recorded().every((r) => r.path === '/contacts/search')).toBe(true);
    expect(h.workspaceA.messages.length).toBe(before);
  });

  it("cannot message another workspace's contact", async () => {
    const before = h.workspaceA.messages.length;
    const out = await h.ok<Output>(
      'send_intercom_message',
      { message_type: 'in_app', body: 'Hi', recipients: [{ id: C.jane.id }, { email: C.jane.email }] },
      h.clientB,
    );
    expect(out.results.map((r) => r.status)).toEqual(['not_found', 'not_found']);
    expect(h.recorded()).toEqual([]);
    expect(h.fake.requests.some((r) => r.method === 'POST' && r.path === '/messages')).toBe(false);
    expect(h.workspaceA.messages.length).toBe(before);
  });

  it('does not retry a send that failed with 503 and reports it as unknown; the others still go out', async () => {
    const before = h.workspaceA.messages.length;
    h.fake.inject({ kind: 'status', status: 503, times: 1, match: { method: 'POST', path: /^\/messages$/ } });
    const out = await h.ok<Output>('send_intercom_message', {
      message_type: 'in_app',
      body: 'Hi',
      recipients: [{ id: C.noah.id }, { id: C.jane.id }],
    });
    expect(out.results.map((r) => r.status)).toEqual(['unknown', 'sent']);
    expect(out.results[0]?.error).toMatch(/may have been sent: check .* before retrying/);
    expect(posts().map((r) => r.status)).toEqual([503, 200]);
    expect(h.workspaceA.messages.length).toBe(before + 1);
  });

  it('does not retry a send whose connection dropped after Intercom applied it', async () => {
    const before = h.workspaceA.messages.length;
    h.fake.inject({ kind: 'drop', when: 'after', times: 1, match: { path: /^\/messages$/ } });
    const out = await h.ok<Output>('send_intercom_message', {
      message_type: 'in_app',
      body: 'Hi',
      recipients: [{ id: C.noah.id }],
    });
    expect(out.results[0]).toMatchObject({ status: 'unknown', message_id: null });
    expect(out.summary.unknown).toBe(1);
    expect(posts()).toHaveLength(1);
    expect(h.workspaceA.messages.length).toBe(before + 1); // sent once, never twice
    expect(h.fake.unhandled).toEqual([]);
  });
});
