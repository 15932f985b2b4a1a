import { randomUUID } from 'node:crypto';
import type { Config } from '../config.js';
import { audiencePage } from '../intercom/audiences.js';
import type { IntercomApi } from '../intercom/client.js';
import type { IntercomContact } from '../intercom/contacts.js';
import { IntercomApiError } from '../intercom/errors.js';
import type { BackgroundPacing } from '../intercom/factory.js';
import { sendAdminMessage } from '../intercom/messages.js';
import type { Logger } from '../logger.js';
import type { Tenant } from '../tenancy/tenant.js';
import { mapLimited } from '../util/map-limited.js';
import type { JobRow, JobStore, NewRecipient, RecipientRow } from './job-store.js';
import { audienceSchema, bulkMessageSchema } from './message-jobs.js';

const PAGE_SIZE = 150;
/** How long a job rests after Intercom was unreachable before it is tried again. */
const UNAVAILABLE_PAUSE_MS = 5_000;
const NEVER_ABORTED = new AbortController().signal;
const PURGE_EVERY_MS = 60 * 60_000;

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
}

type Outcome =
  | { state: 'sent'; messageId: string }
  | { state: 'failed' | 'unknown'; error: string }
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

  constructor(private readonly deps: JobRunnerDeps) {
    // Bulk sends may spend their share of each window and wait at most a moment for the next one;
    // longer waits pause the job instead, so other tenants' jobs keep moving.
    this.pacing = { reserveFraction: 1 - deps.settings.rateShare, maxWaitMs: 1_000 };
  }

  start(): void {
    this.loop ??= this.run();
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
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let worked = false;
      try {
        worked = await this.tick();
      } catch (error) {
        this.deps.logger.warn({ err: error }, 'bulk send runner: could not work on jobs; retrying');
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
      await this.snapshot(snapshotting);
      return true;
    }
    const sending = await store.nextSendingJob();
    if (sending) {
      await this.sendBatch(sending);
      return true;
    }
    return false;
  }

  private async tenantOf(job: JobRow): Promise<Tenant | null> {
    const tenant = await this.deps.tenantFor(job.connectionId);
    if (!tenant) await this.deps.store.fail(job.id, 'the connection was revoked');
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
      if (!(await store.saveSnapshotPage(job.id, this.owner, settings.leaseMs, rows, page.nextCursor)))
        return;
      if (!page.nextCursor) {
        if (await store.finishSnapshot(job.id, this.owner)) {
          logger.info({ jobId: job.id, recipients: stored }, 'bulk send: audience snapshotted, sending');
        }
        return;
      }
      cursor = page.nextCursor;
    }
  }

  private async snapshotFailed(job: JobRow, error: unknown): Promise<void> {
    const outcome = classify(error);
    if (outcome.state === 'pending') {
      // Hand the lease back to the database with a delay: any instance may resume after it.
      await this.deps.store.postponeSnapshot(job.id, this.owner, outcome.pauseMs);
      return;
    }
    const reason =
      outcome.state === 'fatal' ? outcome.reason : `listing the audience failed: ${errorText(outcome)}`;
    await this.deps.store.fail(job.id, reason);
  }

  /** Claims a few recipients of the job and sends to them, a few at a time. */
  private async sendBatch(job: JobRow): Promise<void> {
    const { store, settings, logger } = this.deps;
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
    let halted: Outcome | undefined;
    const untouched: string[] = [];
    await mapLimited(batch, settings.sendConcurrency, async (recipient: RecipientRow) => {
      if (halted || this.stopping) {
        untouched.push(recipient.contactId);
        return;
      }
      if (!(await store.markSending(job.id, recipient.contactId, this.owner, settings.leaseMs))) return;
      let outcome: Outcome;
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
        outcome = { state: 'sent', messageId: sent.id };
      } catch (error) {
        outcome = classify(error);
        if (!(error instanceof IntercomApiError)) {
          logger.error({ err: error, jobId: job.id }, 'bulk send: unexpected error while sending');
        }
      }
      if (outcome.state === 'pending' || outcome.state === 'fatal') {
        halted ??= outcome;
        await store.settle(job.id, recipient.contactId, this.owner, { state: 'pending' });
        return;
      }
      await store.settle(job.id, recipient.contactId, this.owner, {
        state: outcome.state,
        messageId: outcome.state === 'sent' ? outcome.messageId : null,
        error: outcome.state === 'sent' ? null : outcome.error,
      });
    });
    await store.release(job.id, untouched, this.owner);
    logger.debug({ jobId: job.id, claimed: batch.length }, 'bulk send: batch done');
    if (halted?.state === 'pending') {
      logger.info({ jobId: job.id, pauseMs: halted.pauseMs }, `bulk send paused: ${halted.reason}`);
      await store.pause(job.id, new Date(Date.now() + halted.pauseMs));
    } else if (halted?.state === 'fatal') {
      logger.warn({ jobId: job.id }, `bulk send stopped: ${halted.reason}`);
      await store.fail(job.id, halted.reason);
    }
  }
}

function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

function errorText(outcome: Outcome): string {
  return 'error' in outcome ? outcome.error : 'reason' in outcome ? outcome.reason : '';
}

function recipientFor(contact: IntercomContact, messageType: 'in_app' | 'email'): NewRecipient {
  const base = { contactId: contact.id, role: contact.role ?? 'unknown', email: contact.email ?? null };
  if (contact.role !== 'user' && contact.role !== 'lead') {
    return {
      ...base,
      state: 'failed',
      error: `Contact has role ${contact.role}; only users and leads can be messaged.`,
    };
  }
  if (messageType === 'email' && !contact.email) {
    return { ...base, state: 'failed', error: 'Contact has no email address; an email cannot reach them.' };
  }
  return { ...base, state: 'pending', error: null };
}

/** What a failed upstream call means for a recipient (or the whole job). */
function classify(error: unknown): Outcome {
  if (!(error instanceof IntercomApiError)) {
    return { state: 'unknown', error: 'Unexpected error; the message may have been sent.' };
  }
  if (error.extra.mayHaveApplied) {
    return {
      state: 'unknown',
      error: `${error.message} The message may have been sent: check before resending.`,
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
      return { state: 'pending', pauseMs: UNAVAILABLE_PAUSE_MS, reason: 'Intercom unavailable' };
    case 'auth':
    case 'permission':
      return { state: 'fatal', reason: error.message };
    default:
      return { state: 'failed', error: error.message };
  }
}
