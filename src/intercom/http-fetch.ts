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
  return new BufferedResponse(
    answer.statusCode,
    headers,
    NULL_BODY_STATUSES.has(answer.statusCode) ? '' : text,
    url,
  ) as unknown as Response;
};

/**
 * The part of a Response the SDK reads (status, headers, text(), and the fields it copies into its raw
 * response), over a body already in memory. A real Response would wrap the text in a web stream only
 * for the SDK to read it back out: measurable per call in the benchmark's profile.
 */
class BufferedResponse {
  readonly ok: boolean;
  readonly statusText = '';
  readonly redirected = false;
  readonly type = 'basic';
  bodyUsed = false;

  constructor(
    readonly status: number,
    readonly headers: Headers,
    private readonly content: string,
    readonly url: string,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  async text(): Promise<string> {
    this.bodyUsed = true;
    return this.content;
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.content === '' ? null : new Response(this.content).body;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return new TextEncoder().encode(await this.text()).buffer as ArrayBuffer;
  }

  async blob(): Promise<Blob> {
    return new Blob([await this.text()]);
  }

  clone(): BufferedResponse {
    return new BufferedResponse(this.status, new Headers(this.headers), this.content, this.url);
  }
}
