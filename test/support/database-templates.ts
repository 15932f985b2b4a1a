import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { openDatabase } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrate.js';

// Databases with the migrations already applied, made once and copied per test file: a PGlite start on an
// empty directory runs initdb in WebAssembly (about 6 s), and migrating a Postgres database costs ~0.4 s.
// A template is named by what the schema depends on (the migration files, the drizzle and PGlite
// versions), so a changed migration makes a new one; templates are kept between runs for the same reason.

const root = fileURLToPath(new URL('../..', import.meta.url));

function filesBelow(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesBelow(path) : [path];
    });
}

let key: string | undefined;

/** A short hash of the migration files and the versions of the code that applies them. */
export function schemaKey(): string {
  if (key) return key;
  const hash = createHash('sha256');
  for (const file of filesBelow(join(root, 'migrations'))) {
    hash.update(relative(root, file));
    hash.update(readFileSync(file));
  }
  for (const pkg of ['drizzle-orm', '@electric-sql/pglite']) {
    hash.update(readFileSync(join(root, 'node_modules', pkg, 'package.json')));
  }
  key = hash.digest('hex').slice(0, 12);
  return key;
}

let pglite: Promise<string> | undefined;

/** The directory of a migrated PGlite database, to copy to `<DATA_DIR>/pglite`. */
export function pgliteTemplate(): Promise<string> {
  pglite ??= buildPgliteTemplate();
  return pglite;
}

async function buildPgliteTemplate(): Promise<string> {
  const target = join(tmpdir(), `intercom-mcp-pglite-template-${schemaKey()}`);
  if (existsSync(target)) return target;
  const work = mkdtempSync(join(tmpdir(), 'intercom-mcp-pglite-build-'));
  try {
    const database = await openDatabase({ databaseUrl: undefined, dataDir: work });
    try {
      await migrateDatabase(database);
    } finally {
      await database.close();
    }
    // Atomic: a process that copies the template never sees half of it. Two builders may race: one wins.
    try {
      renameSync(join(work, 'pglite'), target);
    } catch (error) {
      if (!existsSync(target)) throw error;
    }
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const postgresTemplates = new Map<string, Promise<string>>();

/** The name of a migrated database on the server of `adminUrl`, to create databases from. */
export function postgresTemplate(adminUrl: string): Promise<string> {
  let template = postgresTemplates.get(adminUrl);
  if (!template) {
    template = buildPostgresTemplate(adminUrl);
    postgresTemplates.set(adminUrl, template);
  }
  return template;
}

/** Any constant: builders in concurrent test processes take turns. */
const TEMPLATE_LOCK = 727_274_019;

async function buildPostgresTemplate(adminUrl: string): Promise<string> {
  const name = `itest_template_${schemaKey()}`;
  // One connection: the session-level advisory lock and the checks share it; ending it releases the lock.
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin`select pg_advisory_lock(${TEMPLATE_LOCK})`;
    const existing = await admin`select 1 from pg_database where datname = ${name}`;
    if (existing.length > 0) return name;
    const work = `itest_template_build_${randomBytes(6).toString('hex')}`;
    await admin.unsafe(`create database ${work}`);
    try {
      const url = new URL(adminUrl);
      url.pathname = `/${work}`;
      const database = await openDatabase({ databaseUrl: url.toString(), dataDir: tmpdir() });
      try {
        await migrateDatabase(database);
      } finally {
        await database.close();
      }
      // Created under its final name only when complete; no session may stay connected to a template.
      await admin.unsafe(`alter database ${work} rename to ${name}`);
    } catch (error) {
      await admin.unsafe(`drop database if exists ${work} with (force)`);
      throw error;
    }
    return name;
  } finally {
    await admin.end();
  }
}
