import { z } from 'zod';
import { audienceOutput, jobOutput } from './bulk-send.js';
import { confirmationOutput, confirmationToken } from './confirmation.js';
import { defineTool } from './define-tool.js';
import { planRecipients, recipientResult, sendPlanned, summarize } from './message-send/recipients.js';
import { sendToSegmentOrTag } from './message-send/segment-or-tag.js';
import { adminRef, contactRef, segmentRef, tagRef } from './params.js';
import { UNTRUSTED } from './untrusted.js';

const MAX_RECIPIENTS = 25;

export default defineTool({
  name: 'send_intercom_message',
  title: 'Send an Intercom message',
  description: [
    'Sends an in-app or email message from an admin to 1-25 named contacts, or to every contact of a segment or tag (a background job). IRREVERSIBLE: sent messages cannot be recalled.',
    'For outreach; reply_to_conversation answers inside a conversation. dry_run: true checks and sends nothing: who would be messaged, who is left out (unsubscribed, no email for an email, archived).',
    'A segment or tag needs the confirmation_token of a dry run of the same send (a changed message or audience needs a new one); it returns job_id at once: follow with get_message_job, stop with cancel_message_job. Up to 10,000 contacts, one job at a time. Never resent automatically: unknown means check first.',
    'Example: {"message_type":"email","subject":"Your invoice","body":"Hi Jane…","recipients":[{"email":"jane@acme.com"}]}; {"message_type":"in_app","body":"Hi!","segment":"Active users","dry_run":true}',
  ].join('\n'),
  inputSchema: z
    .object({
      message_type: z.enum(['in_app', 'email']).describe('in_app: in the Messenger; email: to the address'),
      body: z.string().trim().min(1).max(20_000).describe('HTML or plain text'),
      subject: z.string().trim().min(1).max(255).optional().describe('Required for email'),
      template: z.enum(['plain', 'personal']).optional().describe('Email style (default plain)'),
      recipients: z.array(contactRef).min(1).max(MAX_RECIPIENTS).optional().describe('1-25 contacts'),
      segment: segmentRef.optional(),
      tag: tagRef.optional(),
      from_admin_id: adminRef.optional().describe('Sender: id, email, name or "me"; default the token owner'),
      create_conversation_without_contact_reply: z
        .boolean()
        .default(false)
        .describe('Open a conversation now, not on the first reply'),
      dry_run: z.boolean().default(false).describe('Check and count; send nothing'),
      confirmation_token: confirmationToken.describe(
        'Segment or tag: returned by a dry run (dry_run: true) of this exact send; required to send',
      ),
    })
    .strict()
    .superRefine((a, issues) => {
      const audiences = [a.recipients, a.segment, a.tag].filter((v) => v !== undefined).length;
      if (audiences !== 1) {
        issues.addIssue({
          code: 'custom',
          path: ['recipients'],
          message: 'give exactly one of recipients, segment or tag',
        });
      }
      if (a.confirmation_token !== undefined && a.recipients !== undefined) {
        issues.addIssue({
          code: 'custom',
          path: ['confirmation_token'],
          message: 'confirmation_token applies to sends to a segment or tag; remove it',
        });
      }
      if (a.message_type === 'email' && a.subject === undefined) {
        issues.addIssue({ code: 'custom', path: ['subject'], message: 'an email message needs a subject' });
      }
      if (a.message_type === 'in_app' && a.template !== undefined) {
        issues.addIssue({
          code: 'custom',
          path: ['template'],
          message: 'template applies to email messages only; remove it',
        });
      }
    }),
  outputSchema: z.object({
    dry_run: z.boolean(),
    from_admin: z.object({ id: z.string(), name: z.string().describe(UNTRUSTED) }),
    summary: z
      .object({
        sent: z.number().int(),
        failed: z.number().int(),
        unknown: z.number().int(),
        would_send: z.number().int(),
        excluded: z.number().int(),
        not_found: z.number().int(),
        ambiguous: z.number().int(),
        duplicates: z.number().int(),
      })
      .optional(),
    results: z.array(recipientResult).optional(),
    audience: audienceOutput.optional(),
    job: jobOutput.nullable().optional(),
    confirmation: confirmationOutput.optional(),
    note: z.string().optional(),
  }),
  // Destructive in MCP's sense: a sent message cannot be taken back (and a bulk send reaches thousands), so
  // clients should ask first. Not idempotent: every call sends new messages (no idempotency keys).
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async handler(args, ctx) {
    const sender = await ctx.directory.admin(args.from_admin_id ?? ctx.tenant.adminId, 'from_admin_id');
    const from_admin = { id: sender.id, name: sender.name };
    const message = {
      messageType: args.message_type,
      body: args.body,
      subject: args.subject,
      template: args.template,
      fromAdminId: sender.id,
      createConversation: args.create_conversation_without_contact_reply,
    };
    if (args.segment !== undefined || args.tag !== undefined) {
      const sent = await sendToSegmentOrTag(ctx, { segment: args.segment, tag: args.tag }, message, {
        dryRun: args.dry_run,
        confirmationToken: args.confirmation_token,
      });
      return { dry_run: args.dry_run, from_admin, ...sent };
    }
    // Every recipient is resolved and checked (reads only) before the first message goes out.
    const plan = await planRecipients(args.recipients ?? [], args.message_type, args.dry_run, ctx);
    if (!args.dry_run) await sendPlanned(plan, message, ctx);
    return { dry_run: args.dry_run, from_admin, summary: summarize(plan.results), results: plan.results };
  },
});
