import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { migrateDatabase } from '../db/migrate.js';
import { createLogger } from '../logger.js';
import { rewrapDataKeys } from '../tenancy/key-rotation.js';
import { KeyringError, keyringFromConfig } from '../tenancy/keyring.js';
import { Vault } from '../tenancy/vault.js';

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
    const report = await rewrapDataKeys(database.db, new Vault(keyring), keyring.activeKeyId, logger);
    logger.info({ ...report, activeKeyId: keyring.activeKeyId }, 'key rotation finished');
    return report.failed === 0 ? 0 : 2;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    const message =
      error instanceof ConfigError || error instanceof KeyringError ? error.message : 'key rotation failed';
    process.stderr.write(`${message}\n`);
    if (!(error instanceof ConfigError || error instanceof KeyringError))
      process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
