import { Writable } from 'node:stream';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { requestLog } from './request-log.js';

function appAt(level: string) {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const app = new Hono();
  app.use(requestLog(createLogger(level, sink)));
  app.get('/mcp/:token', (c) => c.text('ok'));
  app.get('/sse/:token', (c) => c.text('broken', 500));
  app.get('/busy', (c) => c.text('database away', 503));
  return { app, lines };
}

describe('request log', () => {
  it('logs failures at info, with the secret URL segment redacted, and skips the rest', async () => {
    const { app, lines } = appAt('info');
    await app.request('/mcp/icm_0123456789abcdef_secret');
    expect(lines).toEqual([]);
    await app.request('/sse/icm_0123456789abcdef_secret');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ level: 'error', status: 500, msg: 'request' });
    expect(lines[0]).not.toContain('secret');
    // A 503 is a deliberate answer whose cause is logged once (database health), not per request.
    await app.request('/busy');
    expect(lines).toHaveLength(1);
  });

  it('logs every request at debug, redacted', async () => {
    const { app, lines } = appAt('debug');
    await app.request('/mcp/icm_0123456789abcdef_secret');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ path: '/mcp/[redacted]', status: 200 });
  });

  it('redacts every spelling of a token path in 5xx error lines', async () => {
    const { app, lines } = appAt('info');
    const token = 'icm_0123456789abcdef_Secret0123456789abcdefghijklmnopqrstuvwxyzAB';
    for (const path of [`/%73se/${token}`, `/SSE/${token}`, `/sse//${token}`, `/sse%2F${token}`]) {
      await app.request(path);
    }
    // Hono routes the percent-encoded path to /sse/:token (500); the others miss the route (404, not logged).
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).not.toContain('Secret0123456789');
  });
});
