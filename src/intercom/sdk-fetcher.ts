import type { IntercomClient } from 'intercom-client';
import { Agent, request } from 'undici';
import { intercomDuration, intercomRequests } from '../metrics/metrics.js';

/** The SDK's own extension point (`fetcher` client option): one HTTP exchange, answered as an APIResponse. */
export type SdkFetcher = NonNullable<NonNullable<ConstructorParameters<typeof IntercomClient>[0]>['fetcher']>;
type FetcherArgs = Parameters<SdkFetcher>[0];
type FetcherResult = Awaited<ReturnType<SdkFetcher>>;
type RawResponse = FetcherResult['rawResponse'];

export interface SdkFetcherOptions {
  /** Total time for one exchange, from sending to the last byte of the answer. */
  timeoutMs: number;
  /** Sees the headers of every answer (rate-limit pacing, request ids for the audit log). */
  onHeaders?: (headers: Headers) => void;
}

/** One keep-alive pool for every tenant: connections are to Intercom's hosts, not per token. */
const pool = new Agent({ keepAliveTimeout: 30_000, connections: 256, pipelining: 1 });

const JSON_TYPE = /^application\/(?:[\w.+-]*\+)?json\b|^text\/json\b/i;
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

function rawResponse(status: number, statusText: string, headers: Headers, url: string): RawResponse {
  return { headers, redirected: false, status, statusText, type: status ? 'basic' : 'error', url };
}
const ABORTED = rawResponse(499, 'Client Closed Request', new Headers(), '');
const UNKNOWN = rawResponse(0, 'Unknown Error', new Headers(), '');

/**
 * The SDK's `fetcher`, replacing its generic one (which resolves each header through a promise, builds
 * two AbortControllers, a timer, a WHATWG Request and Response per call, and retries we turn off) with
 * one undici request on a shared pool. The SDK still builds every request (paths, bodies, headers,
 * auth) and turns our answers into its typed results and errors, shaped as its own fetcher's answers:
 * non-2xx → `status-code` with the parsed body, aborted → `unknown` "The user aborted a request",
 * over time → `timeout`, no connection → `unknown` with the network error's message, a 2xx that is
 * not JSON → a success whose body describes the parse failure. One deliberate difference: an error
 * status whose body does not parse as the JSON its content type promises stays a `status-code` error
 * with the raw text (the SDK's fetcher lost the status and reported "could not be reached"), so a
 * 429 still paces and a 5xx read is still retried.
 */
export function createSdkFetcher(options: SdkFetcherOptions): SdkFetcher {
  return (async (args: FetcherArgs): Promise<FetcherResult> => {
    if ((args.requestType ?? 'json') !== 'json' || (args.responseType ?? 'json') !== 'json') {
      return unknown(`Unsupported request or response type (${args.requestType}/${args.responseType})`);
    }
    if (args.abortSignal?.aborted) return abortedResult();
    const started = performance.now();
    let outcome = 'network_error';
    const signal = new ExchangeSignal();
    const timer = setTimeout(() => signal.abort(timeoutError()), options.timeoutMs);
    const onCallerAbort = () => signal.abort(args.abortSignal?.reason);
    args.abortSignal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      const url = withQuery(args.url, args.queryParameters);
      const answer = await request(url, {
        method: args.method as 'GET',
        headers: await headersOf(args),
        body: args.body === undefined ? null : JSON.stringify(args.body),
        signal,
        dispatcher: pool,
      });
      const text = await answer.body.text();
      const headers = new Headers();
      for (const [name, value] of Object.entries(answer.headers)) {
        if (Array.isArray(value)) for (const v of value) headers.append(name, v);
        else if (value !== undefined) headers.set(name, value);
      }
      options.onHeaders?.(headers);
      const status = answer.statusCode;
      outcome = statusLabel(status);
      const raw = rawResponse(status, '', headers, url);
      const content = NULL_BODY_STATUSES.has(status) ? '' : text;
      if (status >= 200 && status < 400) {
        if (content.length === 0) return { ok: true, body: undefined, headers, rawResponse: raw };
        try {
          return { ok: true, body: JSON.parse(content), headers, rawResponse: raw };
        } catch {
          // As the SDK's own fetcher: a success status with an unreadable body is still a success, whose
          // body is the parse failure; schema validation then reports a write as applied but unreadable.
          const body = { ok: false, error: { reason: 'non-json', statusCode: status, rawBody: content } };
          return { ok: true, body, headers, rawResponse: raw };
        }
      }
      return {
        ok: false,
        error: { reason: 'status-code', statusCode: status, body: errorBody(headers, content) },
        rawResponse: raw,
      };
    } catch (error) {
      if (args.abortSignal?.aborted) {
        outcome = 'aborted';
        return abortedResult();
      }
      if (error instanceof Error && error.name === 'AbortError') {
        outcome = 'timeout';
        return { ok: false, error: { reason: 'timeout' }, rawResponse: ABORTED };
      }
      return unknown(error instanceof Error ? error.message : String(error));
    } finally {
      clearTimeout(timer);
      args.abortSignal?.removeEventListener('abort', onCallerAbort);
      intercomRequests.series(outcome).value++;
      intercomDuration.series(outcome).observe((performance.now() - started) / 1000);
    }
  }) as SdkFetcher;
}

const STATUS_LABELS: string[] = [];
function statusLabel(status: number): string {
  if (status < 100 || status > 599) return 'invalid_status';
  let label = STATUS_LABELS[status];
  if (label === undefined) {
    label = String(status);
    STATUS_LABELS[status] = label;
  }
  return label;
}

function abortedResult(): FetcherResult {
  return {
    ok: false,
    error: { reason: 'unknown', errorMessage: 'The user aborted a request' },
    rawResponse: ABORTED,
  };
}

function unknown(errorMessage: string): FetcherResult {
  return { ok: false, error: { reason: 'unknown', errorMessage }, rawResponse: UNKNOWN };
}

function timeoutError(): Error {
  const error = new Error('Intercom did not answer in time');
  error.name = 'AbortError';
  return error;
}

/** An error answer's body: parsed JSON when it is JSON, the text otherwise (never a lost status). */
function errorBody(headers: Headers, content: string): unknown {
  const type = headers.get('content-type');
  if (type && !JSON_TYPE.test(type)) return content;
  if (content.length === 0) return undefined;
  try {
    return JSON.parse(content);
  } catch {
    return content;
  }
}

/** The SDK's headers (values may be suppliers: functions or promises) plus what its fetcher adds. */
async function headersOf(args: FetcherArgs): Promise<Record<string, string>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (args.body !== undefined) headers['content-type'] = args.contentType ?? 'application/json';
  for (const [name, value] of Object.entries(args.headers ?? {})) {
    const resolved =
      typeof value === 'function'
        ? await value({ endpointMetadata: args.endpointMetadata ?? {} })
        : value instanceof Promise
          ? await value
          : value;
    if (resolved != null) headers[name.toLowerCase()] = String(resolved);
  }
  return headers;
}

/** The SDK's query encoding: repeated keys for arrays, `a[b]` for nested objects, nullish values left out. */
export function withQuery(url: string, query: Record<string, unknown> | undefined): string {
  if (!query) return url;
  const parts: string[] = [];
  const add = (key: string, value: unknown): void => {
    if (value === undefined) return;
    if (Array.isArray(value)) {
      for (const item of value) if (item !== undefined) add(key, item);
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) add(`${key}[${k}]`, v);
    } else {
      parts.push(`${encodeURIComponent(key)}=${value === null ? '' : encodeURIComponent(String(value))}`);
    }
  };
  for (const [key, value] of Object.entries(query)) add(key, value);
  return parts.length > 0 ? `${url}?${parts.join('&')}` : url;
}

/**
 * The abort signal undici gets for one exchange: it accepts any EventTarget-like object, and this one
 * costs a field and a callback where an AbortController costs an EventTarget and its listener lists.
 */
class ExchangeSignal {
  aborted = false;
  reason: unknown;
  private listener: (() => void) | undefined;

  addEventListener(_type: 'abort', listener: () => void): void {
    this.listener = listener;
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    if (this.listener === listener) this.listener = undefined;
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.listener?.();
  }
}
