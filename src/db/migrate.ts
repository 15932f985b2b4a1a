import { fileURLToPath } from 'node:url';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { Database } from './client.js';

// Both src/db and dist/db sit two levels below the project root, where migrations/ lives.
const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

/** Arbitrary constant shared by every instance so that concurrent start-ups migrate one at a time. */
const MIGRATION_LOCK_ID = 727_274_001;

/** Applies pending drizzle-kit migrations under a Postgres advisory lock. */
export async function migrateDatabase(database: Database): Promise<void> {
  await database.withAdvisoryLock(MIGRATION_LOCK_ID, async (db) => {
    if (database.kind === 'pglite') {
      // biome-ignore lint/suspicious/noExplicitAny: the migrator wants the driver-specific drizzle type
      await migratePglite(db as any, { migrationsFolder });
    } else {
      // biome-ignore lint/suspicious/noExplicitAny: the migrator wants the driver-specific drizzle type
      await migratePostgres(db as any, { migrationsFolder });
    }
  });
}
