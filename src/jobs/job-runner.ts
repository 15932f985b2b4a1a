import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Config } from '../config.js';
import { audiencePage } from '../intercom/audiences.js';
import type { IntercomApi } from '../intercom/client.js';
import type { IntercomContact } from '../intercom/contacts.js';
import { IntercomApiError } from '../intercom/errors.js';
import type { BackgroundPacing } from '../intercom/factory.js';
import { recipientExclusion, sendAdminMessage } from '../intercom/messages.js';
import { classifyWrite } from '../intercom/write-outcome.js';
import type { Logger } from '../logger.js';
import { allowsBulkSends } from '../tenancy/scopes.js';
import type { Tenant } from '../tenancy/tenant.js';
import { mapLimited } from '../util/map-limited.js';
import type { JobRow, JobStore, NewRecipient, RecipientRow } from './job-store.js';
import { audienceSchema, bulkMessageSchema } from './message-jobs.js';

const PAGE_SIZE = 150;
/** How long a job rests after Intercom was unreachable before it is tried again. */
const UNAVAILABLE_PAUSE_MS = 5_000;
const NEVER_ABORTED = new AbortController().signal;
const PURGE_EVERY_MS = 60 * 60_000;
/** How long a job rests after an error that is not Intercom's (database, decryption), before a retry. */
const BROKEN_JOB_PAUSE_MS = 30_000;
/** This many failures in a row with the same reason and no success: the reason is the job's, not the contacts'. */
const SAME_FAILURE_LIMIT = 20;

export interface JobRunnerDeps {
  store: JobStore;
  settings: Config['jobs'];
  /** Ended jobs are deleted this many days after they ended. */
  retentionDays: number;
  /** The tenant (with its decrypted key) of an active connection, or null once it is revoked. */
  tenantFor(connectionId: string): Promise<Tenant | null>;
  intercomFor(
    tenant: Tenant,
    signal: AbortSignal,
    onResponse: undefined,
    pacing: BackgroundPacing,
  ): IntercomApi;
  logger: Logger;
  /** True when an error means the database is away (logged once there, not on every poll). */
  isOutage?: (error: unknown) => boolean;
}

type Outcome =
  | { state: 'sent'; messageId: string }
  | { state: 'failed'; error: string }
  /** May have been sent: never resent; Intercom looks unwell, so the job rests. */
  | { state: 'unknown'; error: string; pauseMs: number }
  /** Provably not sent and worth another try later: back to pending, the job pauses. */
  | { state: 'pending'; pauseMs: number; reason: string }
  /** The whole job cannot go on (the key was revoked, permission was withdrawn). */
  | { state: 'fatal'; reason: string };

/**
 * Works on bulk message jobs in this instance: snapshots audiences, then sends one message per
 * recipient, claiming work in the database so that any number of instances share it. A recipient is
 * marked 'sending' (committed) before its request leaves; if this instance dies then, another one
 * later marks it 'unknown' instead of sending again.
 */
export class JobRunner {
  private readonly owner = `runner_${randomUUID()}`;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private readonly pacing: BackgroundPacing;
  private lastPurge = 0;
  /** Per job: the last failure reason and how many sends in a row failed with it. */
  private readonly failureStreaks = new Map<string, { reason: string; count: number }>();
  /** Jobs this instance holds a lease or claims on right now: the heartbeat renews them. */
  private readonly working = new Set<string>();
  private heartbeat: NodeJS.Timeout | undefined;
  private renewing = false;

  constructor(private readonly deps: JobRunnerDeps) {
    // Bulk sends may spend their share of each window and wait at most a moment for the next one;
    // longer waits pause the job instead, so other tenants' jobs keep moving.
    this.pacing = { reserveFraction: 1 - deps.settings.rateShare, maxWaitMs: 1_000 };
  }

  start(): void {
    // Leases are short so that a dead instance's work is taken over within seconds; while this one
    // lives, it renews them three times per lease.
    this.heartbeat ??= setInterval(() => void this.renew(), Math.max(100, this.deps.settings.leaseMs / 3));
    this.heartbeat.unref?.();
    this.loop ??= this.run();
  }

  private async renew(): Promise<void> {
    if (this.renewing || this.working.size === 0) return;
    this.renewing = true;
    try {
      await this.deps.store.renewLeases(this.owner, [...this.working], this.deps.settings.leaseMs);
    } catch (error) {
      if (!this.deps.isOutage?.(error)) {
        this.deps.logger.warn({ err: error }, 'bulk send runner: could not renew leases; retrying');
      }
    } finally {
      this.renewing = false;
    }
  }

  /** Looks for work now instead of at the next poll. */
  wake(): void {
    this.wakeUp?.();
  }

  /** Finishes the sends in flight (never abandons a request that left), then stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
    clearInterval(this.heartbeat);
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let worked = false;
      try {
        worked = await this.tick();
      } catch (error) {
        if (!this.deps.isOutage?.(error)) {
          this.deps.logger.warn({ err: error }, 'bulk send runner: could not work on jobs; retrying');
        }
      }
      if (!worked && !this.stopping) await this.idle();
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.deps.settings.pollMs);
      timer.unref?.();
      this.wakeUp = done;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  /** One unit of work; false when there was nothing to do. */
  async tick(): Promise<boolean> {
    const { store, logger } = this.deps;
    const interrupted = await store.expireInterruptedSends();
    if (interrupted > 0) logger.warn({ interrupted }, 'bulk send: interrupted sends marked unknown');
    for (const jobId of await store.completeFinished()) logger.info({ jobId }, 'bulk send completed');
    if (Date.now() - this.lastPurge > PURGE_EVERY_MS) {
      this.lastPurge = Date.now();
      const purged = await store.purgeEnded(this.deps.retentionDays);
      if (purged > 0) logger.info({ purged }, 'bulk send: deleted jobs past their retention');
    }
    if (this.stopping) return false;

    const snapshotting = await store.claimSnapshot(this.owner, this.deps.settings.leaseMs);
    if (snapshotting) {
      await this.workingOn(snapshotting.id, () => this.snapshot(snapshotting)).catch(
        async (error: unknown) => {
          // A job that cannot be worked on (e.g. its key no longer decrypts) rests, so others go on.
          if (!this.deps.isOutage?.(error)) {
            logger.error(
              { err: error, jobId: snapshotting.id },
              'bulk send: snapshot failed; retrying later',
            );
          }
          await store.postponeSnapshot(snapshotting.id, this.owner, BROKEN_JOB_PAUSE_MS);
        },
      );
      return true;
    }
    const sending = await store.nextSendingJob();
    if (sending) {
      await this.workingOn(sending.id, () => this.sendBatch(sending)).catch(async (error: unknown) => {
        if (!this.deps.isOutage?.(error)) {
          logger.error({ err: error, jobId: sending.id }, 'bulk send: batch failed; retrying later');
        }
        await store.pause(sending.id, BROKEN_JOB_PAUSE_MS);
      });
      return true;
    }
    return false;
  }

  private async workingOn(jobId: string, work: () => Promise<void>): Promise<void> {
    this.working.add(jobId);
    try {
      await work();
    } finally {
      this.working.delete(jobId);
    }
  }

  private async tenantOf(job: JobRow): Promise<Tenant | null> {
    const tenant = await this.deps.tenantFor(job.connectionId);
    if (!tenant) await this.deps.store.fail(job.id, 'the connection was revoked');
    else if (!allowsBulkSends(tenant.scopes)) {
      // The owner narrowed the connection: a running send stops too, not only new ones.
      await this.deps.store.fail(job.id, 'bulk messaging was turned off for this connection');
      return null;
    }
    return tenant;
  }

  /** Copies the audience into recipient rows, page by page, resumable from the stored cursor. */
  private async snapshot(job: JobRow): Promise<void> {
    const { store, settings, logger } = this.deps;
    const tenant = await this.tenantOf(job);
    if (!tenant) return;
    const api = this.deps.intercomFor(tenant, NEVER_ABORTED, undefined, this.pacing);
    const audience = audienceSchema.parse(job.audience);
    const message = bulkMessageSchema.parse(job.message);
    let cursor = job.snapshotCursor ?? undefined;
    let stored = total(await store.countsByState(job.id));
    while (!this.stopping) {
      let page: Awaited<ReturnType<typeof audiencePage>>;
      try {
        page = await audiencePage(api, audience, { perPage: PAGE_SIZE, cursor });
      } catch (error) {
        await this.snapshotFailed(job, error);
        return;
      }
      stored += page.contacts.length;
      if (stored > settings.maxAudience) {
        await store.fail(
          job.id,
          `the ${audience.kind} grew beyond ${settings.maxAudience} contacts after the job was created; nothing was sent`,
        );
        return;
      }
      const rows = page.contacts.map((c) => recipientFor(c, message.messageType));
      // The last page (no next cursor) also moves the job to sending, in the same transaction.
      if (!(await store.saveSnapshotPage(job.id, this.owner, settings.leaseMs, rows, page.nextCursor)))
        return;
      if (!page.nextCursor) {
        logger.info({ jobId: job.id, recipients: stored }, 'bulk send: audience snapshotted, sending');
        return;
      }
      cursor = page.nextCursor;
    }
    // Stopping: hand the lease back so another instance resumes from the stored cursor at once.
    await store.postponeSnapshot(job.id, this.owner, 0);
  }

  private async snapshotFailed(job: JobRow, error: unknown): Promise<void> {
    if (
      error instanceof IntercomApiError &&
      (error.kind === 'rate_limited' || error.kind === 'unavailable')
    ) {
      // Listing is a read: nothing was sent. Hand the lease back with a delay; any instance resumes.
      const delayMs =
        error.kind === 'rate_limited'
          ? Math.max(1, error.extra.retryAfterSeconds ?? 1) * 1000
          : UNAVAILABLE_PAUSE_MS;
      this.deps.logger.info(
        { jobId: job.id, delayMs },
        `bulk send: listing the audience paused: ${error.message}`,
      );
      await this.deps.store.postponeSnapshot(job.id, this.owner, delayMs);
      return;
    }
    const said = error instanceof IntercomApiError ? error.message : 'unexpected error';
    await this.deps.store.fail(job.id, `listing the audience failed (${said}); nothing was sent`);
  }

  /** Claims a few recipients of the job and sends to them, a few at a time. */
  /** Claims a batch of recipients, sends to each (never twice), then releases, pauses or fails the job. */
  private async sendBatch(job: JobRow): Promise<void> {
    const { store, settings } = this.deps;
    const tenant = await this.tenantOf(job);
    if (!tenant) return;
    const api = this.deps.intercomFor(tenant, NEVER_ABORTED, undefined, this.pacing);
    const message = bulkMessageSchema.parse(job.message);
    const batch = await store.claimRecipients(
      job.id,
      this.owner,
      settings.sendConcurrency * 4,
      settings.leaseMs,
    );
    let halt: Halt | undefined;
    const streak = this.failureStreaks.get(job.id) ?? { reason: '', count: 0 };
    const untouched: string[] = [];
    await mapLimited(batch, settings.sendConcurrency, async (recipient: RecipientRow) => {
      if (halt || this.stopping) {
        untouched.push(recipient.contactId);
        return;
      }
      // Committed as `sending` before the POST leaves: a recipient that may have been sent is never resent.
      if (!(await store.markSending(job.id, recipient.contactId, this.owner, settings.leaseMs))) return;
      const outcome = await this.sendOne(api, message, recipient, job.id);
      const decided = this.decide(outcome, streak);
      halt ??= decided.halt;
      await store.settle(job.id, recipient.contactId, this.owner, decided.settled);
    });
    await this.finishBatch(job.id, batch.length, untouched, streak, halt);
  }

  /** One message to one recipient, and what its outcome means. */
  private async sendOne(
    api: IntercomApi,
    message: z.infer<typeof bulkMessageSchema>,
    recipient: RecipientRow,
    jobId: string,
  ): Promise<Outcome> {
    try {
      const sent = await sendAdminMessage(api, {
        messageType: message.messageType,
        body: message.body,
        subject: message.subject,
        template: message.template,
        fromAdminId: message.fromAdminId,
        to: { type: recipient.role === 'lead' ? 'lead' : 'user', id: recipient.contactId },
        createConversation: message.createConversation,
      });
      return { state: 'sent', messageId: sent.id };
    } catch (error) {
      if (!(error instanceof IntercomApiError)) {
        this.deps.logger.error({ err: error, jobId }, 'bulk send: unexpected error while sending');
      }
      return classify(error);
    }
  }

  /**
   * What an outcome means: the recipient's settled state, and the halt it calls for (a pause, or the end
   * of the job), if any. Synchronous, so the halt is seen before the settle's await lets other sends start.
   */
  private decide(
    outcome: Outcome,
    streak: { reason: string; count: number },
  ): { settled: Parameters<JobStore['settle']>[3]; halt?: Halt } {
    switch (outcome.state) {
      case 'sent':
        streak.count = 0;
        return { settled: { state: 'sent', messageId: outcome.messageId } };
      case 'failed': {
        if (streak.reason === outcome.error) streak.count += 1;
        else Object.assign(streak, { reason: outcome.error, count: 1 });
        const settled = { state: 'failed' as const, error: outcome.error };
        return streak.count >= SAME_FAILURE_LIMIT
          ? { settled, halt: { fatal: `every send failed: ${outcome.error}` } }
          : { settled };
      }
      case 'unknown':
        // The request may have been applied: never resent. Intercom looks unwell: the job rests.
        return {
          settled: { state: 'unknown', error: outcome.error },
          halt: { pauseMs: outcome.pauseMs, reason: 'Intercom did not confirm a send' },
        };
      case 'pending':
        return {
          settled: { state: 'pending', error: `Not sent: ${outcome.reason}.` },
          halt: { pauseMs: outcome.pauseMs, reason: outcome.reason },
        };
      case 'fatal':
        return {
          settled: { state: 'pending', error: `Not sent: ${outcome.reason}` },
          halt: { fatal: outcome.reason },
        };
    }
  }

  /** Gives back what was not tried, keeps the failure streak, and pauses or fails the job if asked. */
  private async finishBatch(
    jobId: string,
    claimed: number,
    untouched: string[],
    streak: { reason: string; count: number },
    halt: Halt | undefined,
  ): Promise<void> {
    const { store, logger } = this.deps;
    if (streak.count > 0) this.failureStreaks.set(jobId, streak);
    else this.failureStreaks.delete(jobId);
    await store.release(jobId, untouched, this.owner);
    logger.debug({ jobId, claimed }, 'bulk send: batch done');
    if (halt && 'fatal' in halt) {
      logger.warn({ jobId }, `bulk send stopped: ${halt.fatal}`);
      this.failureStreaks.delete(jobId);
      await store.fail(jobId, halt.fatal);
    } else if (halt) {
      logger.info({ jobId, pauseMs: halt.pauseMs }, `bulk send paused: ${halt.reason}`);
      await store.pause(jobId, halt.pauseMs);
    }
  }
}

/** Why a batch stops early: a pause (Intercom unwell, rate-limited) or the end of the job. */
type Halt = { pauseMs: number; reason: string } | { fatal: string };

function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

function recipientFor(contact: IntercomContact, messageType: 'in_app' | 'email'): NewRecipient {
  const base = { contactId: contact.id, role: contact.role ?? 'unknown', email: contact.email ?? null };
  const excluded = recipientExclusion(contact, messageType);
  return excluded
    ? { ...base, state: 'failed', error: excluded.message }
    : { ...base, state: 'pending', error: null };
}

/** What a failed send means for its recipient, and for the job. */
function classify(error: unknown): Outcome {
  const outcome = classifyWrite(error);
  if (!(error instanceof IntercomApiError)) {
    return {
      state: 'unknown',
      error: 'Not confirmed (unexpected error); the message may have been sent: check before resending.',
      pauseMs: UNAVAILABLE_PAUSE_MS,
    };
  }
  if (outcome.status === 'unknown') {
    const what = error.extra.status
      ? `Intercom answered HTTP ${error.extra.status}`
      : 'Intercom did not answer';
    return {
      state: 'unknown',
      error: `Not confirmed (${what}); the message may have been sent: check the contact's conversations before resending.`,
      pauseMs: UNAVAILABLE_PAUSE_MS,
    };
  }
  switch (error.kind) {
    case 'rate_limited':
      return {
        state: 'pending',
        pauseMs: Math.max(1, error.extra.retryAfterSeconds ?? 1) * 1000,
        reason: 'Intercom rate limit reached',
      };
    case 'unavailable':
      return { state: 'pending', pauseMs: UNAVAILABLE_PAUSE_MS, reason: 'Intercom could not be reached' };
    case 'auth':
    case 'permission':
      return { state: 'fatal', reason: error.message };
    default:
      return { state: 'failed', error: error.message };
  }
}
