import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../src/db/client.js';
import { IntercomBudgetStore } from '../src/db/intercom-budget-store.js';
import { RateLimitRegistry } from '../src/intercom/rate-limit.js';
import { createTestDatabase, databaseKinds, type TestDatabase } from './support/databases.js';

const headers = (limit: number, remaining: number, reset: number) =>
  new Headers({
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset': String(reset),
  });

describe.each(databaseKinds())('Intercom pacing shared by instances on %s', (kind) => {
  let test: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    database = await openDatabase({
      databaseUrl: test.env.DATABASE_URL,
      dataDir: test.env.DATA_DIR as string,
    });
  });
  afterAll(async () => {
    await database?.close();
    await test?.dispose();
  });

  /** Three instances that saw the same answer, spending in turn until each is told to wait. */
  async function granted(shared: boolean): Promise<number> {
    const now = Date.now();
    const reset = Math.floor(now / 1000) + 10;
    const store = shared ? new IntercomBudgetStore(database.db) : undefined;
    const instances = [0, 1, 2].map(() => new RateLimitRegistry(() => now, store));
    for (const registry of instances) registry.record(`ws-${shared}`, headers(100, 15, reset));
    let calls = 0;
    const waiting = new Set<number>();
    while (waiting.size < instances.length) {
      for (const [i, registry] of instances.entries()) {
        if (waiting.has(i)) continue;
        if ((await registry.acquireShared(`ws-${shared}`)) > 0) waiting.add(i);
        else calls++;
      }
    }
    return calls;
  }

  it('lets N instances together send no more than one would in the end of a window', async () => {
    // One instance alone may send 13 of the 15 left (2 are kept in reserve).
    expect(await granted(false)).toBe(39);
    expect(await granted(true)).toBe(13);
  });
});
