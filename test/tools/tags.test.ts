import { describe, expect, it } from 'vitest';
import { WORKSPACE_A } from '../fake-intercom/seed-a.js';
import { WORKSPACE_B } from '../fake-intercom/seed-b.js';
import { useToolHarness } from './harness.js';

const h = useToolHarness();

type Tag = { id: string; name: string };

describe('list_tags', () => {
  it('lists every tag of the caller’s workspace, sorted by name', async () => {
    const out = await h.ok<{ tags: Tag[]; total: number; next_cursor: string | null }>('list_tags', {});
    expect(out.tags).toEqual(expect.arrayContaining([{ id: WORKSPACE_A.tags.vip, name: 'VIP' }]));
    for (const id of Object.values(WORKSPACE_A.tags)) expect(out.tags.map((t) => t.id)).toContain(id);
    expect(out.tags.map((t) => t.name)).toEqual(
      [...out.tags.map((t) => t.name)].sort((a, b) => a.localeCompare(b)),
    );
    expect(out.total).toBe(out.tags.length);
    expect(out.next_cursor).toBeNull();
    expect(h.recorded().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /tags']);
    expect(h.fake.unhandled).toEqual([]);
  });

  it('filters by name_contains, ignoring case', async () => {
    const out = await h.ok<{ tags: Tag[]; total: number }>('list_tags', { name_contains: 'BILL' });
    expect(out.tags).toEqual([{ id: WORKSPACE_A.tags.billing, name: 'Billing' }]);
    expect(out.total).toBe(1);
  });

  it('keeps workspaces apart', async () => {
    const b = await h.ok<{ tags: Tag[] }>('list_tags', {}, h.clientB);
    const ids = b.tags.map((t) => t.id);
    expect(ids).toEqual(expect.arrayContaining(Object.values(WORKSPACE_B.tags)));
    for (const id of Object.values(WORKSPACE_A.tags)) expect(ids).not.toContain(id);
  });

  it('rejects unknown arguments', async () => {
    expect(await h.fails('list_tags', { name: 'x' })).toMatch(/Invalid arguments for list_tags/);
  });
});

describe('create_tag', () => {
  it('creates a new tag with POST /tags {name}', async () => {
    const out = await h.ok<{ tag: Tag; already_existed: boolean }>('create_tag', {
      name: 'Refund requested',
    });
    expect(out.already_existed).toBe(false);
    expect(out.tag.name).toBe('Refund requested');
    expect(h.workspaceA.tags.get(out.tag.id)?.name).toBe('Refund requested');
    // The tag list may come from the per-connection cache; the write is the one POST.
    expect(
      h
        .recorded()
        .filter((r) => r.method !== 'GET')
        .map((r) => `${r.method} ${r.path}`),
    ).toEqual(['POST /tags']);
    expect(h.recorded().at(-1)?.body).toEqual({ name: 'Refund requested' });
    expect(h.workspaceB.tags.get(out.tag.id)).toBeUndefined();
  });

  it('returns an existing tag (name compared ignoring case) without writing', async () => {
    const before = h.workspaceA.tags.size;
    const out = await h.ok<{ tag: Tag; already_existed: boolean }>('create_tag', { name: 'vip' });
    expect(out).toEqual({ tag: { id: WORKSPACE_A.tags.vip, name: 'VIP' }, already_existed: true });
    expect(h.recorded().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /tags']);
    expect(h.workspaceA.tags.size).toBe(before);
  });

  it('rejects an empty or overlong name', async () => {
    expect(await h.fails('create_tag', { name: '  ' })).toMatch(/name/);
    expect(await h.fails('create_tag', { name: 'x'.repeat(101) })).toMatch(/name/);
    expect(h.recorded()).toEqual([]);
  });

  it('does not retry a dropped POST /tags and says the outcome is unknown', async () => {
    h.fake.inject({ kind: 'drop', when: 'after', times: 1, match: { method: 'POST', path: /^\/tags$/ } });
    const text = await h.fails('create_tag', { name: 'Dropped tag' });
    expect(text).toMatch(/outcome is unknown/);
    expect(h.recorded().filter((r) => r.method === 'POST')).toHaveLength(1);
    h.fake.clearFaults();
  });
});
