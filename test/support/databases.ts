import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SQL, sql } from 'drizzle-orm';
import postgres from 'postgres';
import type { Database } from '../../src/db/client.js';

export type DatabaseKind = 'pglite' | 'postgres';

/** The real Postgres the suite runs against (CI sets DATABASE_URL; .ci/run starts the server). */
export const postgresAdminUrl = process.env.DATABASE_URL;

/** Kinds to run database-backed suites on. In CI a missing Postgres is a failure, not a skip. */
export function databaseKinds(): DatabaseKind[] {
  if (postgresAdminUrl) return ['postgres', 'pglite'];
  if (process.env.CI) throw new Error('CI must run with DATABASE_URL pointing at the real Postgres');
  return ['pglite'];
}

export interface TestDatabase {
  kind: DatabaseKind;
  /** Env for the app: DATABASE_URL for Postgres, DATA_DIR always. */
  env: Record<string, string>;
  dispose(): Promise<void>;
}

/** A brand-new, empty database for one test file: its own Postgres database, or its own PGlite dir. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'intercom-mcp-test-'));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (kind === 'pglite') return { kind, env: { DATA_DIR: dataDir }, dispose: async () => removeDir() };
  if (!postgresAdminUrl) throw new Error('DATABASE_URL is not set');
  const name = `itest_${randomBytes(6).toString('hex')}`;
  const admin = postgres(postgresAdminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    kind,
    env: { DATABASE_URL: url.toString(), DATA_DIR: dataDir },
    async dispose() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
      removeDir();
    },
  };
}

/** Rows of a raw query: postgres.js returns an array, PGlite an object with `rows`. */
export async function rowsOf<T>(database: Database, query: SQL): Promise<T[]> {
  const result = (await database.db.execute(query)) as unknown;
  return Array.isArray(result) ? [...result] : ((result as { rows: T[] }).rows ?? []);
}

/** Every row of every table (all schemas but the catalogs), as one JSON text to search for secrets. */
export async function dumpAllRows(database: Database): Promise<string> {
  const tables = await rowsOf<{ table_schema: string; table_name: string }>(
    database,
    sql.raw(`select table_schema, table_name from information_schema.tables
             where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`),
  );
  const dump: Record<string, unknown[]> = {};
  for (const t of tables) {
    dump[`${t.table_schema}.${t.table_name}`] = await rowsOf(
      database,
      sql.raw(`select * from "${t.table_schema}"."${t.table_name}"`),
    );
  }
  return JSON.stringify(dump);
}
