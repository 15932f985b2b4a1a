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
  admin_assignee_id: string | null;
  team_assignee_id: string | null;
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
    expect(h.recorded()).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: `/conversations/${K.loginBug}`,
        query: { display_as: 'plaintext' },
      }),
    ]);
    expect(out).toMatchObject({
      id: K.loginBug,
      state: 'open',
      contact: { id: WORKSPACE_A.contacts.jane.id, email: 'jane.doe@globex.com', name: 'Jane Doe' },
      admin_assignee_id: WORKSPACE_A.admins.bob,
      team_assignee_id: WORKSPACE_A.teams.tier1,
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
      max_parts: 5,
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

    const most = await h.call('get_conversation', { conversation_id: conv.id, max_parts: 100 });
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
    const result = await h.call('get_conversation', { conversation_id: conv.id, max_parts: 100 });
    const out = result.structuredContent as unknown as Out;
    expect(result.isError).toBeFalsy();
    expect(JSON.stringify(out).length).toBeLessThan(20_000);
    expect(out.parts.at(-1)).toMatchObject({ truncated: true });
    expect(out.parts.at(-1)?.body?.length).toBeLessThanOrEqual(600);
    expect(out.parts.length).toBeLessThan(100);
    expect(out.omitted_parts).toBe(102 - out.parts.length);
    expect(out.hint).toMatch(/next_cursor/);
  });

  it('rejects a malformed id and reports an unknown one', async () => {
    expect(await h.fails('get_conversation', { conversation_id: 'abc' })).toMatch(/conversation_id/);
    expect(await h.fails('get_conversation', { conversation_id: K.loginBug, max_parts: 101 })).toMatch(
      /max_parts/,
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
