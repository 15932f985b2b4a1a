import { describe, expect, it } from 'vitest';
import { addSegment } from '../fake-intercom/index.js';
import { WORKSPACE_A } from '../fake-intercom/seed-a.js';
import { WORKSPACE_B } from '../fake-intercom/seed-b.js';
import { useToolHarness } from './harness.js';

const h = useToolHarness();

type Workspace = {
  name: string;
  id: string;
  region: string | null;
  time_zone: string;
  now: string;
  acting_admin: { id: string; name: string; email: string | null };
};
type Segments = {
  segments: { id: string; name: string; of: string; count: number | null }[];
  total: number;
  next_cursor: string | null;
};

describe('get_workspace', () => {
  it('describes the workspace, its time zone, the time there and the acting admin from GET /me alone', async () => {
    const out = await h.ok<Workspace>('get_workspace', {});
    expect(out).toMatchObject({
      name: WORKSPACE_A.name,
      id: WORKSPACE_A.id,
      region: 'US',
      time_zone: 'America/Los_Angeles',
      acting_admin: { id: WORKSPACE_A.ownerAdminId, name: 'Alice Anders', email: WORKSPACE_A.owner.email },
    });
    // Los Angeles is UTC-8 or UTC-7; the instant is now.
    expect(out.now).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[78]:00$/);
    expect(Math.abs(Date.parse(out.now) - Date.now())).toBeLessThan(60_000);
    expect(h.recorded()).toEqual([]); // only GET /me, which recorded() leaves out
    const b = await h.ok<Workspace>('get_workspace', {}, h.clientB);
    expect(b).toMatchObject({ name: WORKSPACE_B.name, id: WORKSPACE_B.id, time_zone: WORKSPACE_B.timezone });
  });
});

describe('list_segments', () => {
  it('lists segments by name with whom they hold and contact counts', async () => {
    const out = await h.ok<Segments>('list_segments', {});
    expect(out.segments.map((s) => s.name)).toEqual(['Active users', 'Enterprise accounts', 'Trial leads']);
    const trial = out.segments.find((s) => s.name === 'Trial leads');
    expect(trial).toMatchObject({ id: WORKSPACE_A.segments.trialLeads, of: 'leads' });
    const members = [...h.workspaceA.contacts.values()].filter((c) =>
      c.segmentIds.includes(WORKSPACE_A.segments.trialLeads),
    );
    expect(trial?.count).toBe(members.length);
    expect(out.segments.find((s) => s.name === 'Active users')?.of).toBe('users');
    expect(h.recorded().map((r) => [r.path, r.query])).toEqual([['/segments', { include_count: 'true' }]]);
  });

  it('pages with cursor and per_page, reading new segments', async () => {
    addSegment(h.workspaceA, 'Zebra fans', 'user', 1_730_000_000);
    const first = await h.ok<Segments>('list_segments', { per_page: 3 });
    expect(first.total).toBe(4);
    expect(first.next_cursor).toBe('3');
    const rest = await h.ok<Segments>('list_segments', { per_page: 3, cursor: first.next_cursor });
    expect(rest.segments.map((s) => s.name)).toEqual(['Zebra fans']);
    expect(rest.next_cursor).toBeNull();
  });
});
