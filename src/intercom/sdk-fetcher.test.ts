import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IntercomClient, IntercomError, IntercomTimeoutError } from 'intercom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The SDK's own query encoder (not exported): ours must write the same query strings.
import { createRequestUrl } from '../../node_modules/intercom-client/dist/esm/core/fetcher/createRequestUrl.mjs';
import { toIntercomApiError } from './errors.js';
import { createSdkFetcher, withQuery } from './sdk-fetcher.js';

describe('withQuery', () => {
  it.each([
    [{ per_page: 50, starting_after: 'WzE3MDAw/+=' }],
    [{ a: null, b: undefined, c: '', d: 0, e: false }],
    [{ ids: ['1', '2', 'x y'], empty: [] }],
    [{ filter: { state: 'open', tags: ['a', 'b'] }, nothing: {} }],
    [{ 'ünï code': 'ä&=?#' }],
  ])('encodes %j as the SDK does', (query) => {
    expect(withQuery('https://api.intercom.io/contacts', query)).toBe(
      createRequestUrl('https://api.intercom.io/contacts', query),
    );
  });

  it('leaves the URL alone without parameters', () => {
    expect(withQuery('https://x.test/a', undefined)).toBe('https://x.test/a');
    expect(withQuery('https://x.test/a', {})).toBe('https://x.test/a');
  });
});

describe('createSdkFetcher through the SDK', () => {
  let server: Server;
  let baseUrl: string;
  const seen: { method?: string; url?: string; headers: Record<string, unknown>; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        const path = req.url ?? '';
        if (path.startsWith('/contacts/slow')) return; // never answers
        if (path.startsWith('/contacts/missing')) {
          res.writeHead(404, { 'content-type': 'application/json', 'x-request-id': 'req-404' });
          res.end(
            JSON.stringify({
              type: 'error.list',
              errors: [{ code: 'not_found', message: 'User Not Found' }],
            }),
          );
          return;
        }
        if (path.startsWith('/contacts/garbled')) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"type": "contact", "id": ');
          return;
        }
        if (path.startsWith('/contacts/overloaded')) {
          res.writeHead(503, { 'content-type': 'application/json' });
          res.end('<html>Service Unavailable</html>');
          return;
        }
        if (path.startsWith('/contacts/broken')) {
          res.writeHead(502, { 'content-type': 'text/html' });
          res.end('<html>Bad gateway</html>');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json', 'x-ratelimit-remaining': '99' });
        res.end(JSON.stringify({ type: 'contact', id: 'c1', email: 'jane@example.test' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  function sdk(timeoutMs = 2_000, onHeaders?: (headers: Headers) => void) {
    return new IntercomClient({
      token: 'secret-token',
      baseUrl,
      version: '2.14',
      maxRetries: 0,
      fetcher: createSdkFetcher({ timeoutMs, onHeaders }),
    });
  }

  it('sends the SDK’s request (auth, version, JSON body) and gives it the parsed answer and headers', async () => {
    const headers: Headers[] = [];
    const contact = await sdk(2_000, (h) => headers.push(h)).contacts.update({
      contact_id: 'c1',
      name: 'Jane',
    });
    expect(contact).toMatchObject({ id: 'c1', email: 'jane@example.test' });
    const request = seen.at(-1);
    expect(request).toMatchObject({ method: 'PUT', url: '/contacts/c1' });
    expect(request?.headers).toMatchObject({
      authorization: 'Bearer secret-token',
      'intercom-version': '2.14',
      'content-type': 'application/json',
      accept: 'application/json',
    });
    expect(JSON.parse(request?.body ?? '')).toEqual({ name: 'Jane' });
    expect(headers[0]?.get('x-ratelimit-remaining')).toBe('99');
  });

  it('turns an error answer into the SDK’s error with status, parsed body and headers', async () => {
    const error = await sdk()
      .contacts.find({ contact_id: 'missing' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntercomError);
    expect(error).toMatchObject({ statusCode: 404, body: { errors: [{ code: 'not_found' }] } });
    expect((error as IntercomError).rawResponse?.headers.get('x-request-id')).toBe('req-404');
    const html = await sdk()
      .contacts.find({ contact_id: 'broken' })
      .catch((e: unknown) => e);
    expect(html).toMatchObject({ statusCode: 502, body: '<html>Bad gateway</html>' });
    // JSON promised, HTML sent: the status survives (the SDK's own fetcher reported no status at all).
    const mislabelled = await sdk()
      .contacts.find({ contact_id: 'overloaded' })
      .catch((e: unknown) => e);
    expect(mislabelled).toMatchObject({ statusCode: 503, body: '<html>Service Unavailable</html>' });
    expect(toIntercomApiError(mislabelled)).toMatchObject({ kind: 'unavailable', extra: { status: 503 } });
  });

  it('passes a success with an unreadable body on as the SDK’s own fetcher does', async () => {
    const answer = await sdk().contacts.find({ contact_id: 'garbled' });
    expect(answer).toEqual({
      ok: false,
      error: { reason: 'non-json', statusCode: 200, rawBody: '{"type": "contact", "id": ' },
    });
  });

  it('times out as the SDK does, and reports a cancellation as an aborted request', async () => {
    const started = performance.now();
    const timedOut = await sdk(150)
      .contacts.find({ contact_id: 'slow' })
      .catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(IntercomTimeoutError);
    expect(performance.now() - started).toBeLessThan(1_500);

    const controller = new AbortController();
    const pending = sdk(5_000)
      .contacts.find({ contact_id: 'slow' }, { abortSignal: controller.signal })
      .catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 50);
    const cancelled = await pending;
    expect(cancelled).toBeInstanceOf(IntercomError);
    expect((cancelled as IntercomError).message).toMatch(/aborted/);
    expect((cancelled as IntercomError).statusCode).toBeUndefined();
  });

  it('reports a refused connection with the network error, so callers know nothing was sent', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const client = new IntercomClient({
      token: 't',
      baseUrl: `http://127.0.0.1:${port}`,
      maxRetries: 0,
      fetcher: createSdkFetcher({ timeoutMs: 2_000 }),
    });
    const error = await client.contacts.find({ contact_id: 'c1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntercomError);
    expect((error as IntercomError).message).toMatch(/ECONNREFUSED/);
  });
});
