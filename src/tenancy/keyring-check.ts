import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { AppDb } from '../db/client.js';
import { connections, keyringCanaries } from '../db/schema.js';
import { type Keyring, KeyringError } from './keyring.js';
import type { Vault } from './vault.js';

/** Stored keys sampled per key id: one damaged row must not stop the service, a wrong key fails them all. */
const SAMPLES_PER_KEY = 3;

export interface KeyringCheckOptions {
  /**
   * Servers record a canary for each key they hold (and when they last started with it); `keys:rotate`
   * only checks, so that a canary keeps meaning "a server has held this key".
   */
  record: boolean;
}

/**
 * Checks the configured keyring against the database before anything is served: every key id stored
 * Intercom keys are sealed under must be held, each held key must unwrap the stored keys sealed under
 * its id and open its canary. Throws KeyringError naming the key id (never key material).
 */
export async function verifyKeyring(
  db: AppDb,
  vault: Vault,
  keyring: Keyring,
  options: KeyringCheckOptions,
): Promise<void> {
  const needed = await db
    .selectDistinct({ keyId: connections.keyId })
    .from(connections)
    .where(isNotNull(connections.keyId));
  for (const { keyId } of needed) {
    if (keyId && !keyring.keys.has(keyId)) {
      throw new KeyringError(
        `stored Intercom keys are sealed under key id "${keyId}", which ENCRYPTION_KEYS does not hold; ` +
          'list it again (after the active key) until `npm run keys:rotate` has re-wrapped them',
      );
    }
  }
  for (const keyId of keyring.keys.keys()) {
    await checkStoredKeys(db, vault, keyId);
    await checkCanary(db, vault, keyId, options.record);
  }
}

const wrongKey = (keyId: string, what: string) =>
  new KeyringError(
    `ENCRYPTION_KEYS key "${keyId}" is not the key ${what} sealed under that id; restore the right key ` +
      '(a new key needs a new key id)',
  );

async function checkStoredKeys(db: AppDb, vault: Vault, keyId: string): Promise<void> {
  const rows = await db
    .select({
      id: connections.id,
      ciphertext: connections.secretCiphertext,
      wrapped: connections.wrappedDataKey,
    })
    .from(connections)
    .where(and(eq(connections.keyId, keyId), isNotNull(connections.wrappedDataKey)))
    .limit(SAMPLES_PER_KEY);
  if (rows.length === 0) return;
  const opens = rows.some((row) =>
    vault.unwraps(row.id, { keyId, ciphertext: row.ciphertext ?? '', wrappedDataKey: row.wrapped ?? '' }),
  );
  if (!opens) throw wrongKey(keyId, 'the stored Intercom keys were');
}

async function checkCanary(db: AppDb, vault: Vault, keyId: string, record: boolean): Promise<void> {
  if (record) {
    // First holder writes it; a racing instance with another key under the same id loses and is refused below.
    await db
      .insert(keyringCanaries)
      .values({ keyId, canary: vault.sealCanary(keyId) })
      .onConflictDoNothing();
  }
  const [row] = await db.select().from(keyringCanaries).where(eq(keyringCanaries.keyId, keyId)).limit(1);
  if (!row) return;
  if (!vault.opensCanary(keyId, row.canary)) throw wrongKey(keyId, 'this database has a canary');
  if (record) {
    await db.update(keyringCanaries).set({ seenAt: sql`now()` }).where(eq(keyringCanaries.keyId, keyId));
  }
}

/** When a server last started holding `keyId`, or null if none has recorded it (see verifyKeyring). */
export async function keyLastSeen(db: AppDb, keyId: string): Promise<Date | null> {
  const [row] = await db
    .select({ seenAt: keyringCanaries.seenAt })
    .from(keyringCanaries)
    .where(eq(keyringCanaries.keyId, keyId))
    .limit(1);
  return row?.seenAt ?? null;
}
