import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { DatabaseHealth } from './health.js';

function capture() {
  const lines: { level: string; msg: string; cause?: string; downtimeMs?: number }[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: createLogger('debug', sink) };
}

/** What drizzle throws when postgres.js cannot connect: the SQL in the message, the driver error as cause. */
function outageError(): Error {
  const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  return new Error(
    'Failed query: select "token_hash" from "connections" where "id" = $1\nparams: secret-id',
    {
      cause,
    },
  );
}

describe('database health', () => {
  it('logs one warn per outage with the cause, never the SQL, and one info when a probe finds it back', async () => {
    const { lines, logger } = capture();
    let answering = false;
    const health = new DatabaseHealth(
      { kind: 'postgres', ping: async () => (answering ? undefined : Promise.reject(outageError())) },
      logger,
      20,
    );
    for (let i = 0; i < 50; i++) expect(health.noteError(outageError())).toBe(true);
    expect(health.up).toBe(false);
    await new Promise((r) => setTimeout(r, 100)); // several failed probes: still silent
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'warn',
      cause: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:5432',
    });
    expect(JSON.stringify(lines)).not.toMatch(/select|secret-id|stack/);

    answering = true;
    await expect.poll(() => lines.length).toBe(2);
    expect(lines[1]).toMatchObject({ level: 'info', msg: 'database available again' });
    expect(lines[1]?.downtimeMs).toBeGreaterThan(0);
    expect(health.up).toBe(true);
    health.noteSuccess();
    expect(lines).toHaveLength(2);

    // A second outage is announced again.
    answering = false;
    health.noteError(outageError());
    expect(lines).toHaveLength(3);
    health.close();
  });

  it('leaves errors that are not an outage to the caller', () => {
    const { lines, logger } = capture();
    const health = new DatabaseHealth({ kind: 'pglite', ping: async () => {} }, logger);
    const syntax = Object.assign(new Error('syntax error'), { code: '42601' });
    expect(health.noteError(syntax)).toBe(false);
    expect(health.noteError(new Error('boom'))).toBe(false);
    expect(health.up).toBe(true);
    expect(lines).toEqual([]);
    health.close();
  });
});
