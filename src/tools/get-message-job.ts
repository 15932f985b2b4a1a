import { z } from 'zod';
import { sleep } from '../util/sleep.js';
import { defineTool, ToolError } from './define-tool.js';
import {
  detailOf,
  ENDED,
  jobId,
  notify,
  recipientQuery,
  reportSchema,
  toReportOutput,
} from './jobs/report.js';

const POLL_MS = 1_000;

export default defineTool({
  name: 'get_message_job',
  title: 'Follow a bulk message job',
  description: [
    'Reports a bulk send started by send_intercom_message: status, recipients per state, and the recipients of one state, paged.',
    'Use it after send_intercom_message returned a job_id; wait_seconds (up to 55) waits for the end, with progress notifications. To stop a job use cancel_message_job.',
    'unknown recipients may have been messaged (interrupted after the request left): never resent automatically; check before sending again.',
    'Example: {"job_id":"job_0b5c…","wait_seconds":30,"state":"failed"}',
  ].join('\n'),
  inputSchema: z
    .object({
      job_id: jobId,
      ...recipientQuery,
      wait_seconds: z.number().int().min(0).max(55).default(0).describe('Wait up to this long for the end'),
    })
    .strict(),
  outputSchema: reportSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler(args, ctx) {
    const detail = detailOf(args);
    let report = await ctx.jobs.get(args.job_id, detail);
    if (!report)
      throw new ToolError(`job_id: no bulk message job ${args.job_id} exists for this connection.`);
    const deadline = Date.now() + args.wait_seconds * 1000;
    while (!ENDED.has(report.status) && Date.now() < deadline && !ctx.signal.aborted) {
      await notify(ctx, report);
      await sleep(Math.min(POLL_MS, deadline - Date.now()), ctx.signal);
      report = (await ctx.jobs.get(args.job_id, detail)) ?? report;
    }
    await notify(ctx, report);
    return toReportOutput(report, detail);
  },
});
