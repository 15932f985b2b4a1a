import { get, type IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { useTestApp } from './support/use-test-app.js';

const MAX_BYTES = 65_536;
const MAX_MESSAGES = 8;

/** Opens the legacy SSE stream over a raw socket (so reading can be paused) and waits for its endpoint. */
async function openStream(sseUrl: string): Promise<{ response: IncomingMessage; endpoint: string }> {
  const response = await new Promise<IncomingMessage>((resolve, reject) =>
    get(sseUrl, { headers: { Accept: 'text/event-stream' } }, resolve).on('error', reject),
  );
  expect(response.statusCode).toBe(200);
  let text = '';
  const endpoint = await new Promise<string>((resolve) => {
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const match = /event: endpoint\ndata: (\S+)\n/.exec(text);
      if (match) {
        response.off('data', onData);
        resolve(match[1] as string);
      }
    };
    response.on('data', onData);
  });
  // From here on the client stops reading: the socket's buffers fill, then the server's.
  response.pause();
  return { response, endpoint };
}

/**
 * A legacy SSE client that posts and never reads used to make the server buffer every reply (580 posts:
 * +113 MB). The stream's backlog is bounded in bytes and messages; beyond, posts get 503 with Retry-After.
 */
describe('legacy SSE backlog with a client that stops reading', () => {
  const { app, connection } = useTestApp({
    env: {
      SSE_MAX_BACKLOG_BYTES: String(MAX_BYTES),
      SSE_MAX_BACKLOG_MESSAGES: String(MAX_MESSAGES),
      RATE_LIMIT_PER_CONNECTION_PER_MINUTE: '1000000',
      RATE_LIMIT_PER_IP_PER_MINUTE: '1000000',
    },
    workspaces: [WORKSPACE_A],
  });

  it('refuses posts once the unread backlog reaches its bound, and accepts them again once read', {
    timeout: 120_000,
  }, async () => {
    const { response, endpoint } = await openStream(connection.sse_url);
    const sessionId = new URL(endpoint, app.url).searchParams.get('sessionId') as string;
    const post = (id: number) =>
      fetch(new URL(endpoint, app.url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/list' }),
      });
    let accepted = 0;
    let refused: Response | undefined;
    // Loopback socket buffers take a few MB before the server's own buffer grows; the bound is then reached.
    for (let id = 1; id <= 1_000 && !refused; id++) {
      const answer = await post(id);
      if (answer.status === 202) {
        await answer.body?.cancel();
        accepted++;
      } else refused = answer;
      const backlog = backlogOf(sessionId);
      // The bound holds at every step (a reply already admitted may land on top of a full buffer).
      expect(backlog?.messages ?? 0).toBeLessThanOrEqual(MAX_MESSAGES);
    }
    expect(refused?.status, `accepted ${accepted} posts and never refused one`).toBe(503);
    expect(refused?.headers.get('retry-after')).toBe('5');
    const body = (await refused?.json()) as { error: { message: string } };
    expect(body.error.message).toContain('has not read yet');
    // Replies in flight land; then the backlog is what the limits allow, plus at most the replies owed.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const backlog = backlogOf(sessionId);
    const oneReply = JSON.stringify((await listTools()).result).length + 200;
    expect(backlog?.bytes).toBeLessThanOrEqual(MAX_BYTES + MAX_MESSAGES * oneReply);
    expect(backlog?.messages).toBeLessThanOrEqual(MAX_MESSAGES);

    // The client reads again: the stream drains and posts are accepted again.
    response.resume();
    response.on('data', () => {});
    let again = 0;
    for (let attempt = 0; attempt < 200 && again !== 202; attempt++) {
      const answer = await post(10_000 + attempt);
      again = answer.status;
      await answer.body?.cancel();
      if (again !== 202) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(again).toBe(202);
    response.destroy();
  });

  // Optional call: the same test runs against code without backlogs (to show it failing there).
  const backlogOf = (sessionId: string) => app.runtime.deps.sseSessions.backlogOf?.(sessionId);

  async function listTools(): Promise<{ result: unknown }> {
    const answer = await fetch(connection.mcp_url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    return (await answer.json()) as { result: unknown };
  }
});
