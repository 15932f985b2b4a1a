import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Audience } from '../intercom/audiences.js';
import type { RateLimitRegistry } from '../intercom/rate-limit.js';
import type { ConnectionCaps } from '../tenancy/caps.js';
import {
  type BulkMessage,
  type CreatedJob,
  type DetailPage,
  JobRefused,
  type JobReport,
  type JobStatus,
  type MessageJobsPort,
  type RecipientState,
} from '../tools/message-jobs-port.js';
import type { JobRow, JobStore, RecipientRow } from './job-store.js';

/** Intercom's documented default: 10,000 calls a minute, enforced over 10-second windows. */
const DEFAULT_LIMIT_PER_WINDOW = 1_666;
const WINDOW_SECONDS = 10;
/** A rough ceiling of sends per second per concurrent request (Intercom answers in ~100-300 ms). */
const SENDS_PER_SECOND_PER_SLOT = 5;

export const bulkMessageSchema = z.object({
  messageType: z.enum(['in_app', 'email']),
  body: z.string(),
  subject: z.string().optional(),
  template: z.enum(['plain', 'personal']).optional(),
  fromAdminId: z.string(),
  createConversation: z.boolean(),
});

export const audienceSchema = z.object({
  kind: z.enum(['segment', 'tag']),
  id: z.string(),
  name: z.string(),
});

/** The connection a port is bound to; `caps.sendsPerDay` limits its messages per rolling 24 hours. */
export interface JobTenant {
  connectionId: string;
  workspaceId: string;
  caps?: Pick<ConnectionCaps, 'sendsPerDay'>;
}

/** Creates, reports and cancels bulk message jobs; the runner does the sending. */
export class MessageJobService {
  constructor(
    private readonly store: JobStore,
    private readonly settings: Config['jobs'],
    private readonly rateLimits: RateLimitRegistry,
    private readonly wake: () => void,
  ) {}

  /** The port handed to tools, bound to one connection. */
  forConnection(tenant: JobTenant): MessageJobsPort {
    return {
      maxAudience: this.settings.maxAudience,
      dailyRoom: async () => {
        const cap = tenant.caps?.sendsPerDay ?? null;
        return cap === null ? null : Math.max(0, cap - (await this.store.lastDay(tenant.connectionId)));
      },
      create: (input) => this.create(tenant, input),
      get: (jobId, detail) => this.report(tenant.connectionId, jobId, detail),
      cancel: async (jobId, detail) => {
        await this.store.cancel(tenant.connectionId, jobId);
        return this.report(tenant.connectionId, jobId, detail);
      },
    };
  }

  private async create(
    tenant: JobTenant,
    input: { audience: Audience; audienceSize: number; message: BulkMessage },
  ): Promise<CreatedJob> {
    const { maxAudience, maxActivePerConnection } = this.settings;
    if (input.audienceSize > maxAudience) {
      throw new JobRefused(
        `The ${input.audience.kind} "${input.audience.name}" has ${input.audienceSize} contacts; one bulk send ` +
          `reaches at most ${maxAudience}. Narrow the audience (a smaller segment or tag).`,
      );
    }
    const jobId = `job_${randomUUID()}`;
    const outcome = await this.store.create(
      {
        id: jobId,
        connectionId: tenant.connectionId,
        audience: { ...input.audience },
        message: bulkMessageSchema.parse(input.message),
        audienceSize: input.audienceSize,
      },
      maxActivePerConnection,
      tenant.caps?.sendsPerDay ?? null,
    );
    if (!outcome.created && 'lastDay' in outcome) {
      const cap = tenant.caps?.sendsPerDay ?? 0;
      throw new JobRefused(
        `This connection may send at most ${cap} messages a day to segments and tags (a cap the workspace ` +
          `owner set); ${outcome.lastDay} were sent or queued in the last 24 hours and this send would add ` +
          `${input.audienceSize}. Send to a smaller audience later, or ask the owner to raise the cap.`,
      );
    }
    if (!outcome.created) {
      throw new JobRefused(
        `This connection already has ${outcome.active.length} bulk send(s) in progress (${outcome.active.join(', ')}); ` +
          `at most ${maxActivePerConnection} at a time. Wait for it with get_message_job, or cancel it.`,
      );
    }
    this.wake();
    return { jobId, status: 'snapshotting', ...this.estimate(tenant.workspaceId, input.audienceSize) };
  }

  private estimate(workspaceId: string, size: number): { estimatedSeconds: number; estimateBasis: string } {
    const limit = this.rateLimits.snapshot(workspaceId)?.limit ?? DEFAULT_LIMIT_PER_WINDOW;
    const perWindow = Math.max(1, Math.floor(limit * this.settings.rateShare));
    const byRateLimit = size / (perWindow / WINDOW_SECONDS);
    const byConcurrency = size / (this.settings.sendConcurrency * SENDS_PER_SECOND_PER_SLOT);
    const pages = Math.ceil(size / 150);
    return {
      estimatedSeconds: Math.max(1, Math.ceil(Math.max(byRateLimit, byConcurrency) + pages * 0.5)),
      estimateBasis:
        `one message per contact, at most ${perWindow} per ${WINDOW_SECONDS} s ` +
        `(${Math.round(this.settings.rateShare * 100)}% of the workspace's rate limit of ${limit} per ${WINDOW_SECONDS} s, ` +
        `the rest left for interactive calls) and ${this.settings.sendConcurrency} sends at a time`,
    };
  }

  /** The connection's latest jobs with their counts, newest first (for the owner's /manage page). */
  async recentFor(connectionId: string, limit = 5): Promise<JobReport[]> {
    const rows = await this.store.recent(connectionId, limit);
    return Promise.all(rows.map(async (job) => toReport(job, await this.store.countsByState(job.id), [])));
  }

  private async report(connectionId: string, jobId: string, detail: DetailPage): Promise<JobReport | null> {
    const job = await this.store.find(connectionId, jobId);
    if (!job) return null;
    const [counts, listed] = await Promise.all([
      this.store.countsByState(jobId),
      detail.limit > 0 ? this.store.recipientsIn(jobId, detail.states, detail) : [],
    ]);
    return toReport(job, counts, listed);
  }
}

function toReport(job: JobRow, counts: JobReport['counts'], listed: RecipientRow[]): JobReport {
  const message = bulkMessageSchema.parse(job.message);
  return {
    jobId: job.id,
    status: job.status as JobStatus,
    audience: audienceSchema.parse(job.audience),
    messageType: message.messageType,
    audienceSize: job.audienceSize,
    counts,
    recipients: listed.map((r) => ({
      contactId: r.contactId,
      email: r.email,
      state: r.state as RecipientState,
      error: r.error,
      messageId: r.messageId,
    })),
    error: job.error,
    cancelRequested: job.cancelRequested,
    pausedUntil: job.pausedUntil && job.pausedUntil.getTime() > Date.now() ? job.pausedUntil : null,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
  };
}
