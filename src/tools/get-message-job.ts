import { z } from 'zod';
import { sleep } from '../util/sleep.js';
import { defineTool, type ToolContext, ToolError } from './define-tool.js';
import type { JobReport } from './message-jobs-port.js';

const POLL_MS = 1_000;
const ENDED = new Set(['completed', 'cancelled', 'failed']);

const issue = z.object({
  contact_id: z.string(),
  email: z.string().nullable(),
  error: z.string().nullable(),
});

export default defineTool({
  name: 'get_message_job',
  title: 'Follow or cancel a bulk message job',
  description: [
    'Reports a bulk send started by send_intercom_message with a segment or tag: its status, how many recipients ' +
      'are pending, sending, sent, failed or unknown, why sends failed, and which recipients may or may not have ' +
      'received the message. cancel: true stops further sends.',
    'Use it after send_intercom_message returned a job_id. wait_seconds (up to 55) keeps the call open until the ' +
      'job ends or the time is up, with progress notifications when the client asked for them.',
    'Recipients in unknown may have been messaged (the send was interrupted after the request left); they are ' +
      'never resent automatically: check their conversations before sending again. failures and unknown are ' +
      'listed a page at a time (detail_limit, detail_offset; counts has the totals). Sending to the same ' +
      'audience again would message everyone already reached a second time.',
    'Example: {"job_id":"job_0b5c…","wait_seconds":30} → {"status":"completed","counts":{"sent":498,"failed":2,…},…}',
  ].join('\n'),
  inputSchema: z
    .object({
      job_id: z
        .string()
        .regex(/^job_[0-9a-f-]{36}$/, 'a job id looks like job_ followed by a UUID')
        .describe('job_id returned by send_intercom_message'),
      cancel: z.boolean().default(false).describe('true: stop sending; recipients not yet sent stay unsent'),
      detail_limit: z
        .number()
        .int()
        .min(1)
        .max(500)
        .default(50)
        .describe('How many failures and unknown recipients to list (1-500, default 50)'),
      detail_offset: z
        .number()
        .int()
        .min(0)
        .default(0)
        .describe('Skip this many failures and unknown recipients (paging through long lists)'),
      wait_seconds: z
        .number()
        .int()
        .min(0)
        .max(55)
        .default(0)
        .describe('Wait up to this many seconds for the job to end before answering (0: answer now)'),
    })
    .strict(),
  outputSchema: z.object({
    job_id: z.string(),
    status: z
      .enum(['snapshotting', 'running', 'completed', 'cancelled', 'failed'])
      .describe('snapshotting: listing the audience; running: sending; the other three are final'),
    done: z.boolean(),
    audience: z.object({ kind: z.enum(['segment', 'tag']), id: z.string(), name: z.string() }),
    message_type: z.enum(['in_app', 'email']),
    audience_size: z.number().int().nullable(),
    counts: z
      .object({
        pending: z.number().int(),
        sending: z.number().int(),
        sent: z.number().int(),
        failed: z.number().int(),
        unknown: z.number().int(),
      })
      .describe('Recipients per state'),
    failures: z.array(issue).describe('Recipients not sent, with the reason (safe to retry yourself)'),
    unknown: z.array(issue).describe('Recipients who may have been sent the message; check before resending'),
    error: z.string().nullable().describe('Why the job failed, when it did'),
    paused_until: z
      .string()
      .nullable()
      .describe('Set while the job rests for Intercom (its rate limit, or an outage); it resumes by itself'),
    note: z.string().describe('What the state means and what to do next'),
    created_at: z.string(),
    finished_at: z.string().nullable(),
  }),
  // cancel: true changes the job; reading it again with cancel is harmless.
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler(args, ctx) {
    const detail = { limit: args.detail_limit, offset: args.detail_offset };
    let report = args.cancel
      ? await ctx.jobs.cancel(args.job_id, detail)
      : await ctx.jobs.get(args.job_id, detail);
    if (!report) throw new ToolError(`No bulk message job ${args.job_id} exists for this connection.`);
    const deadline = Date.now() + args.wait_seconds * 1000;
    while (!ENDED.has(report.status) && Date.now() < deadline && !ctx.signal.aborted) {
      await notify(ctx, report);
      await sleep(Math.min(POLL_MS, deadline - Date.now()), ctx.signal);
      report = (await ctx.jobs.get(args.job_id, detail)) ?? report;
    }
    await notify(ctx, report);
    return toOutput(report);
  },
});

function processed(report: JobReport): number {
  return report.counts.sent + report.counts.failed + report.counts.unknown;
}

function notify(ctx: ToolContext, report: JobReport): Promise<void> {
  const total = report.audienceSize ?? undefined;
  return ctx.progress(
    processed(report),
    total,
    `${report.status}: ${report.counts.sent} sent, ${report.counts.failed} failed, ${report.counts.unknown} unknown`,
  );
}

function toOutput(report: JobReport) {
  const issues = (list: JobReport['failures']) =>
    list.map((r) => ({ contact_id: r.contactId, email: r.email, error: r.error }));
  return {
    job_id: report.jobId,
    status: report.status,
    done: ENDED.has(report.status),
    audience: report.audience,
    message_type: report.messageType,
    audience_size: report.audienceSize,
    counts: report.counts,
    failures: issues(report.failures),
    unknown: issues(report.unknown),
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
      return `Done: ${counts.sent} sent, ${counts.failed} not sent (see failures).${unknown}`;
    case 'cancelled':
      return `Cancelled: ${counts.sent} sent, ${counts.pending} not sent.${unknown}${counts.sent > 0 ? again : ''}`;
    case 'failed':
      return `Stopped: ${report.error ?? 'failed'}. ${counts.sent} sent before that.${unknown}${counts.sent > 0 ? again : ''}`;
  }
}
