import { describe, expect, it } from 'vitest';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { useTestApp } from './support/use-test-app.js';

/**
 * Every spelling of a path that carries the connection token, sent at LOG_LEVEL=debug (a line per
 * request): no form of the token (raw, percent-encoded, its secret half) may reach the log.
 */
describe('the connection token never reaches the log, however the path is spelled', () => {
  const { app, connection } = useTestApp({ env: { LOG_LEVEL: 'debug' }, workspaces: [WORKSPACE_A] });

  it('redacts encoded, oddly cased, doubled-slash and encoded-slash paths', async () => {
    const token = connection.token;
    const encoded = [...token].map((ch) => `%${ch.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
    const variants = [
      `/mcp/${token}`,
      `/%6dcp/${token}`,
      `/%6Dcp/${token}`,
      `/MCP/${token}`,
      `/Sse/${token}`,
      `/mcp//${token}`,
      `//mcp///${token}`,
      `/mcp%2F${token}`,
      `/mcp%2f${token}`,
      `/mcp%252F${token}`,
      `/mcp/${encoded}`,
      `/sse/${token}/message?sessionId=x`,
      `/%73se/${token}/message`,
      `/mcp\\${token}`,
      `/api/connections/${token}`,
      `/anything/${token}/else`,
      `/mcp/${token}%ZZ`,
    ];
    const before = app.logs.length;
    for (const path of variants) {
      for (const method of ['GET', 'POST', 'DELETE']) {
        const response = await fetch(`${app.url}${path}`, {
          method,
          headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
          body: method === 'POST' ? '{"jsonrpc":"2.0","id":1,"method":"ping"}' : undefined,
          signal: AbortSignal.timeout(5_000),
        }).catch(() => undefined);
        // An SSE stream stays open: only its headers matter here.
        await response?.body?.cancel().catch(() => {});
      }
    }
    const written = app.logs.slice(before).join('');
    // The requests were logged (debug writes a line per request), just never with the token.
    expect(written).toContain('"msg":"request"');
    const secret = token.slice('icm_0123456789abcdef_'.length);
    for (const form of [
      token,
      secret,
      encodeURIComponent(secret),
      secret.slice(0, 20),
      encoded.slice(0, 30),
    ]) {
      expect(written).not.toContain(form);
    }
  });
});
