import { and, desc, eq, gte, max, sql } from 'drizzle-orm';
import type { AppDb } from '../db/client.js';
import { auditLog } from '../db/schema.js';

/** Reads of the audit log for the owner's /manage page: never arguments (the log has none). */

export interface RecentCall {
  at: Date;
  tool: string;
  outcome: string;
  errorKind: string | null;
  latencyMs: number;
  requestIds: string[];
}

export interface DayCount {
  /** YYYY-MM-DD, UTC. */
  day: string;
  calls: number;
  errors: number;
}

const DAY_MS = 86_400_000;

export async function recentCalls(db: AppDb, connectionId: string, limit = 20): Promise<RecentCall[]> {
  const rows = await db
    .select()
    .from(auditLog)
    .where(eq(auditLog.connectionId, connectionId))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit);
  return rows.map((r) => ({
    at: r.createdAt,
    tool: r.tool,
    outcome: r.outcome,
    errorKind: r.errorKind,
    latencyMs: r.latencyMs,
    requestIds: r.upstreamRequestIds,
  }));
}

/** When the connection last made a tool call, or null. */
export async function lastUsed(db: AppDb, connectionId: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: max(auditLog.createdAt) })
    .from(auditLog)
    .where(eq(auditLog.connectionId, connectionId));
  return row?.at ? new Date(row.at) : null;
}

/** Calls per UTC day for the last `days` days (today included), oldest first, days without calls as 0. */
export async function callsPerDay(
  db: AppDb,
  connectionId: string,
  days = 30,
  now = new Date(),
): Promise<DayCount[]> {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(today - (days - 1) * DAY_MS);
  const day = sql<string>`to_char(${auditLog.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`;
  const rows = await db
    .select({
      day,
      calls: sql<string>`count(*)`,
      errors: sql<string>`count(*) filter (where ${auditLog.outcome} <> 'ok')`,
    })
    .from(auditLog)
    .where(and(eq(auditLog.connectionId, connectionId), gte(auditLog.createdAt, since)))
    .groupBy(day);
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return Array.from({ length: days }, (_, i) => {
    const key = new Date(since.getTime() + i * DAY_MS).toISOString().slice(0, 10);
    const row = byDay.get(key);
    return { day: key, calls: Number(row?.calls ?? 0), errors: Number(row?.errors ?? 0) };
  });
}
