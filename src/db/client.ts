import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { lockDataDir } from './data-dir-lock.js';
import * as schema from './schema.js';

export type AppDb = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Storage handle: drizzle for queries plus the few raw capabilities the app needs. */
export interface Database {
  kind: 'postgres' | 'pglite';
  db: AppDb;
  /** Runs fn while holding a session-level advisory lock on one dedicated connection. */
  withAdvisoryLock<T>(lockId: number, fn: (db: AppDb) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  /** For /metrics: the pool size, and queries plus transactions started and not yet finished. */
  stats(): { maxConnections: number; inFlight: number };
  /**
   * Subscribes to a channel; `onSubscribed` runs after the first LISTEN and after every resubscription
   * (the driver reconnects a dropped link by itself; what was notified meanwhile is lost).
   */
  listen(channel: string, onPayload: (payload: string) => void, onSubscribed?: () => void): Promise<void>;
  notify(channel: string, payload: string): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl: string | undefined;
  dataDir: string;
}

/** Opens postgres.js when a DATABASE_URL is given, otherwise an embedded PGlite under dataDir. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir);
}

/** Counts calls of `fn` that have started and not settled (a promise, or a lazy thenable query). */
class InFlight {
  count = 0;
  private readonly done = () => {
    this.count--;
  };

  wrap<A extends unknown[], R extends PromiseLike<unknown>>(fn: (...args: A) => R): (...args: A) => R {
    return (...args: A) => {
      const result = fn(...args);
      this.count++;
      result.then(this.done, this.done);
      return result;
    };
  }
}

const POOL_SIZE = 10;

function openPostgres(url: string): Database {
  const sql = postgres(url, {
    max: POOL_SIZE,
    connect_timeout: 5,
    idle_timeout: 60,
    // postgres.js waits up to 20 s between reconnect attempts by default, holding queries meanwhile;
    // during an outage requests must fail fast (503) and recover quickly, so retry within half a second.
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 0.5),
    onnotice: () => {},
    // No array-type lookup on every new connection: we store no Postgres arrays (lists are jsonb), and
    // when a connection is killed during that lookup postgres.js rejects a promise nobody awaits.
    fetch_types: false,
  });
  // Every drizzle query goes through unsafe(); a transaction holds one connection from begin() to its end.
  // (A postgres.js query runs once awaited: then() here only starts it a tick early, as drizzle's await would.)
  const inFlight = new InFlight();
  sql.unsafe = inFlight.wrap(sql.unsafe) as typeof sql.unsafe;
  sql.begin = inFlight.wrap(sql.begin) as typeof sql.begin;
  const db = drizzlePostgres(sql, { schema }) as unknown as AppDb;
  return {
    kind: 'postgres',
    db,
    stats: () => ({ maxConnections: POOL_SIZE, inFlight: inFlight.count }),
    async withAdvisoryLock(lockId, fn) {
      // A dedicated single-connection client, so the session-level lock and the work share one session.
      const session = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {}, fetch_types: false });
      try {
        await session`select pg_advisory_lock(${lockId})`;
        try {
          return await fn(drizzlePostgres(session, { schema }) as unknown as AppDb);
        } finally {
          await session`select pg_advisory_unlock(${lockId})`;
        }
      } finally {
        await session.end({ timeout: 5 });
      }
    },
    async ping() {
      await sql`select 1`;
    },
    async listen(channel, onPayload, onSubscribed) {
      await sql.listen(channel, onPayload, onSubscribed);
    },
    async notify(channel, payload) {
      await sql.notify(channel, payload);
    },
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const dir = join(dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  const lock = lockDataDir(dataDir);
  let pg: PGlite;
  try {
    pg = await PGlite.create(dir);
  } catch (error) {
    lock.release();
    throw error;
  }
  const inFlight = new InFlight();
  pg.query = inFlight.wrap(pg.query.bind(pg)) as typeof pg.query;
  pg.transaction = inFlight.wrap(pg.transaction.bind(pg)) as typeof pg.transaction;
  const db = drizzlePglite(pg, { schema }) as unknown as AppDb;
  // PGlite is one in-process session, where advisory locks are re-entrant: queue callers in JS instead.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    kind: 'pglite',
    db,
    stats: () => ({ maxConnections: 1, inFlight: inFlight.count }),
    withAdvisoryLock(_lockId, fn) {
      const run = queue.then(() => fn(db));
      queue = run.catch(() => {});
      return run;
    },
    async ping() {
      await pg.query('select 1');
    },
    async listen(channel, onPayload, onSubscribed) {
      await pg.listen(channel, onPayload);
      onSubscribed?.();
    },
    async notify(channel, payload) {
      await pg.query('select pg_notify($1, $2)', [channel, payload]);
    },
    async close() {
      try {
        await pg.close();
      } finally {
        lock.release();
      }
    },
  };
}
