import { describe, expect, it } from 'vitest';
import { WORKSPACE_A } from '../fake-intercom/seed-a.js';
import { WORKSPACE_B } from '../fake-intercom/seed-b.js';
import { useToolHarness } from './harness.js';

const h = useToolHarness();

describe('list_admins', () => {
  it('lists admins with away status and teams of the caller’s workspace only', async () => {
    const out = await h.ok<{
      acting_admin_id: string;
      admins: { id: string; away: boolean; team_ids: string[] }[];
      teams: { id: string; admin_ids: string[] }[];
    }>('list_admins', {});
    expect(out.acting_admin_id).toBe(WORKSPACE_A.ownerAdminId);
    expect(out.admins.find((a) => a.id === WORKSPACE_A.awayAdminId)?.away).toBe(true);
    expect(out.admins.find((a) => a.id === WORKSPACE_A.ownerAdminId)?.away).toBe(false);
    expect(out.teams.map((t) => t.id).sort()).toEqual(Object.values(WORKSPACE_A.teams).sort());
    expect(
      h
        .recorded()
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    ).toEqual(['GET /admins', 'GET /teams']);
    const b = await h.ok<{ admins: { id: string }[] }>('list_admins', {}, h.clientB);
    expect(b.admins.map((a) => a.id).sort()).toEqual(Object.values(WORKSPACE_B.admins).sort());
  });

  it('rejects unexpected arguments with a message naming them', async () => {
    const text = await h.fails('list_admins', { page: 2 });
    expect(text).toMatch(/Invalid arguments for list_admins/);
    expect(text).toMatch(/page/);
  });

  it('retries a read after a 503 and succeeds', async () => {
    h.fake.inject({ kind: 'status', status: 503, times: 1, match: { path: /^\/admins$/ } });
    const out = await h.ok<{ admins: unknown[] }>('list_admins', {});
    expect(out.admins.length).toBeGreaterThan(0);
    expect(h.recorded().filter((r) => r.path === '/admins')).toHaveLength(2);
  });

  it('says how to reconnect when Intercom revoked the stored key', async () => {
    const stored = h.workspaceA.tokens.get(WORKSPACE_A.token);
    expect(stored).toBeDefined();
    if (!stored) return;
    stored.revoked = true;
    try {
      const text = await h.fails('list_admins', {});
      expect(text).toContain('revoked or is no longer valid');
      expect(text).toContain(`Reconnect the workspace at ${h.app.url}/`);
      expect(text).not.toContain(WORKSPACE_A.token);
    } finally {
      stored.revoked = false;
    }
  });

  it('reports an outage that outlasts the read retries', async () => {
    h.fake.inject({ kind: 'status', status: 503, times: 10, match: { path: /^\/admins$/ } });
    const text = await h.fails('list_admins', {});
    expect(text).toMatch(/Intercom is unavailable \(HTTP 503\)/);
    h.fake.clearFaults();
  });
});
