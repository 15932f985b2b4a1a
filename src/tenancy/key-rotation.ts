import { and, eq, isNotNull, ne, notInArray } from 'drizzle-orm';
import type { AppDb } from '../db/client.js';
import { connections } from '../db/schema.js';
import type { Logger } from '../logger.js';
import type { Vault } from './vault.js';

export interface RotationReport {
  rewrapped: number;
  failed: number;
}

/**
 * Re-wraps every stored data key that is not under the keyring's active key. Safe while servers run:
 * each row is updated only if it still has the key id we read (a concurrent revoke or rotation wins),
 * and servers that hold both keys decrypt either form. Afterwards the old key can be removed.
 */
export async function rewrapDataKeys(
  db: AppDb,
  vault: Vault,
  activeKeyId: string,
  logger: Logger,
  batchSize = 200,
): Promise<RotationReport> {
  const report: RotationReport = { rewrapped: 0, failed: 0 };
  const failedIds: string[] = [];
  for (;;) {
    const rows = await db
      .select({
        id: connections.id,
        keyId: connections.keyId,
        secretCiphertext: connections.secretCiphertext,
        wrappedDataKey: connections.wrappedDataKey,
      })
      .from(connections)
      .where(
        and(
          isNotNull(connections.keyId),
          ne(connections.keyId, activeKeyId),
          failedIds.length > 0 ? notInArray(connections.id, failedIds) : undefined,
        ),
      )
      .limit(batchSize);
    if (rows.length === 0) return report;
    for (const row of rows) {
      if (!row.keyId || !row.secretCiphertext || !row.wrappedDataKey) continue;
      try {
        const next = vault.rewrap(row.id, {
          keyId: row.keyId,
          ciphertext: row.secretCiphertext,
          wrappedDataKey: row.wrappedDataKey,
        });
        await db
          .update(connections)
          .set({ wrappedDataKey: next.wrappedDataKey, keyId: next.keyId })
          .where(and(eq(connections.id, row.id), eq(connections.keyId, row.keyId)));
        report.rewrapped += 1;
      } catch (error) {
        failedIds.push(row.id);
        report.failed += 1;
        logger.error({ connectionId: row.id, keyId: row.keyId, err: error }, 'could not re-wrap a data key');
      }
    }
  }
}
