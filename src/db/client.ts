import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema.js';

export type AppDb = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Storage handle: drizzle for queries plus the few raw capabilities the app needs. */
export interface Database {
  kind: 'postgres' | 'pglite';
  db: AppDb;
  /** Runs fn while holding a session-level advisory lock on one dedicated connection. */
  withAdvisoryLock<T>(lockId: number, fn: (db: AppDb) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  listen(channel: string, onPayload: (payload: string) => void): Promise<void>;
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

function openPostgres(url: string): Database {
  const sql = postgres(url, {
    max: 10,
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
  const db = drizzlePostgres(sql, { schema }) as unknown as AppDb;
  return {
    kind: 'postgres',
    db,
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
    async listen(channel, onPayload) {
      await sql.listen(channel, onPayload);
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
  const pg = await PGlite.create(dir);
  const db = drizzlePglite(pg, { schema }) as unknown as AppDb;
  // PGlite is one in-process session, where advisory locks are re-entrant: queue callers in JS instead.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    kind: 'pglite',
    db,
    withAdvisoryLock(_lockId, fn) {
      const run = queue.then(() => fn(db));
      queue = run.catch(() => {});
      return run;
    },
    async ping() {
      await pg.query('select 1');
    },
    async listen(channel, onPayload) {
      await pg.listen(channel, onPayload);
    },
    async notify(channel, payload) {
      await pg.query('select pg_notify($1, $2)', [channel, payload]);
    },
    async close() {
      await pg.close();
    },
  };
}
