import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../src/db/schema.js';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { useToolHarness } from './tools/harness.js';

const h = useToolHarness();

async function auditRows() {
  await h.app.runtime.deps.audit.flush();
  return h.app.runtime.deps.database.db.select().from(auditLog).orderBy(auditLog.id);
}

describe('audit log', () => {
  beforeEach(async () => {
    await h.app.runtime.deps.database.db.delete(auditLog);
  });

  it('records one row per tool call with outcome, latency and Intercom request ids, never arguments', async () => {
    await h.ok('list_admins', {});
    await h.fails('list_admins', { secret_argument: 'sk-should-never-be-stored' });
    h.fake.inject({ kind: 'status', status: 503, times: 10, match: { path: /^\/admins$/ } });
    await h.fails('list_admins', {});
    const rows = await auditRows();
    expect(rows.map((r) => [r.tool, r.outcome, r.errorKind])).toEqual([
      ['list_admins', 'ok', null],
      ['list_admins', 'invalid_arguments', null],
      ['list_admins', 'error', 'unavailable'],
    ]);
    expect(rows.every((r) => r.connectionId === h.connection.connection_id)).toBe(true);
    expect(rows.every((r) => r.latencyMs >= 0)).toBe(true);
    const served = h.fake
      .requestsFor(WORKSPACE_A.id)
      .filter((r) => r.path === '/admins' || r.path === '/teams');
    expect(served.length).toBeGreaterThanOrEqual(2);
    expect(rows[0]?.upstreamRequestIds).toHaveLength(2);
    expect(rows[1]?.upstreamRequestIds).toEqual([]);
    expect(rows[2]?.upstreamRequestIds.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(rows)).not.toContain('sk-should-never-be-stored');
    h.fake.clearFaults();
  });

  it('keeps writing after a flush that found nothing to write (an idle second)', async () => {
    await h.app.runtime.deps.audit.flush();
    await h.app.runtime.deps.audit.flush();
    await h.ok('list_admins', {});
    expect((await auditRows()).map((r) => r.tool)).toEqual(['list_admins']);
    await h.ok('list_admins', {});
    expect(await auditRows()).toHaveLength(2);
  });

  it('deletes rows older than the retention period and keeps the rest', async () => {
    await h.ok('list_admins', {});
    await h.app.runtime.deps.audit.flush();
    await h.app.runtime.deps.database.db.execute(
      sql`insert into audit_log (connection_id, tool, outcome, latency_ms, created_at)
          values ('old', 'list_admins', 'ok', 1, now() - interval '31 days')`,
    );
    expect(await h.app.runtime.deps.audit.purgeExpired()).toBe(1);
    const rows = await auditRows();
    expect(rows.map((r) => r.connectionId)).toEqual([h.connection.connection_id]);
  });
});

describe('upstream pacing', () => {
  it('waits for the window to reset instead of running into 429s', async () => {
    await h.ok('list_admins', {});
    h.fake.reset();
    h.fake.inject({
      kind: 'rateLimitRemaining',
      remaining: 3,
      resetInSeconds: 2,
      workspaceId: WORKSPACE_A.id,
    });
    const started = Date.now();
    for (let i = 0; i < 3; i++) await h.ok('list_admins', {});
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const statuses = h.fake.requestsFor(WORKSPACE_A.id).map((r) => r.status);
    expect(statuses).not.toContain(429);
    expect(statuses.length).toBe(6);
  });
});
