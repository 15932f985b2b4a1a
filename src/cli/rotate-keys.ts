import { ConfigError, loadConfig } from '../config.js';
import { type AppDb, openDatabase } from '../db/client.js';
import { DataDirInUseError } from '../db/data-dir-lock.js';
import { migrateDatabase } from '../db/migrate.js';
import { createLogger, type Logger } from '../logger.js';
import { rewrapDataKeys } from '../tenancy/key-rotation.js';
import { KeyringError, keyringFromConfig } from '../tenancy/keyring.js';
import { keyLastSeen, verifyKeyring } from '../tenancy/keyring-check.js';
import { Vault } from '../tenancy/vault.js';

/**
 * Servers record a canary for each key they start with: none for the new key means no server holds it
 * yet, and every connection re-wrapped now would fail to decrypt on them until they restart with it.
 */
async function warnIfServersMayLackKey(db: AppDb, keyId: string, logger: Logger): Promise<void> {
  const seen = await keyLastSeen(db, keyId);
  if (!seen) {
    logger.warn(
      { activeKeyId: keyId },
      `no server has started with key "${keyId}" yet: servers without it cannot decrypt what this re-wraps. ` +
        'Deploy ENCRYPTION_KEYS with it first on every server, old key after it, then run this again.',
    );
  } else {
    logger.warn(
      { activeKeyId: keyId, lastServerStart: seen.toISOString() },
      `every server must hold key "${keyId}" before this runs: a server started before it was deployed cannot ` +
        'decrypt what this re-wraps until it restarts',
    );
  }
}

/**
 * `npm run keys:rotate`: with ENCRYPTION_KEYS listing the new key first and the old ones after,
 * re-wraps every stored data key under the new key. Exits 0 when nothing is left under an old key.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const keyring = keyringFromConfig(config, (message) => logger.warn(message));
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateDatabase(database);
    const vault = new Vault(keyring);
    // Refuses (KeyringError naming the key id) while some stored key cannot be decrypted with these keys.
    await verifyKeyring(database.db, vault, keyring, { record: false });
    await warnIfServersMayLackKey(database.db, keyring.activeKeyId, logger);
    const report = await rewrapDataKeys(database.db, vault, keyring.activeKeyId, logger);
    logger.info({ ...report, activeKeyId: keyring.activeKeyId }, 'key rotation finished');
    return report.failed === 0 ? 0 : 2;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    const known =
      error instanceof ConfigError || error instanceof KeyringError || error instanceof DataDirInUseError;
    process.stderr.write(`${known ? error.message : 'key rotation failed'}\n`);
    if (!known) process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
