import { setMaxListeners } from 'node:events';
import { IntercomClient } from 'intercom-client';
import type { z } from 'zod';
import { sleep } from '../util/sleep.js';
import { IntercomApiError, toIntercomApiError } from './errors.js';
import type { RateLimitRegistry } from './rate-limit.js';
import { createSdkFetcher } from './sdk-fetcher.js';

type SdkVersion = NonNullable<ConstructorParameters<typeof IntercomClient>[0]>['version'];
type SdkRequestOptions = { abortSignal: AbortSignal | undefined; maxRetries: 0 };
/** One SDK call, given the SDK and the per-request options (abort signal, no SDK retries) to pass on. */
export type SdkCall = (sdk: IntercomClient, options: SdkRequestOptions) => Promise<unknown>;

export interface IntercomApiOptions {
  token: string;
  baseUrl: string;
  version: string;
  timeoutMs: number;
  /** Aborts every upstream call, e.g. when the MCP request is cancelled. */
  signal?: AbortSignal;
  /**
   * Per-workspace pacing: X-RateLimit-* headers are recorded under `key`, and a call waits for the
   * window to reset (up to `maxWaitMs`) instead of running into a 429 when the budget is spent.
   */
  pacing?: { registry: RateLimitRegistry; key: string; maxWaitMs: number; reserveFraction?: number };
  /** Sees the headers of every upstream response (request ids for the audit log). */
  onResponse?: (headers: Headers) => void;
}

const READ_RETRIES = 2;
const MAX_READ_RETRY_WAIT_MS = 2_000;

/**
 * The only code that talks to Intercom. Wraps the official SDK with our token, version header,
 * timeout and abort signal; turns off the SDK's own retries (writes must never be retried, since
 * Intercom has no idempotency keys) and retries reads itself within a small time budget.
 */
export class IntercomApi {
  private readonly sdk: IntercomClient;
  private readonly callOptions: SdkRequestOptions;

  constructor(private readonly options: IntercomApiOptions) {
    const { pacing, onResponse } = options;
    this.sdk = new IntercomClient({
      token: options.token,
      baseUrl: options.baseUrl,
      version: options.version as SdkVersion,
      maxRetries: 0,
      timeoutInSeconds: options.timeoutMs / 1000,
      fetcher: createSdkFetcher({
        timeoutMs: options.timeoutMs,
        onHeaders:
          pacing || onResponse
            ? (headers) => {
                pacing?.registry.record(pacing.key, headers);
                onResponse?.(headers);
              }
            : undefined,
      }),
    });
    // Our fetcher removes its abort listener after each exchange, so even a long-lived signal is safe here;
    // a tool may have dozens of exchanges in flight at once, each listening to it.
    if (options.signal) setMaxListeners(100, options.signal);
    this.callOptions = { abortSignal: options.signal, maxRetries: 0 };
  }

  private send(call: SdkCall): Promise<unknown> {
    return call(this.sdk, this.callOptions);
  }

  /**
   * A call that is safe to repeat (GET, search): retried on 429 and 5xx while the wait stays small.
   * The response is validated with `schema`; only what we depend on needs to be in it.
   */
  async read<S extends z.ZodType>(schema: S, call: SdkCall): Promise<z.infer<S>> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.pace();
        return this.parse(schema, await this.send(call), false);
      } catch (error) {
        const mapped = toIntercomApiError(error, this.options.signal?.aborted, this.host());
        const waitMs = this.retryDelay(mapped, attempt);
        if (waitMs === undefined) throw mapped;
        await sleep(waitMs, this.options.signal);
      }
    }
  }

  /**
   * A call that changes data. Never retried: Intercom has no idempotency keys, so a repeated
   * POST /messages could send twice. Errors say whether the write may have been applied.
   */
  async write<S extends z.ZodType>(schema: S, call: SdkCall): Promise<z.infer<S>> {
    await this.pace();
    let response: unknown;
    try {
      response = await this.send(call);
    } catch (error) {
      throw toIntercomApiError(error, this.options.signal?.aborted, this.host());
    }
    // Intercom answered 2xx: the write happened even if we cannot read the answer.
    return this.parse(schema, response, true);
  }

  /** Waits while the workspace's rate-limit budget is spent, or says when to retry if that is too long. */
  private async pace(): Promise<void> {
    const pacing = this.options.pacing;
    if (!pacing) return;
    for (
      let waitMs = await pacing.registry.acquireShared(pacing.key, pacing.reserveFraction);
      waitMs > 0;
      waitMs = await pacing.registry.acquireShared(pacing.key, pacing.reserveFraction)
    ) {
      if (waitMs > pacing.maxWaitMs || this.options.signal?.aborted) {
        const retryAfterSeconds = Math.ceil(waitMs / 1000);
        throw new IntercomApiError(
          'rate_limited',
          `Intercom rate limit for this workspace is used up; retry after ${retryAfterSeconds} s.`,
          { retryAfterSeconds, mayHaveApplied: false },
        );
      }
      await sleep(waitMs, this.options.signal);
    }
  }

  /** Only computed on errors: the client is built per call. */
  private host(): string {
    try {
      return new URL(this.options.baseUrl).host;
    } catch {
      return this.options.baseUrl;
    }
  }

  private retryDelay(error: IntercomApiError, attempt: number): number | undefined {
    if (attempt >= READ_RETRIES || this.options.signal?.aborted) return undefined;
    if (error.kind === 'rate_limited') {
      const waitMs = (error.extra.retryAfterSeconds ?? 1) * 1000;
      // Never wait longer than pacing itself would (INTERCOM_PACING_MAX_WAIT_MS).
      const limit = Math.min(
        MAX_READ_RETRY_WAIT_MS,
        this.options.pacing?.maxWaitMs ?? MAX_READ_RETRY_WAIT_MS,
      );
      return waitMs <= limit ? waitMs : undefined;
    }
    if (error.kind === 'unavailable' && error.extra.status !== undefined) return 200 * 2 ** attempt;
    return undefined;
  }

  private parse<S extends z.ZodType>(schema: S, data: unknown, applied: boolean): z.infer<S> {
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      throw new IntercomApiError(
        'unavailable',
        applied
          ? 'Intercom applied the change but answered with something we could not read; check the result before retrying.'
          : 'Intercom returned a response we could not understand.',
        { detail: parsed.error.message.slice(0, 500), mayHaveApplied: applied },
      );
    }
    return parsed.data;
  }
}
