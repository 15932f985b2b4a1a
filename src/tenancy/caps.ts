import { z } from 'zod';

/**
 * Limits the owner sets on a connection's mass actions (stored with the connection):
 * - `confirmAbove`: a send to a segment or tag reaching more contacts than this needs a confirmation
 *   token from a dry run (0, the default: every such send);
 * - `sendsPerDay`: at most this many messages per rolling 24 hours in sends to segments or tags
 *   (null: no cap beyond the job limits).
 * Tightening needs only the connection's own token; loosening needs the owner again.
 */
export interface ConnectionCaps {
  readonly confirmAbove: number;
  readonly sendsPerDay: number | null;
}

export const DEFAULT_CAPS: ConnectionCaps = Object.freeze({ confirmAbove: 0, sendsPerDay: null });

const MAX_CAP = 1_000_000;

/** The caps part of an API body; fields left out keep their current value; `sends_per_day: null` lifts it. */
export const capsInput = z
  .object({
    confirm_above: z
      .number({ error: 'caps.confirm_above must be a whole number of contacts (0: confirm every send)' })
      .int('caps.confirm_above must be a whole number')
      .min(0, 'caps.confirm_above cannot be negative')
      .max(MAX_CAP)
      .optional(),
    sends_per_day: z
      .number({ error: 'caps.sends_per_day must be a whole number of messages, or null for no cap' })
      .int('caps.sends_per_day must be a whole number')
      .min(0, 'caps.sends_per_day cannot be negative')
      .max(MAX_CAP)
      .nullable()
      .optional(),
  })
  .strict();

export type CapsInput = z.infer<typeof capsInput>;

export function resolveCaps(input: CapsInput | undefined, base: ConnectionCaps): ConnectionCaps {
  return {
    confirmAbove: input?.confirm_above ?? base.confirmAbove,
    sendsPerDay: input?.sends_per_day === undefined ? base.sendsPerDay : input.sends_per_day,
  };
}

/** True when `next` allows nothing that `current` does not (a lower or equal threshold and daily cap). */
export function capsWithin(next: ConnectionCaps, current: ConnectionCaps): boolean {
  if (next.confirmAbove > current.confirmAbove) return false;
  if (current.sendsPerDay === null) return true;
  return next.sendsPerDay !== null && next.sendsPerDay <= current.sendsPerDay;
}

export function capsOfRow(row: { confirmAbove: number; sendsPerDay: number | null }): ConnectionCaps {
  return { confirmAbove: row.confirmAbove, sendsPerDay: row.sendsPerDay };
}

/** The API's description of caps. */
export function describeCaps(caps: ConnectionCaps) {
  return { confirm_above: caps.confirmAbove, sends_per_day: caps.sendsPerDay };
}
