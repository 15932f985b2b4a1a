import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ConfirmAction, ConfirmFacts, Redemption } from './confirmation-port.js';
import { type ToolContext, ToolError } from './define-tool.js';

/** The vocabulary of confirmations, shared by every tool whose real call needs one. */

export const confirmationToken = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .optional()
  .describe('Returned by a dry run (dry_run: true) of this exact call; required for the real call');

export const confirmationOutput = z
  .object({
    token: z.string().describe('Pass as confirmation_token in the real call, once the user agrees'),
    expires_at: z.string(),
    covers: z.string().describe('What it confirms; any change needs a new dry run'),
  })
  .describe('Dry run: the confirmation the real call needs');

/** A short hash of a message's every part: the facts hold it, never the text. */
export function fingerprint(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 22);
}

/** Issues a confirmation for `facts` and shapes it for the output. */
export async function issueConfirmation(
  ctx: Pick<ToolContext, 'confirmations'>,
  action: ConfirmAction,
  facts: ConfirmFacts,
  covers: string,
): Promise<z.infer<typeof confirmationOutput>> {
  const issued = await ctx.confirmations.issue(action, facts);
  return { token: issued.token, expires_at: issued.expiresAt.toISOString(), covers };
}

/** Why a fact differs, in words, by fact name; others are named as they are. */
const CHANGE_WORDS: Record<string, (confirmed: unknown, now: unknown) => string> = {
  audience: () => 'it was issued for another segment or tag',
  audience_size: (confirmed, now) =>
    `the audience now has ${now} contacts; the dry run counted ${confirmed ?? 'a different number'}`,
  message: () =>
    'the message (type, subject, body, template or conversation option) differs from the dry run',
  sender: () => 'the sender differs from the dry run',
  contact: () => 'it was issued for another contact',
};

function refusal(redemption: Exclude<Redemption, { ok: true }>, minutes: number): string {
  switch (redemption.reason) {
    case 'unknown':
      return 'it is not a confirmation this connection was given';
    case 'used':
      return 'it was already used (each one confirms a single call)';
    case 'expired':
      return `it expired (a confirmation lasts ${minutes} minutes)`;
    case 'other_action':
      return 'it was issued for another kind of action';
    case 'changed':
      return redemption.changed
        .map((c) => CHANGE_WORDS[c.fact]?.(c.confirmed, c.now) ?? `${c.fact} changed`)
        .join('; ');
  }
}

/** The error of a real call made without the dry run's token: what to do instead. */
export function confirmationMissing(ctx: Pick<ToolContext, 'confirmations'>, what: string): ToolError {
  const minutes = Math.round(ctx.confirmations.ttlSeconds / 60);
  return new ToolError(
    `${what} needs a confirmation. Nothing was done. Call again with dry_run: true, show the user what it ` +
      `reports, and once they agree, repeat the same call with the confirmation_token it returns ` +
      `(valid ${minutes} minutes, for one call).`,
  );
}

/**
 * Before an irreversible call: passes when `token` confirms exactly `facts` (and spends it), else throws a
 * ToolError saying what to do (nothing has been sent or changed at that point).
 */
export async function requireConfirmation(
  ctx: Pick<ToolContext, 'confirmations'>,
  token: string | undefined,
  action: ConfirmAction,
  facts: ConfirmFacts,
  what: string,
): Promise<void> {
  const minutes = Math.round(ctx.confirmations.ttlSeconds / 60);
  if (token === undefined) throw confirmationMissing(ctx, what);
  const redeemed = await ctx.confirmations.redeem(token, action, facts);
  if (redeemed.ok) return;
  throw new ToolError(
    `confirmation_token refused: ${refusal(redeemed, minutes)}. Nothing was done. ` +
      'Dry-run again (dry_run: true), show the user the new result, and use the token it returns.',
  );
}
