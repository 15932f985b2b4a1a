import { z } from 'zod';
import { defineTool, ToolError } from './define-tool.js';
import { detailOf, jobId, recipientQuery, reportSchema, toReportOutput } from './jobs/report.js';

export default defineTool({
  name: 'cancel_message_job',
  title: 'Cancel a bulk message job',
  description: [
    'Stops a bulk send started by send_intercom_message: no recipient is sent to after it, recipients already sent stay sent.',
    'Use it when asked to stop a send; get_message_job follows one without changing it.',
    'Cancelling an ended job changes nothing and reports it as it is.',
    'Example: {"job_id":"job_0b5c…"}',
  ].join('\n'),
  inputSchema: z.object({ job_id: jobId, ...recipientQuery }).strict(),
  outputSchema: reportSchema,
  // Not destructive: it prevents messages, it sends or deletes nothing. Idempotent: cancelling twice is the same.
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler(args, ctx) {
    const detail = detailOf(args);
    const report = await ctx.jobs.cancel(args.job_id, detail);
    if (!report)
      throw new ToolError(`job_id: no bulk message job ${args.job_id} exists for this connection.`);
    return toReportOutput(report, detail);
  },
});
