import { IntercomApiError } from './errors.js';

/**
 * The one classifier of failed writes (Intercom has no idempotency keys, so a write is never retried):
 * - `unknown`: the request may have reached Intercom (lost answer, timeout, 5xx, unexpected error): it may
 *   have been applied, and the caller must say "check before retrying";
 * - `failed`: provably not applied (Intercom refused it), safe to retry once fixed.
 * `stop` says the rest of a batch should not be attempted: the key, the permission or the rate limit is
 * the problem (or something unexpected happened), not this item.
 */
export interface WriteOutcome {
  status: 'failed' | 'unknown';
  /** Safe for the model, with Intercom's request id when there is one. */
  message: string;
  stop: boolean;
  kind: IntercomApiError['kind'] | 'unexpected';
}

/**
 * @param sent false when the failure happened before the write left (e.g. a read that prepared it):
 *   then nothing can have been applied.
 */
export function classifyWrite(error: unknown, sent = true): WriteOutcome {
  if (!(error instanceof IntercomApiError)) {
    return sent
      ? {
          status: 'unknown',
          message: 'Unexpected error; the change may have been applied.',
          stop: true,
          kind: 'unexpected',
        }
      : {
          status: 'failed',
          message: 'Unexpected error; nothing was changed.',
          stop: true,
          kind: 'unexpected',
        };
  }
  const ref = error.extra.requestId ? ` (Intercom request ${error.extra.requestId})` : '';
  const message = `${error.message}${ref}`;
  if (sent && error.extra.mayHaveApplied)
    return { status: 'unknown', message, stop: false, kind: error.kind };
  const stop = error.kind === 'auth' || error.kind === 'permission' || error.kind === 'rate_limited';
  return { status: 'failed', message, stop, kind: error.kind };
}
