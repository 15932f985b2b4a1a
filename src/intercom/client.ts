import { setMaxListeners } from 'node:events';
import { IntercomClient } from 'intercom-client';
import type { z } from 'zod';
import { sleep } from '../util/sleep.js';
import { IntercomApiError, toIntercomApiError } from './errors.js';
import { httpFetch } from './http-fetch.js';
import type { RateLimitRegistry } from './rate-limit.js';

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
  /** Sees every upstream response (request ids for the audit log). */
  onResponse?: (response: Response) => void;
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

  constructor(private readonly options: IntercomApiOptions) {
    const { pacing, onResponse } = options;
    this.sdk = new IntercomClient({
      token: options.token,
      baseUrl: options.baseUrl,
      version: options.version as SdkVersion,
      maxRetries: 0,
      timeoutInSeconds: options.timeoutMs / 1000,
      fetch:
        pacing || onResponse
          ? async (input, init) => {
              const response = await httpFetch(input, init);
              pacing?.registry.record(pacing.key, response.headers);
              onResponse?.(response);
              return response;
            }
          : httpFetch,
    });
  }

  private callOptions: SdkRequestOptions | undefined;
  private controller: AbortController | undefined;
  private inFlight = 0;
  private readonly abortFromParent = () => this.controller?.abort(this.options.signal?.reason);

  /**
   * Runs one SDK call. The SDK leaves a listener on the abort signal it is given and never removes it,
   * so it gets a signal of this client's own (one per tool call: at most that call's upstream requests
   * pile up on it), linked to the caller's only while calls are in flight: the caller's signal may be
   * long-lived and must not collect listeners.
   */
  private async send(call: SdkCall): Promise<unknown> {
    const parent = this.options.signal;
    if (!parent) return call(this.sdk, { abortSignal: undefined, maxRetries: 0 });
    if (!this.controller) {
      this.controller = new AbortController();
      // One SDK listener per upstream call of this tool call; some tools make dozens.
      setMaxListeners(100, this.controller.signal);
      this.callOptions = { abortSignal: this.controller.signal, maxRetries: 0 };
    }
    if (parent.aborted) this.abortFromParent();
    else if (this.inFlight === 0) parent.addEventListener('abort', this.abortFromParent, { once: true });
    this.inFlight++;
    try {
      return await call(this.sdk, this.callOptions as SdkRequestOptions);
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) parent.removeEventListener('abort', this.abortFromParent);
    }
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
        const mapped = toIntercomApiError(error, this.options.signal?.aborted);
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
      throw toIntercomApiError(error, this.options.signal?.aborted);
    }
    // Intercom answered 2xx: the write happened even if we cannot read the answer.
    return this.parse(schema, response, true);
  }

  /** Waits while the workspace's rate-limit budget is spent, or says when to retry if that is too long. */
  private async pace(): Promise<void> {
    const pacing = this.options.pacing;
    if (!pacing) return;
    for (
      let waitMs = pacing.registry.acquire(pacing.key, pacing.reserveFraction);
      waitMs > 0;
      waitMs = pacing.registry.acquire(pacing.key, pacing.reserveFraction)
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
