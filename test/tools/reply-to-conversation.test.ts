import { afterEach, describe, expect, it } from 'vitest';
import { WORKSPACE_A } from '../fake-intercom/seed-a.js';
import { useToolHarness } from './harness.js';

const h = useToolHarness();
const K = WORKSPACE_A.conversations;

interface Out {
  conversation_id: string;
  message_type: 'comment' | 'note';
  visible_to_customer: boolean;
  part_id: string | null;
  admin: { id: string; name: string | null };
  state: string | null;
}

const replies = () => h.recorded().filter((r) => r.method === 'POST' && r.path.endsWith('/reply'));

describe('reply_to_conversation', () => {
  afterEach(() => {
    h.fake.clearFaults();
    expect(h.fake.unhandled).toEqual([]);
  });

  it('posts a comment to the customer as the token owner', async () => {
    const conv = h.workspaceA.conversations.get(K.exportFeature);
    const before = conv?.parts.length ?? 0;
    const out = await h.ok<Out>('reply_to_conversation', {
      conversation_id: K.exportFeature,
      message_type: 'comment',
      body: 'Yes! Reports can be exported from the Reports tab.',
    });
    // The admin list (cached per connection) gives the token owner's name.
    expect(h.recorded().filter((r) => r.path !== '/admins')).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: `/conversations/${K.exportFeature}/reply`,
        body: {
          message_type: 'comment',
          type: 'admin',
          admin_id: WORKSPACE_A.ownerAdminId,
          body: 'Yes! Reports can be exported from the Reports tab.',
        },
      }),
    ]);
    const part = conv?.parts.at(-1);
    expect(conv?.parts).toHaveLength(before + 1);
    expect(part).toMatchObject({
      part_type: 'comment',
      author: { type: 'admin', id: WORKSPACE_A.ownerAdminId },
    });
    expect(out).toEqual({
      conversation_id: K.exportFeature,
      message_type: 'comment',
      visible_to_customer: true,
      part_id: part?.id,
      admin: { id: WORKSPACE_A.ownerAdminId, name: 'Alice Anders' },
      state: 'open',
    });
  });

  it('posts an internal note as another admin named by name, with image attachments', async () => {
    const out = await h.ok<Out>('reply_to_conversation', {
      conversation_id: K.apiRateLimit,
      message_type: 'note',
      body: 'Raised the limit for this workspace.',
      admin_id: 'Bob',
      attachment_urls: ['https://files.acme.test/limit.png'],
    });
    expect(replies()[0]?.body).toEqual({
      message_type: 'note',
      type: 'admin',
      admin_id: WORKSPACE_A.admins.bob,
      body: 'Raised the limit for this workspace.',
      attachment_urls: ['https://files.acme.test/limit.png'],
    });
    expect(out).toMatchObject({
      message_type: 'note',
      visible_to_customer: false,
      admin: { id: WORKSPACE_A.admins.bob, name: 'Bob Brennan' },
    });
    const part = h.workspaceA.conversations.get(K.apiRateLimit)?.parts.at(-1);
    expect(part).toMatchObject({ part_type: 'note', author: { id: WORKSPACE_A.admins.bob } });
    expect(out.part_id).toBe(part?.id);
  });

  it('requires message_type and a body, and validates the ids', async () => {
    const text = await h.fails('reply_to_conversation', { conversation_id: K.exportFeature, body: 'hi' });
    expect(text).toMatch(/message_type/);
    const more = await h.fails('reply_to_conversation', {
      conversation_id: 'x1',
      message_type: 'email',
      body: '  ',
      admin_id: '',
      attachment_urls: ['ftp://x'],
    });
    for (const field of ['conversation_id', 'message_type', 'body', 'admin_id', 'attachment_urls']) {
      expect(more).toContain(field);
    }
    expect(h.recorded()).toHaveLength(0);
  });

  it('reports an unknown conversation or admin from Intercom', async () => {
    expect(
      await h.fails('reply_to_conversation', { conversation_id: '424242', message_type: 'note', body: 'x' }),
    ).toMatch(/Not found/);
    expect(
      await h.fails('reply_to_conversation', {
        conversation_id: K.exportFeature,
        message_type: 'note',
        body: 'x',
        admin_id: '999',
      }),
    ).toMatch(/^admin_id: no admin has the id, name or email "999"\. Known admins: Alice Anders \(5100001\)/);
  });

  it('does not retry a reply whose connection dropped and says the outcome is unknown', async () => {
    const conv = h.workspaceA.conversations.get(K.leadPricing);
    const before = conv?.parts.length ?? 0;
    h.fake.inject({ kind: 'drop', when: 'after', times: 1, match: { path: /\/reply$/ } });
    const text = await h.fails('reply_to_conversation', {
      conversation_id: K.leadPricing,
      message_type: 'comment',
      body: 'The Pro plan is $15 per seat.',
    });
    expect(text).toMatch(/outcome is unknown: the reply to the customer may have been posted/);
    expect(text).toMatch(/before retrying/);
    expect(replies()).toHaveLength(1);
    // The write did happen upstream: exactly once.
    expect(conv?.parts.length).toBe(before + 1);
  });

  it('does not retry a reply that failed with a 5xx', async () => {
    h.fake.inject({ kind: 'status', status: 503, times: 3, match: { path: /\/reply$/ } });
    const text = await h.fails('reply_to_conversation', {
      conversation_id: K.leadPricing,
      message_type: 'note',
      body: 'Check pricing page.',
    });
    expect(text).toMatch(/HTTP 503/);
    expect(text).toMatch(/unknown/);
    expect(replies()).toHaveLength(1);
  });

  it('says which message type reaches the customer in its description', async () => {
    const { tools } = await h.client.listTools();
    const tool = tools.find((t) => t.name === 'reply_to_conversation');
    expect(tool?.description).toMatch(/a comment that IS SENT TO THE CUSTOMER, or an internal note/);
    expect(tool?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: true,
    });
    expect(tool?.inputSchema.required).toEqual(expect.arrayContaining(['message_type', 'body']));
  });
});
