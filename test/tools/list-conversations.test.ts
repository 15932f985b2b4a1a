import { afterEach, describe, expect, it } from 'vitest';
import { WORKSPACE_A } from '../fake-intercom/seed-a.js';
import { WORKSPACE_B } from '../fake-intercom/seed-b.js';
import { useToolHarness } from './harness.js';

const h = useToolHarness();
const K = WORKSPACE_A.conversations;

interface Row {
  id: string;
  state: string;
  title: string | null;
  first_customer_message: string | null;
  contact: { id: string | null; email: string | null; name: string | null } | null;
  admin_assignee: { id: string; name: string | null } | null;
  team_assignee: { id: string; name: string | null } | null;
  tags: string[];
  priority: boolean;
  sentiment: { label: string } | null;
  last_reply: { by: string; at: string } | null;
  latest_part: {
    author_type: string;
    part_type: string | null;
    excerpt: string | null;
    created_at: string;
  } | null;
  hint?: string;
}
interface Out {
  conversations: Row[];
  total_count: number | null;
  next_cursor: string | null;
}

/** The per-row reads that give each row its latest part. */
const reads = () => h.recorded().filter((r) => r.method === 'GET' && r.path.startsWith('/conversations/'));

describe('list_conversations', () => {
  afterEach(() => expect(h.fake.unhandled).toEqual([]));

  it('pages through every conversation with starting_after in the query string', async () => {
    const first = await h.ok<Out>('list_conversations', { per_page: 7, include_latest_part: false });
    expect(first.conversations).toHaveLength(7);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await h.ok<Out>('list_conversations', {
      per_page: 7,
      cursor: first.next_cursor,
      include_latest_part: false,
    });
    // include_latest_part:false: the list calls only, no per-row GET /conversations/{id}; admin and team
    // names come from lists cached per connection.
    const requests = h.recorded().filter((r) => r.path !== '/admins' && r.path !== '/teams');
    expect(requests.map((r) => [r.method, r.path, r.query])).toEqual([
      ['GET', '/conversations', { per_page: '7' }],
      ['GET', '/conversations', { per_page: '7', starting_after: first.next_cursor }],
    ]);
    const ids = [...first.conversations, ...second.conversations].map((c) => c.id);
    expect(ids.sort()).toEqual([...h.workspaceA.conversations.keys()].sort());
    expect(second.next_cursor).toBeNull();
    expect(first.total_count).toBe(h.workspaceA.conversations.size);
    for (const row of [...first.conversations, ...second.conversations]) expect(row.latest_part).toBeNull();
  });

  it('renders compact rows with plain-text excerpts, assignees, tags and sentiment', async () => {
    const out = await h.ok<Out>('list_conversations', {});
    expect(h.recorded()[0]).toMatchObject({
      method: 'GET',
      path: '/conversations',
      query: { per_page: '20' },
    });
    const byId = new Map(out.conversations.map((c) => [c.id, c]));
    expect(byId.get(K.invoiceHtml)).toMatchObject({
      state: 'closed',
      title: 'Wrong VAT number on invoice',
      admin_assignee: { id: WORKSPACE_A.admins.dev, name: 'Dev Patel' },
      tags: ['Billing'],
      priority: false,
      contact: { id: WORKSPACE_A.contacts.sofia.id, email: 'sofia.rossi@hooli.com', name: 'Sofia Rossi' },
      last_reply: { by: 'teammate' },
    });
    const invoice = byId.get(K.invoiceHtml)?.first_customer_message ?? '';
    expect(invoice).toContain('Our invoice #INV-2024-0931 shows the wrong VAT number.');
    expect(invoice).not.toMatch(/<|&amp;/);
    expect(invoice.length).toBeLessThanOrEqual(200);
    expect(byId.get(K.leadPricing)).toMatchObject({
      admin_assignee: null,
      team_assignee: { id: WORKSPACE_A.teams.billing, name: 'Billing' },
    });
    expect(byId.get(K.cancelAngry)?.sentiment?.label).toBe('negative');
    expect(byId.get(K.cancelAngry)?.latest_part).toBeNull(); // no part after the first message
    expect(byId.get(K.outboundOnboarding)).toMatchObject({
      first_customer_message: null,
      latest_part: { author_type: 'user', part_type: 'comment', excerpt: 'Thanks, all good so far.' },
      sentiment: { label: 'positive' }, // from the customer's reply: the first message is the admin's
      contact: { id: WORKSPACE_A.contacts.tom.id },
    });
    // One plain-text read per row; the newest part with text is the fake's (the close has none).
    expect(
      reads()
        .map((r) => r.path)
        .sort(),
    ).toEqual(out.conversations.map((c) => `/conversations/${c.id}`).sort());
    for (const r of reads()) expect(r.query).toEqual({ display_as: 'plaintext' });
    const parts = h.workspaceA.conversations.get(K.invoiceHtml)?.parts ?? [];
    expect(parts.at(-1)).toMatchObject({ part_type: 'close', body: null });
    const reply = parts.at(-2);
    expect(byId.get(K.invoiceHtml)?.latest_part).toEqual({
      author_type: 'admin',
      part_type: 'comment',
      excerpt: reply?.body?.replace(/<[^>]+>/g, ''),
      created_at: new Date((reply?.created_at ?? 0) * 1000).toISOString(),
    });
    expect(byId.get(K.invoiceHtml)?.latest_part?.excerpt).toBe(
      'Thanks Sofia, a corrected invoice is on its way.',
    );
  });

  it('keeps the page when one row’s read keeps failing, with latest_part null and a hint', async () => {
    const path = new RegExp(`^/conversations/${K.invoiceHtml}$`);
    // 1 attempt + 2 read retries, all 503; more than that would outlast the retries too.
    h.fake.inject({ kind: 'status', status: 503, times: 3, match: { method: 'GET', path } });
    const out = await h.ok<Out>('list_conversations', { per_page: 50 });
    expect(out.conversations).toHaveLength(h.workspaceA.conversations.size);
    const failed = out.conversations.find((c) => c.id === K.invoiceHtml);
    expect(failed).toMatchObject({ latest_part: null, title: 'Wrong VAT number on invoice' });
    expect(failed?.hint).toMatch(/latest_part could not be read: Intercom answered with an error/);
    expect(reads().filter((r) => path.test(r.path))).toHaveLength(3);
    const others = out.conversations.filter((c) => c.id !== K.invoiceHtml);
    expect(others.every((c) => c.hint === undefined)).toBe(true);
    expect(others.find((c) => c.id === K.outboundOnboarding)?.latest_part).not.toBeNull();
  });

  it('validates per_page and cursor', async () => {
    const text = await h.fails('list_conversations', { per_page: 0, cursor: '' });
    expect(text).toMatch(/per_page/);
    expect(text).toMatch(/cursor/);
    expect(await h.fails('list_conversations', { per_page: 51 })).toMatch(/per_page/);
    expect(h.recorded()).toHaveLength(0);
  });

  it('lists only the caller’s workspace', async () => {
    const out = await h.ok<Out>('list_conversations', { per_page: 50 }, h.clientB);
    expect(out.conversations.map((c) => c.id).sort()).toEqual(
      Object.values(WORKSPACE_B.conversations).sort(),
    );
  });
});
