import type { Audience } from '../intercom/audiences.js';

/** What a bulk send delivers to every contact of its audience. */
export interface BulkMessage {
  messageType: 'in_app' | 'email';
  body: string;
  subject?: string | undefined;
  template?: 'plain' | 'personal' | undefined;
  fromAdminId: string;
  createConversation: boolean;
}

export type RecipientState = 'pending' | 'sending' | 'sent' | 'failed' | 'unknown';
export type JobStatus = 'snapshotting' | 'running' | 'completed' | 'cancelled' | 'failed';

export interface CreatedJob {
  jobId: string;
  status: JobStatus;
  /** Seconds the sends should take at the tenant's rate limit (the share left to bulk sends). */
  estimatedSeconds: number;
  /** How the estimate was made, for the model to relay. */
  estimateBasis: string;
}

export interface RecipientRecord {
  contactId: string;
  email: string | null;
  state: RecipientState;
  error: string | null;
  messageId: string | null;
}

export interface JobReport {
  jobId: string;
  status: JobStatus;
  audience: Audience;
  messageType: 'in_app' | 'email';
  audienceSize: number | null;
  counts: Record<RecipientState, number>;
  /** The recipients in `DetailPage.states`, in audience order, one page. */
  recipients: RecipientRecord[];
  error: string | null;
  cancelRequested: boolean;
  /** Set while the job rests (Intercom's rate limit, or Intercom unreachable). */
  pausedUntil: Date | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** Which recipients a report lists (in audience order): those in `states`, one page. */
export interface DetailPage {
  states: RecipientState[];
  limit: number;
  offset: number;
}

/** Thrown when a job cannot be created (limits); the message is safe and actionable. */
export class JobRefused extends Error {
  override name = 'JobRefused';
}

/**
 * Bulk message jobs of the calling connection, as tools see them: tools never touch the database,
 * so the session hands them this port, already bound to the tenant.
 */
export interface MessageJobsPort {
  /** Largest audience one job may have. */
  readonly maxAudience: number;
  /** Messages left today under the owner's daily cap (rolling 24 hours), or null when there is no cap. */
  dailyRoom(): Promise<number | null>;
  create(input: { audience: Audience; audienceSize: number; message: BulkMessage }): Promise<CreatedJob>;
  /** The job's report (recipients paged by `detail`), or null when it does not exist here. */
  get(jobId: string, detail: DetailPage): Promise<JobReport | null>;
  /** Asks the job to stop sending; answers the report afterwards, or null when unknown. */
  cancel(jobId: string, detail: DetailPage): Promise<JobReport | null>;
}
