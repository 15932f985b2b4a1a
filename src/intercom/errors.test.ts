import { createServer } from 'node:net';
import { IntercomError } from 'intercom-client';
import { describe, expect, it } from 'vitest';
import { IntercomApi } from './client.js';
import { IntercomApiError, toIntercomApiError } from './errors.js';
import { sendAdminMessage } from './messages.js';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const message = {
  messageType: 'in_app' as const,
  body: 'x',
  fromAdminId: '1',
  to: { type: 'user' as const, id: 'a' },
};

describe('upstream error mapping for writes', () => {
  it('says a write to a refused connection was not applied (nothing left us)', async () => {
    const api = new IntercomApi({
      token: 't',
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      version: '2.14',
      timeoutMs: 2_000,
    });
    const error = await sendAdminMessage(api, message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntercomApiError);
    expect((error as IntercomApiError).kind).toBe('unavailable');
    expect((error as IntercomApiError).extra.mayHaveApplied).toBe(false);
  });

  it('says a write whose answer never came may have been applied', async () => {
    // A server that accepts the request and never answers.
    const server = createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const api = new IntercomApi({
        token: 't',
        baseUrl: `http://127.0.0.1:${port}`,
        version: '2.14',
        timeoutMs: 300,
      });
      const error = (await sendAdminMessage(api, message).catch((e: unknown) => e)) as IntercomApiError;
      expect(error.kind).toBe('unavailable');
      expect(error.extra.mayHaveApplied).toBe(true);
    } finally {
      server.close();
    }
  });
});

describe('upstream rate limit', () => {
  it('says when to retry, from X-RateLimit-Reset or, without it, after one 10-second window', () => {
    const limited = (headers: Record<string, string>) =>
      toIntercomApiError(
        new IntercomError({
          statusCode: 429,
          body: { type: 'error.list', errors: [{ code: 'rate_limit_exceeded', message: 'Too many' }] },
          rawResponse: {
            headers: new Headers(headers),
            redirected: false,
            status: 429,
            statusText: 'Too Many Requests',
            type: 'basic',
            url: 'https://api.intercom.io/contacts',
          },
        }),
      );
    const reset = String(Math.floor(Date.now() / 1000) + 7);
    expect(limited({ 'X-RateLimit-Reset': reset }).message).toMatch(/retry after [78] s/);
    expect(limited({}).message).toBe('Intercom rate limit reached; retry after 10 s.');
  });
});
