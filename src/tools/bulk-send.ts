import { z } from 'zod';
import { type Audience, audiencePage } from '../intercom/audiences.js';
import { type Exclusion, recipientExclusion } from '../intercom/messages.js';
import {
  type confirmationOutput,
  fingerprint,
  issueConfirmation,
  requireConfirmation,
} from './confirmation.js';
import { type ToolContext, ToolError } from './define-tool.js';
import { type BulkMessage, JobRefused } from './message-jobs-port.js';
import { UNTRUSTED, untrustedTextOrNull } from './untrusted.js';

const SAMPLE_SIZE = 5;
const EXCLUDED_SHOWN = 10;
/** A dry run reads the whole audience to count who would be left out, a page of this size at a time. */
const DRY_RUN_PAGE = 150;

const excludedCounts = z.object({
  unsubscribed: z.number().int(),
  no_email: z.number().int(),
  archived: z.number().int(),
  role: z.number().int().describe('Not a user or lead'),
});

export const audienceOutput = z.object({
  kind: z.enum(['segment', 'tag']),
  id: z.string(),
  name: z.string().describe(UNTRUSTED),
  size: z.number().int().describe('Contacts in it now'),
  would_send: z.number().int().nullable().describe('Dry run: contacts who would be messaged'),
  excluded: excludedCounts.nullable().describe('Dry run: contacts left out, by reason'),
  excluded_examples: z
    .array(z.object({ contact_id: z.string(), email: z.string().nullable(), reason: z.string() }))
    .optional(),
  sample: z.array(
    z.object({ contact_id: z.string(), email: z.string().nullable(), name: untrustedTextOrNull }),
  ),
});

export const jobOutput = z.object({
  job_id: z.string(),
  status: z.string(),
  estimated_seconds: z.number().int(),
  estimate_basis: z.string(),
});

/** Reads every contact of the audience (reads only) and counts who a send would leave out, and why. */
async function countExclusions(
  ctx: ToolContext,
  audience: Audience,
  messageType: 'in_app' | 'email',
  size: number,
) {
  const excluded = { unsubscribed: 0, no_email: 0, archived: 0, role: 0 };
  const examples: { contact_id: string; email: string | null; reason: Exclusion['reason'] }[] = [];
  let seen = 0;
  let cursor: string | undefined;
  do {
    const page = await audiencePage(ctx.intercom, audience, { perPage: DRY_RUN_PAGE, cursor });
    for (const contact of page.contacts) {
      const why = recipientExclusion(contact, messageType);
      if (!why) continue;
      excluded[why.reason] += 1;
      if (examples.length < EXCLUDED_SHOWN) {
        examples.push({ contact_id: contact.id, email: contact.email ?? null, reason: why.reason });
      }
    }
    seen += page.contacts.length;
    await ctx.progress(seen, size, `Checked ${seen} of ${size} contacts`);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && !ctx.signal.aborted);
  const left = Object.values(excluded).reduce((a, b) => a + b, 0);
  return { excluded, examples, wouldSend: seen - left };
}

/** What a confirmation of a bulk send is bound to: audience, its size now, the message, the sender. */
function sendFacts(audience: Audience, size: number, message: BulkMessage) {
  return {
    audience: `${audience.kind}:${audience.id}`,
    audience_size: size,
    message: fingerprint([
      message.messageType,
      message.subject ?? null,
      message.body,
      message.template ?? null,
      message.createConversation,
    ]),
    sender: message.fromAdminId,
  };
}

/**
 * Sending to a whole segment or tag: count it, and either report (dry run: who would be messaged and
 * who would be left out, and the confirmation the real call needs) or create a job that sends in the
 * background, paced, one message per contact. Above the owner's cap (`confirmAbove`, 0 by default)
 * the real call must carry the dry run's token, spent before the job exists.
 */
export async function sendToAudience(
  ctx: ToolContext,
  audience: Audience,
  message: BulkMessage,
  options: { dryRun: boolean; confirmationToken?: string | undefined },
): Promise<{
  audience: z.input<typeof audienceOutput>;
  job: z.input<typeof jobOutput> | null;
  confirmation?: z.input<typeof confirmationOutput>;
  /** Dry run: the owner's daily cap leaves less room than this send needs (it would be refused). */
  over_daily_cap?: { room_today: number };
}> {
  const { dryRun, confirmationToken } = options;
  const first = await audiencePage(ctx.intercom, audience, { perPage: SAMPLE_SIZE });
  const size = first.totalCount ?? (first.nextCursor ? null : first.contacts.length);
  if (size === null)
    throw new ToolError(`Intercom did not say how many contacts the ${audience.kind} has; try again.`);
  const summary = {
    ...audience,
    size,
    would_send: null,
    excluded: null,
    sample: first.contacts.map((c) => ({ contact_id: c.id, email: c.email ?? null, name: c.name ?? null })),
  };
  if (dryRun) {
    if (size > ctx.jobs.maxAudience || size === 0) return { audience: summary, job: null };
    const counted = await countExclusions(ctx, audience, message.messageType, size);
    const needed = size > ctx.tenant.caps.confirmAbove;
    const room = await ctx.jobs.dailyRoom();
    return {
      ...(room !== null && size > room && { over_daily_cap: { room_today: room } }),
      audience: {
        ...summary,
        would_send: counted.wouldSend,
        excluded: counted.excluded,
        excluded_examples: counted.examples,
      },
      job: null,
      ...(needed && {
        confirmation: await issueConfirmation(
          ctx,
          'bulk_send',
          sendFacts(audience, size, message),
          `this message from this sender to the ${audience.kind}'s ${size} contacts`,
        ),
      }),
    };
  }
  if (size === 0)
    throw new ToolError(`The ${audience.kind} "${audience.name}" has no contacts; nothing to send.`);
  if (size > ctx.jobs.maxAudience) {
    throw new ToolError(
      `The ${audience.kind} "${audience.name}" has ${size} contacts; one bulk send reaches at most ` +
        `${ctx.jobs.maxAudience}. Narrow the audience (a smaller segment or tag).`,
    );
  }
  if (confirmationToken !== undefined || size > ctx.tenant.caps.confirmAbove) {
    await requireConfirmation(
      ctx,
      confirmationToken,
      'bulk_send',
      sendFacts(audience, size, message),
      `Sending to the ${size} contacts of the ${audience.kind} "${audience.name}"`,
    );
  }
  try {
    const job = await ctx.jobs.create({ audience, audienceSize: size, message });
    return {
      audience: summary,
      job: {
        job_id: job.jobId,
        status: job.status,
        estimated_seconds: job.estimatedSeconds,
        estimate_basis: job.estimateBasis,
      },
    };
  } catch (error) {
    if (error instanceof JobRefused) throw new ToolError(error.message);
    throw error;
  }
}
