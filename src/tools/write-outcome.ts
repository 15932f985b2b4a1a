import { IntercomApiError } from '../intercom/errors.js';
import { classifyWrite } from '../intercom/write-outcome.js';
import { ToolError } from './define-tool.js';

export { classifyWrite, type WriteOutcome } from '../intercom/write-outcome.js';

/** True when a failed write may still have been applied by Intercom. */
export function mayHaveApplied(error: unknown): boolean {
  return classifyWrite(error).status === 'unknown';
}

/**
 * For tools that make one write, or a few in steps: the error to throw. An unknown outcome becomes a
 * ToolError carrying `checkHint` (how to check before retrying); a step that failed names the step and
 * the steps already done. Auth errors and unexpected errors pass through to the error boundary, which
 * explains reconnecting or logs the error with a reference.
 */
export function writeError(
  error: unknown,
  options: { checkHint: string; step?: string; done?: string[] },
): Error {
  if (!(error instanceof IntercomApiError) || error.kind === 'auth') return error as Error;
  const outcome = classifyWrite(error);
  const step = options.step ? `${options.step} failed: ` : '';
  const already = options.done?.length ? ` Already done: ${options.done.join('; ')}.` : '';
  if (outcome.status === 'unknown') {
    return new ToolError(`${step}${outcome.message} The outcome is unknown: ${options.checkHint}${already}`);
  }
  if (!step && !already) return error; // the boundary reports Intercom's refusal (and logs its details)
  return new ToolError(`${step}${outcome.message}${already}`);
}
