import { IntercomApiError } from '../intercom/errors.js';
import { ToolError } from './define-tool.js';

/** True when a failed write may still have been applied by Intercom (lost answer, timeout, 5xx). */
export function mayHaveApplied(error: unknown): boolean {
  return error instanceof IntercomApiError && error.extra.mayHaveApplied === true;
}

/**
 * Classifies a failed write for a per-item batch report: `unknown` when it may have been applied
 * (never retried; the caller must check), `failed` when it provably was not. `stop` says the rest of
 * the batch should not be attempted (the key, the permission or the rate limit is the problem).
 */
export function writeFailure(error: unknown): {
  status: 'failed' | 'unknown';
  message: string;
  stop: boolean;
} {
  if (!(error instanceof IntercomApiError)) {
    return { status: 'unknown', message: 'Unexpected error; the change may have been applied.', stop: true };
  }
  if (error.extra.mayHaveApplied) return { status: 'unknown', message: error.message, stop: false };
  const stop = error.kind === 'auth' || error.kind === 'permission' || error.kind === 'rate_limited';
  return { status: 'failed', message: error.message, stop };
}

/** For single-write tools: a write that may have been applied becomes a ToolError carrying `hint`. */
export function rethrowUnknownOutcome(error: unknown, hint: string): never {
  if (mayHaveApplied(error)) throw new ToolError(`${(error as Error).message} ${hint}`);
  throw error;
}
