import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { IntercomApi } from './client.js';
import { IntercomApiError } from './errors.js';
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
