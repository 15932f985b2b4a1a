import { describe, expect, it } from 'vitest';
import { WORKSPACE_A } from '../fake-intercom/seed-a.js';
import { WORKSPACE_B } from '../fake-intercom/seed-b.js';
import { useToolHarness } from './harness.js';

const h = useToolHarness();
const C = WORKSPACE_A.contacts;

interface Out {
  contacts: { id: string; name: string | null; email: string | null; role: string }[];
  total_count: number | null;
  next_cursor: string | null;
}
const ids = (o: Out) => o.contacts.map((c) => c.id).sort();

describe('search_contacts', () => {
  it('lists contacts without criteria, paging with the cursor in the query string', async () => {
    const first = await h.ok<Out>('search_contacts', { per_page: 6 });
    expect(first.contacts).toHaveLength(6);
    expect(first.total_count).toBe(h.workspaceA.contacts.size);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await h.ok<Out>('search_contacts', { per_page: 6, cursor: first.next_cursor });
    expect(second.next_cursor).toBeNull();
    const all = [...ids(first), ...ids(second)];
    expect(new Set(all).size).toBe(h.workspaceA.contacts.size);
    const [r1, r2] = h.recorded();
    expect(r1).toMatchObject({ method: 'GET', path: '/contacts', query: { per_page: '6' } });
    expect(r1?.query.starting_after).toBeUndefined();
    expect(r2).toMatchObject({
      method: 'GET',
      path: '/contacts',
      query: { per_page: '6', starting_after: first.next_cursor },
    });
    expect(h.fake.unhandled).toEqual([]);
  });

  it('resolves a tag name (case-insensitive) and sends one AND search', async () => {
    const out = await h.ok<Out>('search_contacts', { tag: 'vip' });
    expect(ids(out)).toEqual([C.jane.id, C.priya.id, C.sofia.id].sort());
    expect(out.total_count).toBe(3);
    expect(h.recorded().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /tags', 'POST /contacts/search']);
    expect(h.recorded()[1]?.body).toEqual({
      query: { operator: 'AND', value: [{ field: 'tag_id', operator: '=', value: WORKSPACE_A.tags.vip }] },
      pagination: { per_page: 20 },
    });
  });

  it('pages a segment search with the cursor in the body', async () => {
    const first = await h.ok<Out>('search_contacts', { segment: 'Active Users', per_page: 3 });
    expect(first.contacts).toHaveLength(3);
    expect(first.total_count).toBe(5);
    const second = await h.ok<Out>('search_contacts', {
      segment: 'Active Users',
      per_page: 3,
      cursor: first.next_cursor,
    });
    expect(second.contacts).toHaveLength(2);
    expect(second.next_cursor).toBeNull();
    expect([...ids(first), ...ids(second)].sort()).toEqual(
      [C.jane.id, C.marcus.id, C.priya.id, C.tom.id, C.noah.id].sort(),
    );
    const searches = h.recorded().filter((r) => r.path === '/contacts/search');
    // The segment list is read once per connection, then cached.
    expect(h.recorded().filter((r) => r.path === '/segments')).toHaveLength(1);
    expect(searches[1]).toMatchObject({
      method: 'POST',
      query: {},
      body: {
        query: {
          operator: 'AND',
          value: [{ field: 'segment_id', operator: '=', value: WORKSPACE_A.segments.activeUsers }],
        },
        pagination: { per_page: 3, starting_after: first.next_cursor },
      },
    });
  });

  it('combines criteria, takes a segment id as is and searches names by contains', async () => {
    const out = await h.ok<Out>('search_contacts', { email_domain: 'Globex.com', role: 'user' });
    expect(ids(out)).toEqual([C.jane.id, C.tom.id].sort());
    expect(h.recorded()[0]?.body).toMatchObject({
      query: {
        operator: 'AND',
        value: [
          { field: 'email_domain', operator: '=', value: 'globex.com' },
          { field: 'role', operator: '=', value: 'user' },
        ],
      },
    });
    h.fake.reset();
    const bySegmentId = await h.ok<Out>('search_contacts', { segment: WORKSPACE_A.segments.trialLeads });
    expect(ids(bySegmentId)).toEqual([C.lead1.id, C.lead2.id].sort());
    expect(h.recorded().map((r) => r.path)).toEqual(['/contacts/search']);
    const byName = await h.ok<Out>('search_contacts', { name: 'lee' });
    expect(byName.contacts.map((c) => c.name)).toEqual(['Marcus Lee']);
    const byEmail = await h.ok<Out>('search_contacts', { email: 'JANE.DOE@globex.com' });
    expect(ids(byEmail)).toEqual([C.jane.id]);
  });

  it('reports unknown segment and tag names with the known ones, without searching', async () => {
    const seg = await h.fails('search_contacts', { segment: 'Paying customers' });
    expect(seg).toMatch(/^segment: no segment has the id or name "Paying customers"\. Known segments: /);
    expect(seg).toMatch(/Active users \(\w{24}\), Enterprise accounts \(\w{24}\), Trial leads \(\w{24}\)/);
    const tag = await h.fails('search_contacts', { tag: 'Gold' });
    expect(tag).toMatch(/^tag: no tag has the id or name "Gold"\..*VIP \(5300001\)/);
    expect(h.recorded().filter((r) => r.path === '/contacts/search')).toEqual([]);
  });

  it('validates per_page, cursor and unknown fields', async () => {
    expect(await h.fails('search_contacts', { per_page: 51 })).toMatch(/per_page/);
    expect(await h.fails('search_contacts', { email: 'not-an-email' })).toMatch(/email/);
    expect(await h.fails('search_contacts', { query: 'jane' })).toMatch(/query/);
    expect(h.recorded()).toEqual([]);
  });

  it('keeps workspaces apart', async () => {
    const b = await h.fails('search_contacts', { tag: 'VIP' }, h.clientB);
    expect(b).toMatch(/Known tags: .*Shipping/);
    expect(b).not.toMatch(/Churn Risk/);
    const listB = await h.ok<Out>('search_contacts', { per_page: 50 }, h.clientB);
    expect(listB.contacts.every((c) => c.id.startsWith(WORKSPACE_B.hexPrefix))).toBe(true);
    expect(h.recorded()).toEqual([]);
  });
});
