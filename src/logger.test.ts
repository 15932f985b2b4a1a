import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redactUrl } from './logger.js';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger('info', sink), lines };
}

describe('logger', () => {
  it('redacts the secret segment of MCP and SSE URLs', () => {
    expect(redactUrl('/mcp/icm_0123456789abcdef_secret')).toBe('/mcp/[redacted]');
    // The query is dropped: nothing we route on is in it, and a client may put anything there.
    expect(redactUrl('/sse/icm_0123456789abcdef_secret/message?sessionId=1')).toBe('/sse/[redacted]/message');
    expect(redactUrl('/sse/message?sessionId=1')).toBe('/sse/message');
  });

  it('never writes SQL parameters of a failed query, nor token-like fields', () => {
    const { logger, lines } = capture();
    const error = Object.assign(
      new Error('Failed query: insert into x values ($1)\nparams: hash-of-secret,ciphertext'),
      {
        query: 'insert into x values ($1)',
        params: ['hash-of-secret', 'ciphertext'],
        cause: { code: '23505' },
      },
    );
    logger.error({ err: error, token: 'icm_secret', intercom_token: 'dG9rOnNlY3JldA==' }, 'failed');
    const line = lines.join('');
    expect(line).toContain('Failed query');
    expect(line).not.toContain('hash-of-secret');
    expect(line).not.toContain('icm_secret');
    expect(line).not.toContain('dG9rOnNlY3JldA==');
  });
});
