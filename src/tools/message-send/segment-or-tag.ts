import type { z } from 'zod';
import type { NameRef } from '../../directory/directory.js';
import { type audienceOutput, type jobOutput, sendToAudience } from '../bulk-send.js';
import type { confirmationOutput } from '../confirmation.js';
import type { ToolContext } from '../define-tool.js';
import type { BulkMessage } from '../message-jobs-port.js';

interface SegmentOrTagSend {
  audience: z.input<typeof audienceOutput>;
  job: z.input<typeof jobOutput> | null;
  confirmation?: z.input<typeof confirmationOutput>;
  note: string;
}

/**
 * A send to every contact of a segment or tag: a dry run counts and issues the confirmation token; the
 * real call (carrying it) starts a background job. The note says what happened and what to do next.
 */
export async function sendToSegmentOrTag(
  ctx: ToolContext,
  target: { segment?: NameRef | undefined; tag?: NameRef | undefined },
  message: BulkMessage,
  options: { dryRun: boolean; confirmationToken?: string | undefined },
): Promise<SegmentOrTagSend> {
  const found =
    target.segment !== undefined
      ? { kind: 'segment' as const, ...(await ctx.directory.segment(target.segment, 'segment')) }
      : { kind: 'tag' as const, ...(await ctx.directory.tag(target.tag ?? '', 'tag')) };
  const audienceRef = { kind: found.kind, id: found.id, name: found.name };
  const { audience, job, confirmation, over_daily_cap } = await sendToAudience(
    ctx,
    audienceRef,
    message,
    options,
  );
  return { audience, job, ...(confirmation && { confirmation }), note: noteFor() };

  function noteFor(): string {
    if (job) {
      return (
        `Sending to ${audience.size} contacts in the background (unsubscribed, archived and, for email, ` +
        `address-less contacts are left out). Follow it with get_message_job (job_id ${job.job_id}); ` +
        'stop it with cancel_message_job.'
      );
    }
    if (audience.size > ctx.jobs.maxAudience) {
      return `Too large to send: one job reaches at most ${ctx.jobs.maxAudience} contacts.`;
    }
    const left = audience.excluded ? Object.values(audience.excluded).reduce((a, b) => a + b, 0) : 0;
    return (
      `Nothing sent. Sending would message ${audience.would_send ?? audience.size} contacts, one message each` +
      (left > 0 ? `; ${left} would be left out (see excluded).` : '.') +
      (over_daily_cap
        ? ` The owner's daily cap leaves room for ${over_daily_cap.room_today} more messages in the ` +
          'last 24 hours, so this send would be refused now: choose a smaller audience or wait.'
        : '') +
      (confirmation
        ? ' Show the user this count and the message; to send, repeat the call without dry_run and with ' +
          `confirmation_token (valid until ${confirmation.expires_at}, for this exact send).`
        : '')
    );
  }
}
