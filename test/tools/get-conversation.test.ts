import { afterEach, describe, expect, it } from 'vitest';
import { addPart, createConversationWithParts } from '../fake-intercom/index.js';
import { WORKSPACE_A } from '../fake-intercom/seed-a.js';
import { WORKSPACE_B } from '../fake-intercom/seed-b.js';
import { useToolHarness } from './harness.js';

const h = useToolHarness();
const K = WORKSPACE_A.conversations;

interface Part {
  id: string;
  type: string;
  internal: boolean;
  author: { type: string | null; id: string | null; name: string | null };
  body: string | null;
  truncated?: boolean;
  created_at: string | null;
}
interface Out {
  id: string;
  state: string;
  title: string | null;
  contact: { id: string; email: string | null; name: string | null } | null;
  admin_assignee: { id: string; name: string | null } | null;
  team_assignee: { id: string; name: string | null } | null;
  tags: string[];
  first_message: { author: Part['author']; body: string | null; truncated?: boolean };
  parts: Part[];
  omitted_parts: number;
  next_cursor: string | null;
  sentiment: { label: string; score: number } | null;
  hint?: string;
}

describe('get_conversation', () => {
  afterEach(() => expect(h.fake.unhandled).toEqual([]));

  it('returns the conversation as plain text with authors and internal notes marked', async () => {
    const out = await h.ok<Out>('get_conversation', { conversation_id: K.loginBug });
    // Admin and team names come from the lists the directory caches per connection.
    expect(h.recorded()).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: `/conversations/${K.loginBug}`,
        query: { display_as: 'plaintext' },
      }),
      expect.objectContaining({ method: 'GET', path: '/admins' }),
      expect.objectContaining({ method: 'GET', path: '/teams' }),
    ]);
    expect(out).toMatchObject({
      id: K.loginBug,
      state: 'open',
      contact: { id: WORKSPACE_A.contacts.jane.id, email: 'jane.doe@globex.com', name: 'Jane Doe' },
      admin_assignee: { id: WORKSPACE_A.admins.bob, name: 'Bob Brennan' },
      team_assignee: { id: WORKSPACE_A.teams.tier1, name: 'Tier 1 Support' },
      tags: expect.arrayContaining(['Bug', 'VIP']),
      omitted_parts: 0,
      next_cursor: null,
      first_message: {
        author: { type: 'user', id: WORKSPACE_A.contacts.jane.id, name: 'Jane Doe' },
        body: 'I need support: I cannot log in since this morning, the page just spins.',
      },
    });
    expect(out.parts.map((p) => [p.type, p.author.type, p.internal])).toEqual([
      ['comment', 'admin', false],
      ['comment', 'user', false],
      ['note', 'admin', true],
    ]);
    expect(out.parts[0]).toMatchObject({
      author: { id: WORKSPACE_A.admins.bob, name: 'Bob Brennan' },
      body: 'Sorry about that, Jane! Could you tell me which browser you are using?',
    });
    expect(out.parts[1]?.body).toBe('Chrome 129 on macOS.');
    expect(out.parts[2]?.created_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(JSON.stringify(out)).not.toContain('<p>');
  });

  it('labels the sentiment of the customer’s messages', async () => {
    const angry = await h.ok<Out>('get_conversation', { conversation_id: K.refundAngry });
    expect(angry.sentiment?.label).toBe('negative');
    const happy = await h.ok<Out>('get_conversation', { conversation_id: K.thanks });
    expect(happy.sentiment?.label).toBe('positive');
  });

  it('keeps a 300-part conversation under 20,000 characters and pages through older parts', async () => {
    const conv = createConversationWithParts(h.workspaceA, 300);
    const out = await h.ok<Out>('get_conversation', { conversation_id: conv.id });
    const result = await h.call('get_conversation', { conversation_id: conv.id });
    const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
    expect(text.length).toBeLessThan(20_000);
    expect(JSON.stringify(result.structuredContent).length).toBeLessThan(20_000);
    expect(out.parts).toHaveLength(20);
    expect(out.omitted_parts).toBe(280);
    expect(out.parts.at(-1)?.body).toBe('Customer message 300');
    expect(out.parts[0]?.body).toBe('Admin reply 281');
    expect(out.next_cursor).toBe(out.parts[0]?.id);

    const older = await h.ok<Out>('get_conversation', {
      conversation_id: conv.id,
      per_page: 5,
      cursor: out.next_cursor,
    });
    expect(older.parts.map((p) => p.body)).toEqual([
      'Customer message 276',
      'Admin reply 277',
      'Customer message 278',
      'Admin reply 279',
      'Customer message 280',
    ]);
    expect(older.omitted_parts).toBe(275);

    const most = await h.call('get_conversation', { conversation_id: conv.id, per_page: 50 });
    expect(JSON.stringify(most.structuredContent).length).toBeLessThan(20_000);
  });

  it('cuts long bodies and keeps many long parts within the size cap', async () => {
    const conv = createConversationWithParts(h.workspaceA, 2);
    for (let i = 0; i < 100; i++) {
      addPart(h.workspaceA, conv, {
        by: 'contact',
        body: `<p>${'very long complaint '.repeat(100)}${i}</p>`,
      });
    }
    const result = await h.call('get_conversation', { conversation_id: conv.id, per_page: 50 });
    const out = result.structuredContent as unknown as Out;
    expect(result.isError).toBeFalsy();
    expect(JSON.stringify(out).length).toBeLessThan(20_000);
    expect(out.parts.at(-1)).toMatchObject({ truncated: true });
    expect(out.parts.at(-1)?.body?.length).toBeLessThanOrEqual(600);
    expect(out.parts.length).toBeLessThan(50);
    expect(out.omitted_parts).toBe(102 - out.parts.length);
    expect(out.hint).toMatch(/compact: true fits more/);
  });

  it('reads any part in full by part_id, with offset for very long ones', async () => {
    const conv = createConversationWithParts(h.workspaceA, 2);
    const long = `Error code E-4711 at the end: ${'x'.repeat(20_000)} FINAL-CODE-9`;
    const part = addPart(h.workspaceA, conv, { by: 'contact', body: `<p>${long}</p>` });
    const cut = await h.ok<Out>('get_conversation', { conversation_id: conv.id });
    expect(cut.parts.at(-1)).toMatchObject({ id: part.id, truncated: true });
    expect(cut.parts.at(-1)?.body).not.toContain('FINAL-CODE-9');

    const first = await h.ok<Out & { next_offset?: number }>('get_conversation', {
      conversation_id: Number(conv.id),
      part_id: Number(part.id),
    });
    expect(first.parts).toHaveLength(1);
    expect(first.parts[0]?.body?.length).toBe(12_000);
    expect(first.next_offset).toBe(12_000);
    const rest = await h.ok<Out & { next_offset?: number }>('get_conversation', {
      conversation_id: conv.id,
      part_id: part.id,
      offset: first.next_offset,
    });
    expect(`${first.parts[0]?.body}${rest.parts[0]?.body}`).toBe(long);
    expect(rest.next_offset).toBeUndefined();

    // The first message has an id too (first_message.id) and reads the same way.
    const whole = await h.ok<Out & { first_message: { id: string } }>('get_conversation', {
      conversation_id: K.loginBug,
    });
    const again = await h.ok<Out>('get_conversation', {
      conversation_id: K.loginBug,
      part_id: whole.first_message.id,
    });
    expect(again.first_message.body).toContain('I cannot log in');
    expect(await h.fails('get_conversation', { conversation_id: K.loginBug, part_id: '123' })).toMatch(
      /^part_id: part 123 is not among the \d+ parts/,
    );
  });

  it('takes an Intercom inbox URL as the id, and gives one line per part in compact mode', async () => {
    const conv = createConversationWithParts(h.workspaceA, 120);
    const url = `https://app.intercom.com/a/inbox/wsa111/inbox/shared/all/conversation/${conv.id}#part_id=comment-1`;
    const compact = await h.ok<Out>('get_conversation', {
      conversation_id: url,
      compact: true,
      per_page: 50,
    });
    expect(compact.id).toBe(conv.id);
    expect(compact.parts).toHaveLength(50);
    expect(compact.parts.every((p) => (p.body?.length ?? 0) <= 160)).toBe(true);
  });

  it('names assignment targets, the rating’s teammate, waiting-since, priority and the snooze end', async () => {
    const conv = createConversationWithParts(h.workspaceA, 1);
    addPart(h.workspaceA, conv, {
      by: WORKSPACE_A.admins.alice,
      type: 'assignment',
      assignedTo: { type: 'team', id: WORKSPACE_A.teams.billing },
    });
    addPart(h.workspaceA, conv, {
      by: WORKSPACE_A.admins.alice,
      type: 'assignment',
      assignedTo: { type: 'admin', id: WORKSPACE_A.admins.carla },
    });
    const out = await h.ok<Out & { rating: unknown; priority: boolean; waiting_since: string | null }>(
      'get_conversation',
      { conversation_id: conv.id },
    );
    expect(out.parts.slice(-2).map((p) => (p as Part & { assigned_to?: unknown }).assigned_to)).toEqual([
      { type: 'team', id: WORKSPACE_A.teams.billing, name: 'Billing' },
      { type: 'admin', id: WORKSPACE_A.admins.carla, name: 'Carla Cruz' },
    ]);
    expect(out.priority).toBe(false);
    expect('waiting_since' in out).toBe(true);

    const rated = await h.ok<{ rating: unknown }>('get_conversation', { conversation_id: K.thanks });
    expect(rated.rating).toEqual({
      rating: 5,
      remark: 'Great, fast and friendly',
      teammate: { id: WORKSPACE_A.admins.alice, name: 'Alice Anders' },
    });
    const snoozed = await h.ok<{ state: string; snoozed_until: string | null }>('get_conversation', {
      conversation_id: K.snoozedTrial,
    });
    expect(snoozed).toMatchObject({ state: 'snoozed', snoozed_until: '2033-05-18T03:33:20.000Z' });
  });

  it('rejects a malformed id and reports an unknown one', async () => {
    expect(await h.fails('get_conversation', { conversation_id: 'abc' })).toMatch(/conversation_id/);
    expect(await h.fails('get_conversation', { conversation_id: K.loginBug, per_page: 51 })).toMatch(
      /per_page: Too big/,
    );
    expect(await h.fails('get_conversation', { conversation_id: '99999999' })).toMatch(/Not found/);
  });

  it('rejects a cursor that is not a part of the conversation', async () => {
    const text = await h.fails('get_conversation', { conversation_id: K.loginBug, cursor: '999999999' });
    expect(text).toMatch(/omit cursor/);
  });

  it('does not read another workspace’s conversation', async () => {
    expect(await h.fails('get_conversation', { conversation_id: K.loginBug }, h.clientB)).toMatch(
      /Not found/,
    );
    const b = Object.values(WORKSPACE_B.conversations)[0] as string;
    expect((await h.ok<Out>('get_conversation', { conversation_id: b }, h.clientB)).id).toBe(b);
  });
});
