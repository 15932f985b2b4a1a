import { z } from 'zod';
import type { ToolContext } from '../define-tool.js';
import type { JobReport, RecipientState } from '../message-jobs-port.js';
import { nextCursor, perPage } from '../params.js';
import { UNTRUSTED } from '../untrusted.js';

/** What get_message_job and cancel_message_job answer: one job's report, recipients listed by state. */

export const ENDED = new Set(['completed', 'cancelled', 'failed']);
const STATES = ['pending', 'sending', 'sent', 'failed', 'unknown'] as const;

export const jobId = z
  .string()
  .trim()
  .regex(/^job_[0-9a-f-]{36}$/, 'a job id looks like job_ followed by a UUID (from send_intercom_message)')
  .describe('job_id from send_intercom_message');

export const recipientQuery = {
  state: z
    .enum(STATES)
    .optional()
    .describe('List recipients in this state; default: failed and unknown (the ones to act on)'),
  per_page: perPage(),
  cursor: z
    .string()
    .regex(/^\d{1,7}$/, 'use next_cursor from the previous answer')
    .optional()
    .describe('next_cursor'),
};

/** The page of recipients a call asks for. */
export function detailOf(args: {
  state?: RecipientState | undefined;
  per_page: number;
  cursor?: string | undefined;
}) {
  const states: RecipientState[] = args.state ? [args.state] : ['failed', 'unknown'];
  return { states, limit: args.per_page, offset: Number(args.cursor ?? 0) };
}

export const reportSchema = z.object({
  job_id: z.string(),
  status: z
    .enum(['snapshotting', 'running', 'completed', 'cancelled', 'failed'])
    .describe('snapshotting: listing the audience; running: sending; the rest are final'),
  done: z.boolean(),
  audience: z.object({
    kind: z.enum(['segment', 'tag']),
    id: z.string(),
    name: z.string().describe(UNTRUSTED),
  }),
  message_type: z.enum(['in_app', 'email']),
  audience_size: z.number().int().nullable(),
  counts: z.object({
    pending: z.number().int(),
    sending: z.number().int(),
    sent: z.number().int(),
    failed: z.number().int().describe('Not sent (incl. excluded: unsubscribed, no email, archived)'),
    unknown: z.number().int().describe('May have been sent: check before resending'),
  }),
  recipients: z.array(
    z.object({
      contact_id: z.string(),
      email: z.string().nullable(),
      state: z.enum(STATES),
      error: z.string().nullable(),
      message_id: z.string().nullable(),
    }),
  ),
  next_cursor: nextCursor,
  error: z.string().nullable(),
  paused_until: z.string().nullable().describe('Resting for Intercom; resumes by itself'),
  note: z.string().describe('What the state means and what to do next'),
  created_at: z.string(),
  finished_at: z.string().nullable(),
});

function processed(report: JobReport): number {
  return report.counts.sent + report.counts.failed + report.counts.unknown;
}

export function notify(ctx: ToolContext, report: JobReport): Promise<void> {
  const total = report.audienceSize ?? undefined;
  const { sent, failed, unknown } = report.counts;
  return ctx.progress(
    processed(report),
    total,
    `${report.status}: ${sent} sent, ${failed} failed, ${unknown} unknown`,
  );
}

export function toReportOutput(
  report: JobReport,
  detail: { states: RecipientState[]; limit: number; offset: number },
) {
  const listed = detail.states.reduce((n, s) => n + report.counts[s], 0);
  const next = detail.offset + report.recipients.length;
  return {
    job_id: report.jobId,
    status: report.status,
    done: ENDED.has(report.status),
    audience: report.audience,
    message_type: report.messageType,
    audience_size: report.audienceSize,
    counts: report.counts,
    recipients: report.recipients.map((r) => ({
      contact_id: r.contactId,
      email: r.email,
      state: r.state,
      error: r.error,
      message_id: r.messageId,
    })),
    next_cursor: report.recipients.length > 0 && next < listed ? String(next) : null,
    error: report.error,
    paused_until: report.pausedUntil?.toISOString() ?? null,
    note: noteFor(report),
    created_at: report.createdAt.toISOString(),
    finished_at: report.finishedAt?.toISOString() ?? null,
  };
}

function noteFor(report: JobReport): string {
  const { counts } = report;
  const unknown =
    counts.unknown > 0
      ? ` ${counts.unknown} may have received it (unknown): check their conversations before resending.`
      : '';
  const again =
    ' Do not send to the same audience again: everyone already reached would get it twice; name the ' +
    'remaining contacts as recipients instead.';
  switch (report.status) {
    case 'snapshotting':
      return 'Listing the audience; sending starts next.';
    case 'running':
      return report.pausedUntil
        ? `Sending, resting until ${report.pausedUntil.toISOString()} for Intercom; it resumes by itself.${unknown}`
        : `Sending: ${processed(report)} of ${report.audienceSize ?? '?'} done.${unknown}`;
    case 'completed':
      return `Done: ${counts.sent} sent, ${counts.failed} not sent (state: failed lists them).${unknown}`;
    case 'cancelled':
      return `Cancelled: ${counts.sent} sent, ${counts.pending} not sent.${unknown}${counts.sent > 0 ? again : ''}`;
    case 'failed':
      return `Stopped: ${report.error ?? 'failed'}. ${counts.sent} sent before that.${unknown}${counts.sent > 0 ? again : ''}`;
  }
}
