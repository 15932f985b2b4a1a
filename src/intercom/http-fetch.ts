import { Agent, request } from 'undici';

/**
 * A `fetch` for the Intercom SDK built on undici's `request` over one keep-alive connection pool:
 * the SDK reads each answer whole (text, then JSON), so WHATWG fetch's streaming machinery (web
 * streams, per-request AbortSignal plumbing) is pure overhead. Benchmarks (docs/benchmarks.md) put
 * global fetch at about twice the CPU of a pooled request.
 */
const pool = new Agent({ keepAliveTimeout: 30_000, connections: 256, pipelining: 1 });

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

function headerEntries(headers: RequestInit['headers']): Record<string, string> {
  if (!headers) return {};
  if (headers instanceof Headers) return Object.fromEntries(headers.entries());
  if (Array.isArray(headers)) return Object.fromEntries(headers);
  return headers as Record<string, string>;
}

export const httpFetch: typeof fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const answer = await request(url, {
    method: (init?.method ?? 'GET') as 'GET',
    headers: headerEntries(init?.headers),
    body: (init?.body as string | Buffer | null | undefined) ?? null,
    signal: init?.signal ?? undefined,
    dispatcher: pool,
  });
  const text = await answer.body.text();
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  return new Response(NULL_BODY_STATUSES.has(answer.statusCode) ? null : text, {
    status: answer.statusCode,
    headers,
  });
};
