import { describe, expect, it } from 'vitest';
import { WORKSPACE_A } from '../fake-intercom/seed-a.js';
import { useToolHarness } from './harness.js';

const h = useToolHarness();
const C = WORKSPACE_A.contacts;

interface Output {
  summary: { recorded: number; failed: number; unknown: number; duplicates: number };
  results: {
    index: number;
    event_name: string;
    status: string;
    created_at: string;
    contact: { id: string; email: string | null; name: string | null };
    duplicate_of: number | null;
    error: string | null;
  }[];
}

const posts = () => h.recorded().filter((r) => r.method === 'POST' && r.path === '/events');
const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`key_${i}`, i]));

describe('track_user_events', () => {
  it('records events named by email, user_id and id with flat metadata', async () => {
    const before = h.workspaceA.events.length;
    const startedAt = Math.floor(Date.now() / 1000);
    const out = await h.ok<Output>('track_user_events', {
      events: [
        {
          event_name: 'ordered-item',
          email: C.jane.email,
          created_at: '2026-01-05T10:00:00Z',
          metadata: {
            order_id: 'A-1',
            quantity: 3,
            price: { amount: 34999, currency: 'eur' },
            invoice: { url: 'https://acme.test/invoices/A-1', value: 'Invoice A-1' },
            delivery_date: '2026-01-07T00:00:00Z',
          },
        },
        { event_name: 'logged-in', user_id: C.marcus.external_id, created_at: 1_767_600_000 },
        { event_name: 'viewed-pricing', id: C.lead1.id },
      ],
    });
    expect(out.results.map((r) => r.status)).toEqual(['recorded', 'recorded', 'recorded']);
    expect(out.summary).toEqual({ recorded: 3, failed: 0, unknown: 0, duplicates: 0 });
    expect(out.results[0]?.created_at).toBe('2026-01-05T10:00:00.000Z');
    expect(Date.parse(out.results[2]?.created_at ?? '') / 1000).toBeGreaterThanOrEqual(startedAt);
    // Each result names the contact it landed on.
    expect(out.results.map((r) => r.contact.id)).toEqual([C.jane.id, C.marcus.id, C.lead1.id]);
    expect(out.results[0]?.contact).toEqual({ id: C.jane.id, email: C.jane.email, name: 'Jane Doe' });

    const bodies = posts().map((r) => r.body as Record<string, unknown>);
    expect(bodies).toHaveLength(3);
    const byName = (n: string) => bodies.find((b) => b.event_name === n);
    expect(byName('ordered-item')).toEqual({
      event_name: 'ordered-item',
      created_at: 1_767_607_200,
      id: C.jane.id,
      metadata: {
        order_id: 'A-1',
        quantity: 3,
        price: { amount: 34999, currency: 'eur' },
        invoice: { url: 'https://acme.test/invoices/A-1', value: 'Invoice A-1' },
        delivery_date: 1_767_744_000,
      },
    });
    expect(byName('logged-in')).toEqual({
      event_name: 'logged-in',
      created_at: 1_767_600_000,
      id: C.marcus.id,
    });
    expect(byName('viewed-pricing')).toMatchObject({ id: C.lead1.id });
    expect(typeof byName('viewed-pricing')?.created_at).toBe('number');

    const stored = h.workspaceA.events.slice(before);
    expect(stored.map((e) => e.contactId).sort()).toEqual([C.jane.id, C.marcus.id, C.lead1.id].sort());
    expect(h.fake.unhandled).toEqual([]);
  });

  it('rejects 11 metadata keys, nested values and a missing contact naming event and keys, sending nothing', async () => {
    const tooMany = await h.fails('track_user_events', {
      events: [
        { event_name: 'ok', id: C.jane.id },
        { event_name: 'too-many', id: C.jane.id, metadata: eleven },
      ],
    });
    expect(tooMany).toMatch(/events\[1\]\.metadata: has 11 keys \(key_0, .*key_10\)/);
    const nested = await h.fails('track_user_events', {
      events: [{ event_name: 'nested', id: C.jane.id, metadata: { plan: 'pro', profile: { tier: 'gold' } } }],
    });
    expect(nested).toMatch(/events\[0\]\.metadata\.profile: .*nested objects/);
    const noContact = await h.fails('track_user_events', { events: [{ event_name: 'x' }] });
    expect(noContact).toMatch(/events\[0\]\.contact: required.*exactly one of id, email or external_id/);
    const badTime = await h.fails('track_user_events', {
      events: [{ event_name: 'x', id: C.jane.id, created_at: 'whenever' }],
    });
    expect(badTime).toMatch(/events\[0\]\.created_at: "whenever" is not a time we can read/);
    const badName = await h.fails('track_user_events', {
      events: [{ event_name: 'Upgraded.Plan', id: C.jane.id, metadata: { 'plan.tier': 'gold' } }],
    });
    expect(badName).toMatch(/events\[0\]\.event_name: .*use "upgraded-plan"/);
    expect(badName).toMatch(/events\[0\]\.metadata: key "plan\.tier" .*use "plan_tier"/);
    const tooManyEvents = await h.fails('track_user_events', {
      events: Array.from({ length: 101 }, () => ({ event_name: 'x', id: C.jane.id })),
    });
    expect(tooManyEvents).toMatch(/events: .*100/);
    expect(posts()).toEqual([]);
  });

  it('refuses the whole call, sending nothing, when a contact is unknown; leads named by email land by id', async () => {
    const text = await h.fails('track_user_events', {
      events: [
        { event_name: 'signed-up', email: 'ghost@nowhere.test', created_at: 1_767_000_000 },
        { event_name: 'signed-up', user_id: C.tom.external_id, created_at: 1_767_000_000 },
      ],
    });
    expect(text).toMatch(
      /^Nothing was sent\. .*\n- events\[0\]\.contact: No contact has email ghost@nowhere\.test\./,
    );
    expect(posts()).toEqual([]);
    // Intercom takes a lead only by id: the contact is resolved first, then the event is sent by id.
    const lead = await h.ok<Output>('track_user_events', {
      events: [{ event_name: 'signed-up', contact: { email: C.lead1.email }, created_at: 'yesterday' }],
    });
    expect(lead.results[0]).toMatchObject({ status: 'recorded', contact: { id: C.lead1.id } });
    expect(posts()[0]?.body).toMatchObject({ id: C.lead1.id, event_name: 'signed-up' });
  });

  it('sends an identical event of the same call once and reports it as a duplicate', async () => {
    const out = await h.ok<Output>('track_user_events', {
      events: [
        { event_name: 'clicked', id: C.priya.id, created_at: 1_767_100_000 },
        { event_name: 'clicked', id: C.priya.id, created_at: 1_767_100_000 },
        { event_name: 'clicked', id: C.priya.id, created_at: 1_767_100_001 },
      ],
    });
    expect(out.results.map((r) => [r.status, r.duplicate_of])).toEqual([
      ['recorded', null],
      ['recorded', 0],
      ['recorded', null],
    ]);
    expect(out.summary).toEqual({ recorded: 2, failed: 0, unknown: 0, duplicates: 1 });
    expect(posts()).toHaveLength(2);
  });

  it('does not retry an event that failed with 500 or a dropped connection and reports it as unknown', async () => {
    const before = h.workspaceA.events.length;
    h.fake.inject({ kind: 'status', status: 500, times: 1, match: { path: /^\/events$/ } });
    const failed = await h.ok<Output>('track_user_events', {
      events: [{ event_name: 'exported-report', id: C.sofia.id, created_at: 1_767_200_000 }],
    });
    expect(failed.results[0]).toMatchObject({ status: 'unknown' });
    expect(failed.results[0]?.error).toMatch(/same created_at is safe/);
    expect(posts()).toHaveLength(1);
    expect(h.workspaceA.events.length).toBe(before);

    h.fake.reset();
    h.fake.inject({ kind: 'drop', when: 'after', times: 1, match: { path: /^\/events$/ } });
    const dropped = await h.ok<Output>('track_user_events', {
      events: [{ event_name: 'exported-report', id: C.sofia.id, created_at: 1_767_200_000 }],
    });
    expect(dropped.summary.unknown).toBe(1);
    expect(posts()).toHaveLength(1);
    expect(h.workspaceA.events.length).toBe(before + 1);
    expect(h.fake.unhandled).toEqual([]);
  });

  it("cannot record events on another workspace's contact", async () => {
    const before = h.workspaceA.events.length;
    const text = await h.fails(
      'track_user_events',
      { events: [{ event_name: 'x', id: C.jane.id, created_at: 1_767_300_000 }] },
      h.clientB,
    );
    expect(text).toMatch(/events\[0\]\.contact: No contact has id/);
    expect(h.recorded()).toEqual([]);
    expect(h.workspaceA.events.length).toBe(before);
  });
});
