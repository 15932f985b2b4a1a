import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { FULL_SCOPES, parseStoredScopes } from '../src/tenancy/scopes.js';
import { createTestDatabase, databaseKinds, rowsOf, type TestDatabase } from './support/databases.js';

const migrations = fileURLToPath(new URL('../migrations', import.meta.url));

/** The migrations folder as it was before scopes existed (every migration before *_connection_scopes). */
function migrationsBeforeScopes(): string {
  const dir = mkdtempSync(join(tmpdir(), 'intercom-mcp-migrations-'));
  cpSync(migrations, dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const index = journal.entries.findIndex((e) => e.tag.endsWith('_connection_scopes'));
  expect(index).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, index);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

describe.each(databaseKinds())('the scopes migration on %s', (kind) => {
  let database: TestDatabase;
  let oldFolder: string;

  beforeAll(async () => {
    database = await createTestDatabase(kind, { migrated: false });
    oldFolder = migrationsBeforeScopes();
  });
  afterAll(async () => {
    await database?.dispose();
    rmSync(oldFolder, { recursive: true, force: true });
  });

  it('gives connections made before scopes existed full access, so no tool disappears', async () => {
    const db = await openDatabase({
      databaseUrl: database.env.DATABASE_URL,
      dataDir: database.env.DATA_DIR as string,
    });
    try {
      // biome-ignore lint/suspicious/noExplicitAny: the migrator wants the driver-specific drizzle type
      const migrateOld = (kind === 'pglite' ? migratePglite : migratePostgres) as any;
      await migrateOld(db.db, { migrationsFolder: oldFolder });
      await db.db.execute(sql`
        insert into connections (id, workspace_id, workspace_name, region, admin_id, admin_name,
          token_lookup_id, token_hash)
        values ('legacy-1', 'ws1', 'Legacy', 'us', '1', 'Admin', 'lookup-1', 'hash')`);
      await migrateDatabase(db);
      const rows = await rowsOf<{ scopes: string }>(
        db,
        sql`select scopes from connections where id = 'legacy-1'`,
      );
      expect(rows).toHaveLength(1);
      expect(parseStoredScopes(rows[0]?.scopes as string)).toBe(FULL_SCOPES);
      // New rows must choose: the column has no default.
      await expect(
        db.db.execute(sql`
          insert into connections (id, workspace_id, workspace_name, region, admin_id, admin_name,
            token_lookup_id, token_hash)
          values ('new-1', 'ws1', 'New', 'us', '1', 'Admin', 'lookup-2', 'hash')`),
      ).rejects.toThrow();
    } finally {
      await db.close();
    }
    // An empty PGlite starts with initdb in WebAssembly, here twice over: slow on a busy machine.
  }, 120_000);
});
