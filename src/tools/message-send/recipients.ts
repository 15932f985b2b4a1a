import { z } from 'zod';
import {
  type ContactRef,
  type ContactResolution,
  describeRef,
  resolveContact,
} from '../../intercom/contacts.js';
import { IntercomApiError } from '../../intercom/errors.js';
import { type AdminMessage, recipientExclusion, sendAdminMessage } from '../../intercom/messages.js';
import type { Logger } from '../../logger.js';
import { mapLimited } from '../../util/map-limited.js';
import type { ToolContext } from '../define-tool.js';
import { classifyWrite } from '../write-outcome.js';

const RESOLVE_CONCURRENCY = 5;

const status = z.enum(['sent', 'failed', 'unknown', 'would_send', 'excluded', 'not_found', 'ambiguous']);

export const recipientResult = z.object({
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
export type RecipientResult = z.infer<typeof recipientResult>;

/** Every recipient resolved and checked (reads only), duplicates pointing at their first entry. */
export interface RecipientPlan {
  results: RecipientResult[];
  /** Indexes of the entries to send to (none on a dry run). */
  toSend: Set<number>;
}

/** Resolves and checks every recipient before the first message goes out. */
export async function planRecipients(
  recipients: ContactRef[],
  messageType: 'in_app' | 'email',
  dryRun: boolean,
  ctx: ToolContext,
): Promise<RecipientPlan> {
  const n = recipients.length;
  const total = dryRun ? n : 2 * n;
  let resolved = 0;
  const resolutions = await mapLimited(recipients, RESOLVE_CONCURRENCY, async (ref) => {
    const resolution = await resolveContact(ctx.intercom, ref);
    resolved += 1;
    await ctx.progress(resolved, total, `Resolved ${resolved} of ${n} recipients`);
    return resolution;
  });
  const firstIndexOf = new Map<string, number>();
  const toSend = new Set<number>();
  const results = resolutions.map((resolution, index) => {
    const result = check(resolution, index, describeRef(recipients[index] ?? {}), messageType);
    if (result.contact_id !== null) {
      const earlier = firstIndexOf.get(result.contact_id);
      if (earlier !== undefined) return { ...result, duplicate_of: earlier };
      firstIndexOf.set(result.contact_id, index);
    }
    if (result.status === 'would_send' && !dryRun) toSend.add(index);
    return result;
  });
  return { results, toSend };
}

/**
 * Sends the planned messages one by one, in order. A failure that says nothing more can go through
 * (`stop`: auth, rate limit, outage) marks the rest not sent instead of trying each.
 */
export async function sendPlanned(
  plan: RecipientPlan,
  message: Omit<AdminMessage, 'to'>,
  ctx: ToolContext,
): Promise<void> {
  const n = plan.results.length;
  let stopped: string | null = null;
  for (const [i, result] of plan.results.entries()) {
    if (plan.toSend.has(i) && stopped) {
      Object.assign(result, { status: 'failed', error: `Not sent: ${stopped}` });
    } else if (plan.toSend.has(i)) {
      try {
        const to = {
          type: result.role === 'lead' ? ('lead' as const) : ('user' as const),
          id: result.contact_id ?? '',
        };
        const sent = await sendAdminMessage(ctx.intercom, { ...message, to });
        Object.assign(result, {
          status: 'sent',
          message_id: sent.id,
          conversation_id: sent.conversation_id ?? null,
        });
      } catch (error) {
        const failure = failureOf(error, ctx.logger);
        Object.assign(result, { status: failure.status, error: failure.error });
        if (failure.stop) stopped = failure.error;
      }
    }
    await ctx.progress(n + i + 1, 2 * n, `Processed ${i + 1} of ${n} recipients`);
  }
}

/** Counts per status; a duplicate entry takes its first entry's outcome and counts as a duplicate. */
export function summarize(results: RecipientResult[]) {
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
  return summary;
}

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
