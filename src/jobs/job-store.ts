import { and, asc, count, desc, eq, gt, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { AppDb } from '../db/client.js';
import { messageJobs as jobs, messageJobRecipients as recipients } from '../db/schema.js';
import type { RecipientState } from '../tools/message-jobs-port.js';

export type JobRow = typeof jobs.$inferSelect;
export type RecipientRow = typeof recipients.$inferSelect;
export type NewRecipient = Pick<RecipientRow, 'contactId' | 'role' | 'email' | 'state' | 'error'>;

const ACTIVE = ['snapshotting', 'running'];
const inMs = (ms: number) => sql`now() + ${`${Math.max(1, Math.round(ms))} milliseconds`}::interval`;

/**
 * Messages of the connection's bulk sends created in the last 24 hours: jobs still going count their
 * whole audience, ended ones what may have left (sent, sending, unknown).
 */
async function messagesInLastDay(db: AppDb, connectionId: string): Promise<number> {
  const [used] = await db
    .select({
      n: sql<string>`coalesce(sum(case when ${jobs.status} in ('cancelled', 'failed', 'completed')
        then (select count(*) from ${recipients} where ${recipients.jobId} = ${jobs.id}
              and ${recipients.state} in ('sent', 'sending', 'unknown'))
        else coalesce(${jobs.audienceSize}, 0) end), 0)`,
    })
    .from(jobs)
    .where(and(eq(jobs.connectionId, connectionId), gt(jobs.createdAt, sql`now() - interval '24 hours'`)));
  return Number(used?.n ?? 0);
}

/**
 * Every database statement of bulk message jobs. Work is shared between instances through row claims
 * (FOR UPDATE SKIP LOCKED) with expiry, so a crashed instance's work is picked up by another.
 */
export class JobStore {
  constructor(private readonly db: AppDb) {}

  /**
   * Inserts the job unless the connection already runs `maxActive` jobs, or the job would take the
   * messages of the last 24 hours past `perDay` (both checked under one lock per connection).
   */
  async create(
    row: Pick<JobRow, 'id' | 'connectionId' | 'audience' | 'message' | 'audienceSize'>,
    maxActive: number,
    perDay: number | null = null,
  ): Promise<
    { created: true } | { created: false; active: string[] } | { created: false; active: []; lastDay: number }
  > {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`message_jobs:${row.connectionId}`}))`);
      const active = await tx
        .select({ id: jobs.id })
        .from(jobs)
        .where(and(eq(jobs.connectionId, row.connectionId), inArray(jobs.status, ACTIVE)));
      if (active.length >= maxActive) return { created: false, active: active.map((a) => a.id) };
      if (perDay !== null) {
        const lastDay = await messagesInLastDay(tx as unknown as AppDb, row.connectionId);
        if (lastDay + (row.audienceSize ?? 0) > perDay) return { created: false, active: [], lastDay };
      }
      await tx.insert(jobs).values({ ...row, status: 'snapshotting' });
      return { created: true };
    });
  }

  async find(connectionId: string, jobId: string): Promise<JobRow | undefined> {
    const rows = await this.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.id, jobId), eq(jobs.connectionId, connectionId)))
      .limit(1);
    return rows[0];
  }

  /** Messages the connection's bulk sends of the last 24 hours sent or will send (see messagesInLastDay). */
  lastDay(connectionId: string): Promise<number> {
    return messagesInLastDay(this.db, connectionId);
  }

  /** The connection's latest jobs, newest first (for the owner's /manage page). */
  async recent(connectionId: string, limit: number): Promise<JobRow[]> {
    return this.db
      .select()
      .from(jobs)
      .where(eq(jobs.connectionId, connectionId))
      .orderBy(desc(jobs.createdAt))
      .limit(limit);
  }

  /** Jobs of every connection by status (for /metrics). */
  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.db.select({ status: jobs.status, n: count() }).from(jobs).groupBy(jobs.status);
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
  }

  async countsByState(jobId: string): Promise<Record<RecipientState, number>> {
    const rows = await this.db
      .select({ state: recipients.state, n: count() })
      .from(recipients)
      .where(eq(recipients.jobId, jobId))
      .groupBy(recipients.state);
    const counts: Record<RecipientState, number> = { pending: 0, sending: 0, sent: 0, failed: 0, unknown: 0 };
    for (const row of rows) counts[row.state as RecipientState] = Number(row.n);
    return counts;
  }

  async recipientsIn(
    jobId: string,
    states: RecipientState[],
    page: { limit: number; offset: number },
  ): Promise<RecipientRow[]> {
    return this.db
      .select()
      .from(recipients)
      .where(and(eq(recipients.jobId, jobId), inArray(recipients.state, states)))
      .orderBy(asc(recipients.seq), asc(recipients.contactId))
      .limit(page.limit)
      .offset(page.offset);
  }

  /** Stops the job: no recipient moves to 'sending' afterwards. False when it had already ended. */
  async cancel(connectionId: string, jobId: string): Promise<boolean> {
    const rows = await this.db
      .update(jobs)
      .set({
        cancelRequested: true,
        status: 'cancelled',
        finishedAt: sql`now()`,
        updatedAt: sql`now()`,
        leaseOwner: null,
        leaseExpiresAt: null,
      })
      .where(and(eq(jobs.id, jobId), eq(jobs.connectionId, connectionId), inArray(jobs.status, ACTIVE)))
      .returning({ id: jobs.id });
    return rows.length === 1;
  }

  /** Takes the lease of one job whose audience still has to be snapshotted. */
  async claimSnapshot(owner: string, leaseMs: number): Promise<JobRow | undefined> {
    const next = this.db
      .select({ id: jobs.id })
      .from(jobs)
      .where(
        and(
          eq(jobs.status, 'snapshotting'),
          or(isNull(jobs.leaseExpiresAt), lt(jobs.leaseExpiresAt, sql`now()`)),
        ),
      )
      .orderBy(asc(jobs.createdAt))
      .limit(1)
      .for('update', { skipLocked: true });
    const rows = await this.db
      .update(jobs)
      .set({ leaseOwner: owner, leaseExpiresAt: inMs(leaseMs), updatedAt: sql`now()` })
      .where(sql`${jobs.id} = any(array(${next}))`)
      .returning();
    return rows[0];
  }

  /**
   * Stores one page of the audience and the cursor after it, in one transaction, while the lease is
   * still ours. A page stored twice (after a takeover) adds nobody twice: the key is (job, contact).
   */
  async saveSnapshotPage(
    jobId: string,
    owner: string,
    leaseMs: number,
    page: NewRecipient[],
    cursor: string | null,
  ): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const held = await tx
        .update(jobs)
        .set({ snapshotCursor: cursor, leaseExpiresAt: inMs(leaseMs), updatedAt: sql`now()` })
        .where(and(eq(jobs.id, jobId), eq(jobs.leaseOwner, owner), eq(jobs.status, 'snapshotting')))
        .returning({ id: jobs.id });
      if (held.length === 0) return false;
      if (page.length > 0) {
        const [{ n } = { n: 0 }] = await tx
          .select({ n: count() })
          .from(recipients)
          .where(eq(recipients.jobId, jobId));
        await tx
          .insert(recipients)
          .values(page.map((r, i) => ({ ...r, jobId, seq: Number(n) + i })))
          .onConflictDoNothing();
      }
      // The last page ends the snapshot in the same transaction: a crash can never leave a complete
      // audience behind a cursor that says "start again".
      if (cursor === null) {
        await tx
          .update(jobs)
          .set({
            status: 'running',
            audienceSize: sql`(select count(*) from ${recipients} where ${recipients.jobId} = ${jobId})::int`,
            leaseOwner: null,
            leaseExpiresAt: null,
            updatedAt: sql`now()`,
          })
          .where(eq(jobs.id, jobId));
      }
      return true;
    });
  }

  /** Gives the snapshot lease up until `delayMs` from now (Intercom is rate limiting or unreachable). */
  async postponeSnapshot(jobId: string, owner: string, delayMs: number): Promise<void> {
    await this.db
      .update(jobs)
      .set({ leaseOwner: null, leaseExpiresAt: inMs(delayMs), updatedAt: sql`now()` })
      .where(and(eq(jobs.id, jobId), eq(jobs.leaseOwner, owner)));
  }

  /** Ends an active job as failed; recipients not yet sent are marked failed with the reason. */
  async fail(jobId: string, reason: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const rows = await tx
        .update(jobs)
        .set({
          status: 'failed',
          error: reason,
          finishedAt: sql`now()`,
          updatedAt: sql`now()`,
          leaseOwner: null,
          leaseExpiresAt: null,
        })
        .where(and(eq(jobs.id, jobId), inArray(jobs.status, ACTIVE)))
        .returning({ id: jobs.id });
      if (rows.length === 0) return;
      await tx
        .update(recipients)
        .set({ state: 'failed', error: `Not sent: ${reason}`, claimedBy: null, updatedAt: sql`now()` })
        .where(and(eq(recipients.jobId, jobId), eq(recipients.state, 'pending')));
    });
  }

  /** A sending job with recipients left to claim, least recently worked first (fair between jobs). */
  async nextSendingJob(): Promise<JobRow | undefined> {
    const claimable = this.db
      .select({ jobId: recipients.jobId })
      .from(recipients)
      .where(
        and(
          eq(recipients.jobId, jobs.id),
          eq(recipients.state, 'pending'),
          or(isNull(recipients.claimExpiresAt), lt(recipients.claimExpiresAt, sql`now()`)),
        ),
      )
      .limit(1);
    const rows = await this.db
      .select()
      .from(jobs)
      .where(
        and(
          eq(jobs.status, 'running'),
          eq(jobs.cancelRequested, false),
          or(isNull(jobs.pausedUntil), lte(jobs.pausedUntil, sql`now()`)),
          sql`exists (${claimable})`,
        ),
      )
      .orderBy(asc(jobs.updatedAt))
      .limit(1);
    return rows[0];
  }

  /** Claims up to `size` pending recipients of the job for this instance. */
  async claimRecipients(
    jobId: string,
    owner: string,
    size: number,
    leaseMs: number,
  ): Promise<RecipientRow[]> {
    const batch = this.db
      .select({ contactId: recipients.contactId })
      .from(recipients)
      .where(
        and(
          eq(recipients.jobId, jobId),
          eq(recipients.state, 'pending'),
          or(isNull(recipients.claimExpiresAt), lt(recipients.claimExpiresAt, sql`now()`)),
        ),
      )
      .orderBy(asc(recipients.seq))
      .limit(size)
      .for('update', { skipLocked: true });
    const claimed = await this.db
      .update(recipients)
      .set({ claimedBy: owner, claimExpiresAt: inMs(leaseMs) })
      // `= any(array(…))` evaluates the locking subquery once; `in (…)` may re-run it and claim more than `size`.
      .where(and(eq(recipients.jobId, jobId), sql`${recipients.contactId} = any(array(${batch}))`))
      .returning();
    await this.db.update(jobs).set({ updatedAt: sql`now()` }).where(eq(jobs.id, jobId));
    return claimed.sort((a, b) => a.seq - b.seq);
  }

  /**
   * Moves a claimed recipient to 'sending' just before its request leaves, committed first. False when
   * the claim was lost, the recipient is no longer pending or the job stopped: then nothing is sent.
   */
  async markSending(jobId: string, contactId: string, owner: string, leaseMs: number): Promise<boolean> {
    const running = this.db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.id, jobId), eq(jobs.status, 'running'), eq(jobs.cancelRequested, false)))
      // A cancel committing meanwhile waits for this statement, or this one sees it: never both pass.
      .for('share');
    const rows = await this.db
      .update(recipients)
      .set({ state: 'sending', claimExpiresAt: inMs(leaseMs), updatedAt: sql`now()` })
      .where(
        and(
          eq(recipients.jobId, jobId),
          eq(recipients.contactId, contactId),
          eq(recipients.state, 'pending'),
          eq(recipients.claimedBy, owner),
          inArray(recipients.jobId, running),
        ),
      )
      .returning({ contactId: recipients.contactId });
    return rows.length === 1;
  }

  /**
   * Records what Intercom answered. It also overrides 'unknown' set by another instance that thought
   * this one had died: an answer we hold is better than a guess.
   */
  async settle(
    jobId: string,
    contactId: string,
    owner: string,
    outcome: {
      state: 'sent' | 'failed' | 'unknown' | 'pending';
      messageId?: string | null;
      error?: string | null;
    },
  ): Promise<void> {
    if (outcome.state === 'pending') {
      // Provably not sent: back to pending for a later try, unless another instance already gave the
      // recipient up as 'unknown' (its job may have completed since): then it is 'failed', not sent.
      const back = await this.db
        .update(recipients)
        .set({ state: 'pending', error: null, claimedBy: null, claimExpiresAt: null, updatedAt: sql`now()` })
        .where(
          and(
            eq(recipients.jobId, jobId),
            eq(recipients.contactId, contactId),
            eq(recipients.claimedBy, owner),
            eq(recipients.state, 'sending'),
          ),
        )
        .returning({ contactId: recipients.contactId });
      if (back.length === 1) return;
      outcome = {
        state: 'failed',
        error: outcome.error ?? 'Not sent; send to this contact yourself if needed.',
      };
    }
    await this.db
      .update(recipients)
      .set({
        state: outcome.state,
        messageId: outcome.messageId ?? null,
        error: outcome.error ?? null,
        claimedBy: null,
        claimExpiresAt: null,
        updatedAt: sql`now()`,
      })
      .where(
        and(
          eq(recipients.jobId, jobId),
          eq(recipients.contactId, contactId),
          eq(recipients.claimedBy, owner),
          inArray(recipients.state, ['sending', 'unknown']),
        ),
      );
  }

  /** Gives back claimed recipients that were never sent, e.g. when the job pauses. */
  async release(jobId: string, contactIds: string[], owner: string): Promise<void> {
    if (contactIds.length === 0) return;
    await this.db
      .update(recipients)
      .set({ claimedBy: null, claimExpiresAt: null })
      .where(
        and(
          eq(recipients.jobId, jobId),
          inArray(recipients.contactId, contactIds),
          eq(recipients.claimedBy, owner),
          eq(recipients.state, 'pending'),
        ),
      );
  }

  /**
   * The heartbeat: extends this instance's snapshot leases and its claims (pending or in flight) on the
   * jobs it is working on, so short leases never lapse under a live instance. Claims another instance
   * took over, or already gave up as 'unknown', are left alone.
   */
  async renewLeases(owner: string, jobIds: string[], leaseMs: number): Promise<void> {
    if (jobIds.length === 0) return;
    await this.db
      .update(jobs)
      .set({ leaseExpiresAt: inMs(leaseMs) })
      .where(and(inArray(jobs.id, jobIds), eq(jobs.leaseOwner, owner), eq(jobs.status, 'snapshotting')));
    await this.db
      .update(recipients)
      .set({ claimExpiresAt: inMs(leaseMs) })
      .where(
        and(
          inArray(recipients.jobId, jobIds),
          inArray(recipients.state, ['pending', 'sending']),
          eq(recipients.claimedBy, owner),
        ),
      );
  }

  /** Rests the job for `delayMs` (measured on the database's clock, like every other lease here). */
  async pause(jobId: string, delayMs: number): Promise<void> {
    await this.db
      .update(jobs)
      .set({ pausedUntil: inMs(delayMs), updatedAt: sql`now()` })
      .where(eq(jobs.id, jobId));
  }

  /**
   * A send whose instance died after the request may have left: its claim expired while 'sending'.
   * It becomes 'unknown' and is never resent automatically.
   */
  async expireInterruptedSends(): Promise<number> {
    // Only jobs that are running or ended recently can hold 'sending' rows; this keeps the scan on the
    // (job_id, state) index instead of every recipient ever stored.
    const recent = this.db
      .select({ id: jobs.id })
      .from(jobs)
      .where(or(isNull(jobs.finishedAt), gt(jobs.finishedAt, sql`now() - interval '1 day'`)));
    const rows = await this.db
      .update(recipients)
      .set({
        state: 'unknown',
        error:
          'The send was interrupted after the request may have reached Intercom; check before resending.',
        updatedAt: sql`now()`,
      })
      .where(
        and(
          inArray(recipients.jobId, recent),
          eq(recipients.state, 'sending'),
          lt(recipients.claimExpiresAt, sql`now()`),
        ),
      )
      .returning({ jobId: recipients.jobId });
    return rows.length;
  }

  /** Deletes jobs (and, by cascade, their recipients) that ended more than `days` ago. */
  async purgeEnded(days: number): Promise<number> {
    const rows = await this.db
      .delete(jobs)
      .where(
        and(
          inArray(jobs.status, ['completed', 'cancelled', 'failed']),
          lt(jobs.finishedAt, sql`now() - ${`${days} days`}::interval`),
        ),
      )
      .returning({ id: jobs.id });
    return rows.length;
  }

  /** Marks running jobs with nothing left to send as completed. */
  async completeFinished(): Promise<string[]> {
    const open = this.db
      .select({ jobId: recipients.jobId })
      .from(recipients)
      .where(and(eq(recipients.jobId, jobs.id), inArray(recipients.state, ['pending', 'sending'])))
      .limit(1);
    const rows = await this.db
      .update(jobs)
      .set({ status: 'completed', finishedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(jobs.status, 'running'), sql`not exists (${open})`))
      .returning({ id: jobs.id });
    return rows.map((r) => r.id);
  }
}
