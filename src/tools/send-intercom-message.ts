import { z } from 'zod';
import { listAdmins } from '../intercom/admins.js';
import { type ContactResolution, describeRef, resolveContact } from '../intercom/contacts.js';
import { IntercomApiError } from '../intercom/errors.js';
import { sendAdminMessage } from '../intercom/messages.js';
import type { Logger } from '../logger.js';
import { mapLimited } from '../util/map-limited.js';
import { audienceOutput, jobOutput, segmentRef, sendToAudience, tagRef } from './bulk-send.js';
import { defineTool, ToolError } from './define-tool.js';
import { adminId, contactRef } from './params.js';
import { classifyWrite } from './write-outcome.js';

const MAX_RECIPIENTS = 25;
const RESOLVE_CONCURRENCY = 5;

const status = z.enum(['sent', 'failed', 'unknown', 'would_send', 'not_found', 'ambiguous']);

const recipientResult = z.object({
  index: z.number().int().describe('Position in recipients'),
  recipient: z.string().describe('How the recipient was named in the call'),
  contact_id: z.string().nullable(),
  role: z.string().nullable().describe('user or lead'),
  status: status.describe(
    'sent; failed (not sent, safe to retry); unknown (may have been sent: check before retrying); ' +
      'would_send (dry run); not_found; ambiguous (name the contact by id)',
  ),
  message_id: z.string().nullable(),
  conversation_id: z.string().nullable().describe('Set when a conversation was opened right away'),
  duplicate_of: z
    .number()
    .int()
    .nullable()
    .describe('Index of an earlier entry naming the same contact; this entry was not sent separately'),
  candidates: z
    .array(z.object({ id: z.string(), role: z.string().nullable() }))
    .optional()
    .describe('Contacts matching an ambiguous recipient'),
  error: z.string().nullable(),
});
type RecipientResult = z.infer<typeof recipientResult>;

export default defineTool({
  name: 'send_intercom_message',
  title: 'Send an Intercom message',
  description: [
    'Sends an in-app or email message from an admin to 1-25 named contacts, or to every contact of a segment or tag, one message each.',
    'Use it for admin-initiated outreach; to answer inside a conversation use reply_to_conversation. Give exactly one ' +
      'of recipients (by contact id, email or external_id; resolved first, an unknown or ambiguous one is reported, ' +
      'never guessed), segment or tag (by id or name). Recipients are sent to now, with a per-recipient report. A ' +
      'segment or tag starts a background job and returns at once with job_id, audience size and an estimate; follow ' +
      'it with get_message_job. dry_run: true checks recipients or counts the audience, sending nothing.',
    'Limits: 25 recipients (a contact named twice gets one message); one audience job at a time per connection, ' +
      '10,000 contacts by default. Nothing is resent automatically: unknown means check the contact’s ' +
      'conversations first. No conversation exists until the contact replies unless ' +
      'create_conversation_without_contact_reply is true.',
    'Example: {"message_type":"email","subject":"Your invoice","body":"Hi Jane, …","recipients":[{"email":"jane@acme.com"}]} ' +
      '→ {"results":[{"status":"sent","message_id":"403918396",…}],…}; {"message_type":"in_app","body":"Hi!",' +
      '"segment":{"name":"Active users"}} → {"job":{"job_id":"job_…","estimated_seconds":12,…},…}',
  ].join('\n'),
  inputSchema: z
    .object({
      message_type: z
        .enum(['in_app', 'email'])
        .describe('in_app: shown in the Intercom Messenger; email: sent to the contact’s email address'),
      body: z.string().trim().min(1).max(20_000).describe('Message content, HTML or plain text'),
      subject: z
        .string()
        .trim()
        .min(1)
        .max(255)
        .optional()
        .describe('Email subject line; required when message_type is email'),
      template: z
        .enum(['plain', 'personal'])
        .optional()
        .describe('Email style (email only): plain (default) or personal (shows the sending admin)'),
      recipients: z
        .array(contactRef)
        .min(1)
        .max(MAX_RECIPIENTS)
        .optional()
        .describe(`1-${MAX_RECIPIENTS} contacts, each named by exactly one of id, email or external_id`),
      segment: segmentRef
        .optional()
        .describe('Send to every contact of this segment (by id or name), as a job'),
      tag: tagRef.optional().describe('Send to every contact with this tag (by id or name), as a job'),
      from_admin_id: adminId
        .optional()
        .describe(
          'Admin who sends the message; defaults to the owner of the connected token (see list_admins)',
        ),
      create_conversation_without_contact_reply: z
        .boolean()
        .default(false)
        .describe(
          'true: open a conversation in the inbox right away instead of on the contact’s first reply',
        ),
      dry_run: z
        .boolean()
        .default(false)
        .describe('true: resolve and check every recipient (or count the audience), send nothing'),
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
      if (a.message_type === 'email' && a.subject === undefined) {
        issues.addIssue({ code: 'custom', path: ['subject'], message: 'an email message needs a subject' });
      }
      if (a.message_type === 'in_app' && a.template !== undefined) {
        issues.addIssue({
          code: 'custom',
          path: ['template'],
          message: 'template applies to email messages only',
        });
      }
    }),
  outputSchema: z.object({
    dry_run: z.boolean(),
    from_admin_id: z.string(),
    summary: z
      .object({
        sent: z.number().int(),
        failed: z.number().int(),
        unknown: z.number().int(),
        would_send: z.number().int(),
        not_found: z.number().int(),
        ambiguous: z.number().int(),
        duplicates: z.number().int(),
      })
      .optional()
      .describe(
        'Recipients per status; duplicate entries are counted only under duplicates (recipients only)',
      ),
    results: z.array(recipientResult).optional().describe('One entry per named recipient (recipients only)'),
    audience: audienceOutput.optional(),
    job: jobOutput.nullable().optional(),
    note: z.string().optional().describe('What happened or what to do next'),
  }),
  // Not idempotent: every call sends new messages (Intercom has no idempotency keys).
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(args, ctx) {
    const fromAdminId = args.from_admin_id ?? ctx.tenant.adminId;
    if (args.from_admin_id !== undefined && args.from_admin_id !== ctx.tenant.adminId) {
      const admins = await listAdmins(ctx.intercom);
      if (!admins.some((a) => a.id === fromAdminId)) {
        throw new ToolError(`No admin has id ${fromAdminId}; find one with list_admins.`);
      }
    }
    if (args.segment || args.tag) {
      const ref = args.segment
        ? { kind: 'segment' as const, ...args.segment }
        : { kind: 'tag' as const, ...(args.tag ?? {}) };
      const message = {
        messageType: args.message_type,
        body: args.body,
        subject: args.subject,
        template: args.template,
        fromAdminId,
        createConversation: args.create_conversation_without_contact_reply,
      };
      const { audience, job } = await sendToAudience(ctx, ref, message, args.dry_run);
      return {
        dry_run: args.dry_run,
        from_admin_id: fromAdminId,
        audience,
        job,
        note: job
          ? `Sending to ${audience.size} contacts in the background. Call get_message_job with job_id ` +
            `${job.job_id} to follow it (wait_seconds waits for progress) or to cancel it.`
          : audience.size > ctx.jobs.maxAudience
            ? `Too large to send: one job reaches at most ${ctx.jobs.maxAudience} contacts.`
            : `Nothing sent. Sending would message ${audience.size} contacts, one message each.`,
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
    return { dry_run: args.dry_run, from_admin_id: fromAdminId, summary, results };
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
  if (contact.role !== 'user' && contact.role !== 'lead') {
    return {
      ...found,
      status: 'failed',
      error: `Contact has role ${contact.role}; only users and leads can be messaged.`,
    };
  }
  if (messageType === 'email' && !contact.email) {
    return {
      ...found,
      status: 'failed',
      error: 'Contact has no email address; send an in_app message instead.',
    };
  }
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
