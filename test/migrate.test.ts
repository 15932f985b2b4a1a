import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { createTestDatabase, type TestDatabase } from './support/databases.js';
import { canRun } from './support/requirements.js';

const journal = JSON.parse(
  readFileSync(new URL('../migrations/meta/_journal.json', import.meta.url), 'utf8'),
) as {
  entries: unknown[];
};

const SUITE = 'migrations on Postgres';

describe.runIf(canRun('postgres', SUITE))(SUITE, () => {
  let database: TestDatabase;
  afterAll(async () => database?.dispose());

  it('apply once when many instances migrate the same empty database at the same moment', async () => {
    database = await createTestDatabase('postgres', { migrated: false });
    const handles = await Promise.all(
      Array.from({ length: 6 }, () =>
        openDatabase({ databaseUrl: database.env.DATABASE_URL, dataDir: database.env.DATA_DIR as string }),
      ),
    );
    try {
      await Promise.all(handles.map((h) => migrateDatabase(h)));
      const applied = (await handles[0]?.db.execute(
        'select count(*)::int as n from drizzle.__drizzle_migrations',
      )) as unknown as { n: number }[];
      expect(applied[0]?.n).toBe(journal.entries.length);
    } finally {
      await Promise.all(handles.map((h) => h.close()));
    }
  });
});
