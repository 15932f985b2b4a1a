import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type SQL, sql } from 'drizzle-orm';
import postgres from 'postgres';
import type { Database } from '../../src/db/client.js';
import { pgliteTemplate, postgresTemplate } from './database-templates.js';
import { noteSkip } from './suite-log.js';

export type DatabaseKind = 'pglite' | 'postgres';

/** The real Postgres the suite runs against (CI sets DATABASE_URL; .ci/run starts the server). */
export const postgresAdminUrl = process.env.DATABASE_URL;

/** Kinds to run database-backed suites on. In CI a missing Postgres is a failure, not a skip. */
export function databaseKinds(): DatabaseKind[] {
  if (postgresAdminUrl) return ['postgres', 'pglite'];
  if (process.env.CI) throw new Error('CI must run with DATABASE_URL pointing at the real Postgres');
  noteSkip('the Postgres variants of the database suites (PGlite only): DATABASE_URL is not set');
  return ['pglite'];
}

export interface TestDatabase {
  kind: DatabaseKind;
  /** Env for the app: DATABASE_URL for Postgres, DATA_DIR always. */
  env: Record<string, string>;
  dispose(): Promise<void>;
}

export interface DatabaseOptions {
  /** The Postgres server to create a database on (a URL with rights to create databases). */
  adminUrl?: string;
  /** Name prefix of the Postgres database (`itest` for tests, `bench` for the benchmark). */
  prefix?: string;
  /**
   * true: the current migrations are already applied, copied from a template migrated once (a PGlite
   * start on an empty directory runs initdb in WebAssembly: seconds). false: empty, as a first deployment.
   */
  migrated?: boolean;
}

/** A database of its own: a new Postgres database, or a PGlite directory. Shared by tests and bench. */
export async function createDatabase(
  kind: DatabaseKind,
  options: DatabaseOptions = {},
): Promise<TestDatabase> {
  const { adminUrl, prefix = 'itest', migrated = false } = options;
  const dataDir = mkdtempSync(join(tmpdir(), `intercom-mcp-${prefix}-`));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (kind === 'pglite') {
    // cp(1) copies the thousand files of a PGlite directory in a third of the time fs.cpSync takes.
    if (migrated) await promisify(execFile)('cp', ['-R', await pgliteTemplate(), join(dataDir, 'pglite')]);
    return { kind, env: { DATA_DIR: dataDir }, dispose: async () => removeDir() };
  }
  if (!adminUrl) throw new Error('a Postgres database needs DATABASE_URL');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const template = migrated ? ` template ${await postgresTemplate(adminUrl)}` : '';
  await admin.unsafe(`create database ${name}${template}`);
  const url = new URL(adminUrl);
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

/**
 * A database for one test file on the suite's Postgres (DATABASE_URL) or PGlite, with the migrations
 * applied unless `migrated: false` (tests of migrating itself want an empty one).
 */
export function createTestDatabase(
  kind: DatabaseKind,
  options: { migrated?: boolean } = {},
): Promise<TestDatabase> {
  return createDatabase(kind, { adminUrl: postgresAdminUrl, migrated: options.migrated ?? true });
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
