import { z } from 'zod';
import { type ContactResolution, describeRef, resolveContact } from '../intercom/contacts.js';
import { IntercomApiError } from '../intercom/errors.js';
import { recipientExclusion, sendAdminMessage } from '../intercom/messages.js';
import type { Logger } from '../logger.js';
import { mapLimited } from '../util/map-limited.js';
import { audienceOutput, jobOutput, sendToAudience } from './bulk-send.js';
import { confirmationOutput, confirmationToken } from './confirmation.js';
import { defineTool } from './define-tool.js';
import { adminRef, contactRef, segmentRef, tagRef } from './params.js';
import { UNTRUSTED } from './untrusted.js';
import { classifyWrite } from './write-outcome.js';

const MAX_RECIPIENTS = 25;
const RESOLVE_CONCURRENCY = 5;

const status = z.enum(['sent', 'failed', 'unknown', 'would_send', 'excluded', 'not_found', 'ambiguous']);

const recipientResult = z.object({
  index: z.number().int(),
  recipient: z.string().describe('How it was named'),
  contact_id: z.string().nullable(),
  role: z.string().nullable(),
  status: status.describe(
    'failed: not sent, safe to retry; unknown: may have been sent, check first; excluded: see reason',
  ),
  reason: z.enum(['unsubscribed', 'no_email', 'archived', 'role']).optional(),
  message_id: z.string().nullable(),
  conversation_id: z.string().nullable(),
  duplicate_of: z.number().int().nullable().describe('Earlier entry naming the same contact (sent once)'),
  candidates: z.array(z.object({ id: z.string(), role: z.string().nullable() })).optional(),
  error: z.string().nullable(),
});
type RecipientResult = z.infer<typeof recipientResult>;

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
    const fromAdminId = sender.id;
    const from_admin = { id: sender.id, name: sender.name };
    if (args.segment !== undefined || args.tag !== undefined) {
      const found =
        args.segment !== undefined
          ? { kind: 'segment' as const, ...(await ctx.directory.segment(args.segment, 'segment')) }
          : { kind: 'tag' as const, ...(await ctx.directory.tag(args.tag ?? '', 'tag')) };
      const audienceRef = { kind: found.kind, id: found.id, name: found.name };
      const message = {
        messageType: args.message_type,
        body: args.body,
        subject: args.subject,
        template: args.template,
        fromAdminId,
        createConversation: args.create_conversation_without_contact_reply,
      };
      const { audience, job, confirmation, over_daily_cap } = await sendToAudience(
        ctx,
        audienceRef,
        message,
        {
          dryRun: args.dry_run,
          confirmationToken: args.confirmation_token,
        },
      );
      const left = audience.excluded ? Object.values(audience.excluded).reduce((a, b) => a + b, 0) : 0;
      return {
        dry_run: args.dry_run,
        from_admin,
        audience,
        job,
        ...(confirmation && { confirmation }),
        note: job
          ? `Sending to ${audience.size} contacts in the background (unsubscribed, archived and, for email, ` +
            `address-less contacts are left out). Follow it with get_message_job (job_id ${job.job_id}); ` +
            'stop it with cancel_message_job.'
          : audience.size > ctx.jobs.maxAudience
            ? `Too large to send: one job reaches at most ${ctx.jobs.maxAudience} contacts.`
            : `Nothing sent. Sending would message ${audience.would_send ?? audience.size} contacts, one message each` +
              (left > 0 ? `; ${left} would be left out (see excluded).` : '.') +
              (over_daily_cap
                ? ` The owner's daily cap leaves room for ${over_daily_cap.room_today} more messages in the ` +
                  'last 24 hours, so this send would be refused now: choose a smaller audience or wait.'
                : '') +
              (confirmation
                ? ' Show the user this count and the message; to send, repeat the call without dry_run and with ' +
                  `confirmation_token (valid until ${confirmation.expires_at}, for this exact send).`
                : ''),
      };
    }
    const recipients = args.recipients ?? [];
    const n = recipients.length;
    const total = args.dry_run ? n : 2 * n;
    let resolved = 0;
    // Every recipient is resolved (reads only) before the first message goes out.
    const resolutions = await mapLimited(recipients, RESOLVE_CONCURRENCY, async (ref) => {
      const resolution = await resolveContact(ctx.intercom, ref);
      resolved += 1;
      await ctx.progress(resolved, total, `Resolved ${resolved} of ${n} recipients`);
      return resolution;
    });

    const firstIndexOf = new Map<string, number>();
    const toSend = new Set<number>();
    const results = resolutions.map((resolution, index) => {
      const result = check(resolution, index, describeRef(recipients[index] ?? {}), args.message_type);
      if (result.contact_id !== null) {
        const earlier = firstIndexOf.get(result.contact_id);
        if (earlier !== undefined) return { ...result, duplicate_of: earlier };
        firstIndexOf.set(result.contact_id, index);
      }
      if (result.status === 'would_send' && !args.dry_run) toSend.add(index);
      return result;
    });

    let stopped: string | null = null;
    for (const i of args.dry_run ? [] : results.keys()) {
      const result = results[i] as RecipientResult;
      if (toSend.has(i) && stopped)
        Object.assign(result, { status: 'failed', error: `Not sent: ${stopped}` });
      else if (toSend.has(i)) {
        try {
          const message = await sendAdminMessage(ctx.intercom, {
            messageType: args.message_type,
            body: args.body,
            subject: args.subject,
            template: args.template,
            fromAdminId,
            to: { type: result.role === 'lead' ? 'lead' : 'user', id: result.contact_id ?? '' },
            createConversation: args.create_conversation_without_contact_reply,
          });
          const sent = {
            status: 'sent',
            message_id: message.id,
            conversation_id: message.conversation_id ?? null,
          };
          Object.assign(result, sent);
        } catch (error) {
          const failure = failureOf(error, ctx.logger);
          Object.assign(result, { status: failure.status, error: failure.error });
          if (failure.stop) stopped = failure.error;
        }
      }
      await ctx.progress(n + i + 1, total, `Processed ${i + 1} of ${n} recipients`);
    }

    const summary = {
      sent: 0,
      failed: 0,
      unknown: 0,
      would_send: 0,
      excluded: 0,
      not_found: 0,
      ambiguous: 0,
      duplicates: 0,
    };
    for (const result of results) {
      const original = result.duplicate_of === null ? undefined : results[result.duplicate_of];
      if (original) Object.assign(result, pick(original));
      if (original) summary.duplicates += 1;
      else summary[result.status] += 1;
    }
    return { dry_run: args.dry_run, from_admin, summary, results };
  },
});

function check(
  resolution: ContactResolution,
  index: number,
  recipient: string,
  messageType: 'in_app' | 'email',
): RecipientResult {
  const base = {
    index,
    recipient,
    contact_id: null,
    role: null,
    message_id: null,
    conversation_id: null,
    duplicate_of: null,
    error: null,
  };
  if (resolution.status === 'not_found') return { ...base, status: 'not_found', error: resolution.reason };
  if (resolution.status === 'ambiguous') {
    const candidates = resolution.candidates.map((c) => ({ id: c.id, role: c.role }));
    return { ...base, status: 'ambiguous', error: resolution.reason, candidates };
  }
  const { contact } = resolution;
  const found = { ...base, contact_id: contact.id, role: contact.role ?? null };
  const excluded = recipientExclusion(contact, messageType);
  if (excluded) return { ...found, status: 'excluded', reason: excluded.reason, error: excluded.message };
  return { ...found, status: 'would_send' };
}

function pick(r: RecipientResult) {
  return { status: r.status, message_id: r.message_id, conversation_id: r.conversation_id, error: r.error };
}

/** failed = provably not sent (safe to retry); unknown = may have been sent. `stop` ends the batch. */
function failureOf(error: unknown, logger: Logger) {
  const failure = classifyWrite(error);
  if (!(error instanceof IntercomApiError)) {
    logger.error({ err: error }, 'send_intercom_message: unexpected error while sending');
  }
  const hint =
    failure.status === 'unknown'
      ? ' The message may have been sent: check the contact’s conversations before retrying.'
      : '';
  return { status: failure.status, error: `${failure.message}${hint}`, stop: failure.stop };
}
