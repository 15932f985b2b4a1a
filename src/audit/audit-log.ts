import { inArray, lt, sql } from 'drizzle-orm';
import type { AppDb } from '../db/client.js';
import { auditLog, type NewAuditRow } from '../db/schema.js';
import type { Logger } from '../logger.js';

/** `forbidden`: refused because the connection's scopes do not allow the tool or the call. */
export type AuditOutcome = 'ok' | 'error' | 'invalid_arguments' | 'cancelled' | 'forbidden';

export interface AuditEntry {
  connectionId: string;
  tool: string;
  outcome: AuditOutcome;
  /** The error taxonomy kind (auth, not_found, rate_limited, …), `tool` for ToolError, `internal` otherwise. */
  errorKind?: string;
  latencyMs: number;
  upstreamRequestIds: string[];
}

export interface AuditLogOptions {
  retentionDays: number;
  flushIntervalMs?: number;
  /** Past this many unwritten rows (database down for long), the oldest are dropped with a warning. */
  maxBuffered?: number;
  /** True when an error means the database is away (then logged once there, not on every flush). */
  isOutage?: (error: unknown) => boolean;
}

const PURGE_INTERVAL_MS = 60 * 60_000;
const PURGE_BATCH = 5_000;

/**
 * Records tool calls off the request path: rows are buffered and written in batches, so a tool call
 * never waits for (or fails because of) the audit insert. Expired rows are purged hourly.
 */
export class AuditLog {
  private buffer: NewAuditRow[] = [];
  private flushing: Promise<void> | undefined;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly db: AppDb,
    private readonly logger: Logger,
    private readonly options: AuditLogOptions,
  ) {}

  start(): void {
    const flushTimer = setInterval(() => void this.flush(), this.options.flushIntervalMs ?? 1_000);
    const purgeTimer = setInterval(() => void this.purgeExpired().catch(() => {}), PURGE_INTERVAL_MS);
    for (const timer of [flushTimer, purgeTimer]) timer.unref();
    this.timers = [flushTimer, purgeTimer];
    void this.purgeExpired().catch(() => {});
  }

  record(entry: AuditEntry): void {
    this.buffer.push({
      connectionId: entry.connectionId,
      tool: entry.tool,
      outcome: entry.outcome,
      errorKind: entry.errorKind ?? null,
      latencyMs: Math.round(entry.latencyMs),
      upstreamRequestIds: entry.upstreamRequestIds.slice(0, 20),
    });
    const max = this.options.maxBuffered ?? 10_000;
    if (this.buffer.length > max) {
      const dropped = this.buffer.length - max;
      this.buffer.splice(0, dropped);
      this.logger.warn({ dropped }, 'audit buffer full; dropped the oldest rows');
    }
  }

  /** Writes buffered rows; on failure they stay buffered for the next attempt. */
  flush(): Promise<void> {
    // Reset in a separate step: with nothing buffered, an async function's own `finally` would run before
    // the assignment, leaving a settled promise here that every later flush returned (no row written again).
    this.flushing ??= this.writeBuffered().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async writeBuffered(): Promise<void> {
    try {
      while (this.buffer.length > 0) {
        // Small batches with a yield between them: building one huge insert stalls the event loop.
        const batch = this.buffer.slice(0, 100);
        await this.insert(batch);
        this.buffer.splice(0, batch.length);
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      if (this.options.isOutage?.(error)) return;
      this.logger.warn({ err: error, buffered: this.buffer.length }, 'audit rows not written yet');
    }
  }

  /**
   * One statement with one parameter (the batch as JSON): building a 100-row insert with drizzle's query
   * builder (600 bound values) cost more CPU than the tool calls it records, in the benchmark's profile.
   */
  private async insert(batch: NewAuditRow[]): Promise<void> {
    const rows = JSON.stringify(
      batch.map((r) => ({
        connection_id: r.connectionId,
        tool: r.tool,
        outcome: r.outcome,
        error_kind: r.errorKind ?? null,
        latency_ms: r.latencyMs,
        upstream_request_ids: r.upstreamRequestIds ?? [],
      })),
    );
    await this.db.execute(sql`
      insert into ${auditLog} (connection_id, tool, outcome, error_kind, latency_ms, upstream_request_ids)
      select connection_id, tool, outcome, error_kind, latency_ms, upstream_request_ids
      from jsonb_to_recordset(${rows}::jsonb)
        as r(connection_id text, tool text, outcome text, error_kind text, latency_ms integer, upstream_request_ids jsonb)`);
  }

  /** Deletes rows older than the retention period; returns how many. */
  async purgeExpired(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.options.retentionDays * 86_400_000);
    // In batches: after downtime or a shorter retention, one statement could delete millions of rows.
    let total = 0;
    for (;;) {
      const expired = this.db
        .select({ id: auditLog.id })
        .from(auditLog)
        .where(lt(auditLog.createdAt, cutoff))
        .limit(PURGE_BATCH);
      const deleted = await this.db
        .delete(auditLog)
        .where(inArray(auditLog.id, expired))
        .returning({ id: auditLog.id });
      total += deleted.length;
      if (deleted.length < PURGE_BATCH) break;
    }
    if (total > 0) this.logger.info({ deleted: total }, 'purged expired audit rows');
    return total;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await this.flush();
  }
}
