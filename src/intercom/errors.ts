import { IntercomError, IntercomTimeoutError } from 'intercom-client';

export type UpstreamErrorKind =
  | 'auth'
  | 'permission'
  | 'not_found'
  | 'validation'
  | 'conflict'
  | 'rate_limited'
  | 'unavailable';

/**
 * The one error type that leaves the Intercom wrapper. `message` is safe to show a user or a
 * model; `detail` (trimmed upstream body) is for the log only.
 */
export class IntercomApiError extends Error {
  override name = 'IntercomApiError';
  constructor(
    readonly kind: UpstreamErrorKind,
    message: string,
    readonly extra: {
      status?: number;
      code?: string;
      requestId?: string;
      retryAfterSeconds?: number;
      detail?: string;
      /** True when the request may have reached Intercom (a write must not be retried). */
      mayHaveApplied?: boolean;
      /** The Intercom host asked, when it could not be reached or did not answer (for the log). */
      host?: string;
    } = {},
  ) {
    super(message);
  }
}

interface ErrorList {
  request_id?: string;
  errors?: { code?: string; message?: string; field?: string }[];
}

function firstError(body: unknown): { code?: string; message?: string; requestId?: string } {
  if (!body || typeof body !== 'object') return {};
  const list = body as ErrorList;
  const first = Array.isArray(list.errors) ? list.errors[0] : undefined;
  return { code: first?.code, message: first?.message, requestId: list.request_id };
}

function trimmed(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? null);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

/** Intercom enforces its rate limits over 10-second windows. */
const INTERCOM_WINDOW_SECONDS = 10;

function secondsUntilReset(headers: Headers | undefined, now = Date.now()): number | undefined {
  const reset = Number(headers?.get('x-ratelimit-reset'));
  if (!Number.isFinite(reset) || reset <= 0) return undefined;
  return Math.max(1, Math.ceil(reset - now / 1000));
}

const NEVER_CONNECTED = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN)\b/;

/** Maps anything the SDK throws onto our small taxonomy with an actionable message. */
export function toIntercomApiError(error: unknown, aborted = false, host?: string): IntercomApiError {
  if (error instanceof IntercomApiError) return error;
  // With a caller's abort signal the SDK reports its own timeout as a plain IntercomError whose message is "timeout" (quoted).
  const timedOut =
    error instanceof IntercomTimeoutError ||
    (error instanceof IntercomError &&
      error.statusCode === undefined &&
      /^"?timeout"?$/i.test(error.message));
  if (timedOut || aborted) {
    return new IntercomApiError(
      'unavailable',
      aborted ? 'The request was cancelled before Intercom answered.' : 'Intercom did not answer in time.',
      { mayHaveApplied: true, host, detail: aborted ? 'cancelled' : 'timeout' },
    );
  }
  if (!(error instanceof IntercomError) || error.statusCode === undefined) {
    const reason = error instanceof Error ? error.message : String(error);
    return new IntercomApiError('unavailable', 'Intercom could not be reached.', {
      detail: reason.slice(0, 300),
      host,
      // No connection was ever made (refused, or the host did not resolve): nothing can have been applied.
      mayHaveApplied: !NEVER_CONNECTED.test(reason),
    });
  }
  const status = error.statusCode;
  const { code, message, requestId } = firstError(error.body);
  const base = { status, code, requestId, detail: trimmed(error.body) };
  const said = message ? `: ${message}` : '';
  if (status === 401) {
    return new IntercomApiError(
      'auth',
      `Intercom rejected the stored access token (${code ?? 'unauthorized'}): it was revoked or is no longer ` +
        'valid. Reconnect the workspace to get a new MCP URL.',
      base,
    );
  }
  if (status === 403) return new IntercomApiError('permission', `Intercom refused the request${said}.`, base);
  if (status === 404 || status === 410)
    return new IntercomApiError('not_found', `Not found in Intercom${said}.`, base);
  if (status === 409) return new IntercomApiError('conflict', `Intercom reported a conflict${said}.`, base);
  if (status === 429) {
    const retryAfterSeconds = secondsUntilReset(error.rawResponse?.headers);
    // Without X-RateLimit-Reset (a proxy dropped it), one of Intercom's 10-second windows is the wait.
    const wait = `; retry after ${retryAfterSeconds ?? INTERCOM_WINDOW_SECONDS} s`;
    return new IntercomApiError('rate_limited', `Intercom rate limit reached${wait}.`, {
      ...base,
      retryAfterSeconds,
    });
  }
  if (status >= 400 && status < 500) {
    return new IntercomApiError('validation', `Intercom rejected the request${said}.`, base);
  }
  return new IntercomApiError('unavailable', `Intercom is unavailable (HTTP ${status}); try again later.`, {
    ...base,
    mayHaveApplied: true,
  });
}
