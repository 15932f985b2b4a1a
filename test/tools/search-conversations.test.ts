import { describe, expect, it } from 'vitest';
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
  last_reply: { by: string; at: string } | null;
  latest_part: {
    author_type: string;
    part_type: string | null;
    excerpt: string | null;
    created_at: string;
  } | null;
  hint?: string;
  contact: { id: string | null; email: string | null; name: string | null } | null;
  admin_assignee: { id: string; name: string | null } | null;
  team_assignee: { id: string; name: string | null } | null;
  tags: string[];
  priority: boolean;
  read: boolean | null;
  created_at: string;
  updated_at: string;
  sentiment: { label: string; score: number } | null;
}
interface SearchOut {
  interpreted_query: string[];
  not_understood: { words: string; hint: string }[];
  ignored_words: string[];
  checked_on_results: string[];
  scan: { scanned: number; limit: number; limit_reached: boolean } | null;
  notes: string[];
  intercom_query: unknown;
  conversations: Row[];
  total_count: number | null;
  next_cursor: string | null;
}

const searches = () => h.recorded().filter((r) => r.method === 'POST' && r.path === '/conversations/search');
/** The per-row reads that give each row its latest part. */
const reads = () => h.recorded().filter((r) => r.method === 'GET' && r.path.startsWith('/conversations/'));
/** Requests other than the directory lists (read once per connection and cached, so order-dependent). */
const calls = () =>
  h
    .recorded()
    .filter((r) => !['/admins', '/teams', '/tags'].includes(r.path))
    .map((r) => `${r.method} ${r.path}`);

/** The fake's newest part with text of a seeded conversation, as the row should show it. */
function newestPart(id: string) {
  const part = [...(h.workspaceA.conversations.get(id)?.parts ?? [])].reverse().find((p) => p.body);
  if (!part) throw new Error(`conversation ${id} has no part with text`);
  return { part, text: part.body?.replace(/<[^>]+>/g, '') ?? '' };
}

describe('search_conversations', () => {
  it('translates a natural-language query into one Intercom search and returns compact rows', async () => {
    const out = await h.ok<SearchOut>('search_conversations', { query: 'open conversations tagged billing' });
    const expectedQuery = {
      operator: 'AND',
      value: [
        { field: 'state', operator: '=', value: 'open' },
        { field: 'tag_ids', operator: '=', value: WORKSPACE_A.tags.billing },
      ],
    };
    expect(calls()).toEqual(['POST /conversations/search', `GET /conversations/${K.refundAngry}`]);
    expect(reads()[0]?.query).toEqual({ display_as: 'plaintext' });
    expect(searches()[0]?.body).toEqual({ query: expectedQuery, pagination: { per_page: 20 } });
    expect(out.intercom_query).toEqual(expectedQuery);
    expect(out.interpreted_query).toEqual([
      '"open" → state = open',
      `"tagged billing" → tag = Billing (id ${WORKSPACE_A.tags.billing})`,
    ]);
    expect(out.not_understood).toEqual([]);
    expect(out.checked_on_results).toEqual([]);
    expect(Object.keys(out).slice(0, 2)).toEqual(['interpreted_query', 'not_understood']);
    expect(out.total_count).toBe(1);
    expect(out.next_cursor).toBeNull();
    const [row] = out.conversations;
    expect(row).toMatchObject({
      id: K.refundAngry,
      state: 'open',
      contact: { id: WORKSPACE_A.contacts.marcus.id, email: 'marcus.lee@initech.io', name: 'Marcus Lee' },
      admin_assignee: { id: WORKSPACE_A.admins.dev },
      team_assignee: { id: WORKSPACE_A.teams.billing },
      tags: expect.arrayContaining(['Billing', 'Churn Risk']),
      priority: true,
      read: false,
      last_reply: { by: 'customer' },
      sentiment: { label: 'negative' },
    });
    expect(row?.first_customer_message).toMatch(/^This is absolutely unacceptable\. You charged me twice/);
    expect(row?.first_customer_message).not.toContain('<p>');
    // The newest part (a customer reply) comes from GET /conversations/{id}, as plain text.
    const { part, text } = newestPart(K.refundAngry);
    expect(text).toMatch(/^Terrible experience\./);
    expect(row?.latest_part).toEqual({
      author_type: 'user',
      part_type: 'comment',
      excerpt: text,
      created_at: new Date(part.created_at * 1000).toISOString(),
    });
    expect(row?.hint).toBeUndefined();
    expect(row?.created_at).toBe(new Date((1_730_000_000 - 21 * 86_400) * 1000).toISOString());
    expect(h.fake.unhandled).toEqual([]);
  });

  it('sends structured filters only, resolving the admin by name and dates in the workspace time zone', async () => {
    const out = await h.ok<SearchOut>('search_conversations', {
      admin_assignee: 'Carla Cruz',
      created_after: '2024-10-20',
      state: 'snoozed',
    });
    // 00:00 on 2024-10-20 in America/Los_Angeles (PDT, UTC-7).
    const after = Date.parse('2024-10-20T07:00:00Z') / 1000;
    expect(calls()).toEqual(['POST /conversations/search', `GET /conversations/${K.snoozedTrial}`]);
    expect(searches()[0]?.body).toEqual({
      query: {
        operator: 'AND',
        value: [
          { field: 'state', operator: '=', value: 'snoozed' },
          { field: 'admin_assignee_id', operator: '=', value: Number(WORKSPACE_A.admins.carla) },
          { field: 'created_at', operator: '>', value: after },
        ],
      },
      pagination: { per_page: 20 },
    });
    expect(out.interpreted_query).toEqual([
      '"state=snoozed" → state = snoozed',
      `"admin_assignee=Carla Cruz" → admin assignee = Carla Cruz (id ${WORKSPACE_A.admins.carla})`,
      '"created_after=2024-10-20" → created from 2024-10-20 00:00 America/Los_Angeles (created_at)',
    ]);
    expect(out.conversations.map((c) => c.id)).toEqual([K.snoozedTrial]);
    expect(out.conversations[0]?.state).toBe('snoozed');
    // The newest part is the snooze itself (no text): the row shows the newest part with text.
    expect(h.workspaceA.conversations.get(K.snoozedTrial)?.parts.at(-1)).toMatchObject({
      part_type: 'snoozed',
      body: null,
    });
    expect(out.conversations[0]?.latest_part).toMatchObject({
      author_type: 'admin',
      part_type: 'comment',
      excerpt: newestPart(K.snoozedTrial).text,
    });
  });

  it('pages with the cursor in the request body', async () => {
    const first = await h.ok<SearchOut>('search_conversations', { state: 'open', per_page: 5 });
    expect(first.conversations).toHaveLength(5);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await h.ok<SearchOut>('search_conversations', {
      state: 'open',
      per_page: 5,
      cursor: first.next_cursor,
    });
    const [, secondRequest] = searches();
    expect(secondRequest?.body).toEqual({
      query: { field: 'state', operator: '=', value: 'open' },
      pagination: { per_page: 5, starting_after: first.next_cursor },
    });
    expect(secondRequest?.query).toEqual({});
    expect(second.next_cursor).toBeNull();
    const ids = [...first.conversations, ...second.conversations].map((c) => c.id);
    const open = [...h.workspaceA.conversations.values()].filter((c) => c.state === 'open').map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(open.sort());
    expect(first.total_count).toBe(open.length);
  });

  it('reports an unknown tag with the workspace’s tags and sends no search', async () => {
    const text = await h.fails('search_conversations', { query: 'open conversations tagged refunds' });
    expect(text).toContain('no tag has the id or name "refunds"');
    for (const name of ['Billing', 'Bug', 'Churn Risk', 'Feature Request', 'VIP'])
      expect(text).toContain(name);
    expect(searches()).toHaveLength(0);
  });

  it('reports words it did not understand instead of dropping them', async () => {
    const out = await h.ok<SearchOut>('search_conversations', {
      query: 'open conversations about login problems before Black Friday',
    });
    expect(out.interpreted_query).toEqual([
      '"open" → state = open',
      '"login" → first message contains "log" (word starts, so inflections match)',
    ]);
    expect(out.ignored_words).toEqual(['problems']);
    expect(out.not_understood).toEqual([
      { words: 'before Black Friday', hint: expect.stringMatching(/date/) },
    ]);
    expect(searches()[0]?.body).toMatchObject({
      query: {
        operator: 'AND',
        value: [
          { field: 'state', operator: '=', value: 'open' },
          { field: 'source.body', operator: '~', value: 'log' },
        ],
      },
    });
    expect(out.conversations.map((c) => c.id)).toEqual(
      [K.loginBug].filter((id) => h.workspaceA.conversations.get(id)?.state === 'open'),
    );
  });

  it('says so when nothing became a filter', async () => {
    const text = await h.fails('search_conversations', { query: 'new problems' });
    expect(text).toMatch(/Nothing in the query could be searched/);
    expect(text).toContain('new, problems');
    expect(await h.fails('search_conversations', {})).toMatch(/list_conversations/);
    expect(await h.fails('search_conversations', { query: '   ' })).toMatch(/list_conversations/);
    expect(await h.fails('search_conversations', { query: 'word '.repeat(200) })).toMatch(
      /too long.*200 words/,
    );
    expect(await h.fails('search_conversations', { query: 'x'.repeat(2000) })).toMatch(/too long/);
    expect(await h.fails('search_conversations', { query: 'open', stat: 'open' })).toMatch(/state/);
    expect(searches()).toHaveLength(0);
  });

  it('labels sentiment from customer-written text only', async () => {
    const angry = await h.ok<SearchOut>('search_conversations', { tag: ['churn risk'] });
    const labels = Object.fromEntries(angry.conversations.map((c) => [c.id, c.sentiment?.label]));
    expect(labels[K.refundAngry]).toBe('negative');
    expect(labels[K.cancelAngry]).toBe('negative');
    const closed = await h.ok<SearchOut>('search_conversations', {
      query: 'closed conversations assigned to Alice',
    });
    const byId = new Map(closed.conversations.map((c) => [c.id, c]));
    expect(byId.get(K.thanks)?.sentiment?.label).toBe('positive');
    expect(byId.get(K.thanks)?.sentiment?.score).toBeGreaterThan(0.3);
    // An outbound admin message is not customer text: no excerpt; the sentiment comes from the customer's
    // latest reply alone, and there is none without it.
    expect(byId.get(K.outboundOnboarding)).toMatchObject({
      first_customer_message: null,
      latest_part: { author_type: 'user', excerpt: 'Thanks, all good so far.' },
      sentiment: { label: 'positive' },
    });
    const bare = await h.ok<SearchOut>('search_conversations', {
      query: 'closed conversations assigned to Alice',
      include_latest_part: false,
    });
    expect(bare.conversations.find((c) => c.id === K.outboundOnboarding)).toMatchObject({
      latest_part: null,
      sentiment: null,
    });
  });

  it('makes no per-row reads with include_latest_part:false', async () => {
    const out = await h.ok<SearchOut>('search_conversations', { state: 'open', include_latest_part: false });
    expect(out.conversations.length).toBeGreaterThan(1);
    for (const row of out.conversations) expect(row.latest_part).toBeNull();
    expect(h.recorded().map((r) => `${r.method} ${r.path}`)).toEqual(['POST /conversations/search']);
    await h.ok<SearchOut>('search_conversations', { state: 'open' });
    expect(
      reads()
        .map((r) => r.path)
        .sort(),
    ).toEqual(out.conversations.map((c) => `/conversations/${c.id}`).sort());
  });

  it('keeps the page when one row’s read fails, with latest_part null and a hint', async () => {
    const path = new RegExp(`^/conversations/${K.refundAngry}$`);
    // 1 attempt + 2 read retries: every one answers 503.
    h.fake.inject({ kind: 'status', status: 503, times: 3, match: { method: 'GET', path } });
    const out = await h.ok<SearchOut>('search_conversations', { tag: ['churn risk'] });
    const byId = new Map(out.conversations.map((c) => [c.id, c]));
    expect(byId.get(K.refundAngry)).toMatchObject({ latest_part: null, sentiment: { label: 'negative' } });
    expect(byId.get(K.refundAngry)?.hint).toMatch(/latest_part could not be read.*get_conversation/);
    expect(byId.get(K.refundAngry)?.first_customer_message).toMatch(/^This is absolutely unacceptable/);
    expect(
      reads()
        .filter((r) => path.test(r.path))
        .map((r) => r.status),
    ).toEqual([503, 503, 503]);
    expect(byId.get(K.cancelAngry)?.hint).toBeUndefined();
    expect(h.fake.unhandled).toEqual([]);
  });

  it('marks customer-written text as untrusted in its output schema', async () => {
    const { tools } = await h.client.listTools();
    const tool = tools.find((t) => t.name === 'search_conversations');
    // The JSON Schema the client sees: every customer-written field says it is untrusted.
    const schema = JSON.stringify(tool?.outputSchema ?? {});
    const row = JSON.parse(schema).properties.conversations.items.properties;
    expect(row.first_customer_message.description).toMatch(/UNTRUSTED/);
    expect(JSON.stringify(row.latest_part.properties.excerpt)).toMatch(/UNTRUSTED/);
    expect(row.title.description).toMatch(/UNTRUSTED/);
    expect(JSON.stringify(row.contact.properties.name)).toMatch(/UNTRUSTED/);
    expect(tool?.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: true });
  });

  it('rejects invalid filters with the field names', async () => {
    const text = await h.fails('search_conversations', { state: 'pending', per_page: 51 });
    expect(text).toMatch(/Invalid arguments for search_conversations/);
    expect(text).toMatch(/state/);
    expect(text).toMatch(/per_page/);
    expect(searches()).toHaveLength(0);
  });

  it('searches only the caller’s workspace', async () => {
    const out = await h.ok<SearchOut>('search_conversations', { state: 'open' }, h.clientB);
    const bIds = new Set(Object.values(WORKSPACE_B.conversations));
    expect(out.conversations.length).toBeGreaterThan(0);
    for (const c of out.conversations) expect(bIds.has(c.id)).toBe(true);
    const text = await h.fails(
      'search_conversations',
      { query: 'open conversations tagged billing' },
      h.clientB,
    );
    expect(text).toContain('Shipping');
    expect(text).not.toContain('Churn Risk');
    expect(h.fake.requestsFor(WORKSPACE_A.id).filter((r) => r.path !== '/me')).toHaveLength(0);
  });
});
