import { describe, expect, it } from 'vitest';
import { generateKeyringSpec, KeyringError } from '../src/tenancy/keyring.js';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { createConnection } from './support/connections.js';
import { databaseKinds } from './support/databases.js';
import { spawnServer } from './support/spawn-server.js';
import { useTestApp } from './support/use-test-app.js';

/** A start that must be refused: the error, or a failure if the app started. */
async function refusedStart(start: Promise<unknown>): Promise<Error> {
  const outcome = await start.then(
    () => new Error('the app started'),
    (error: unknown) => error as Error,
  );
  expect(outcome).toBeInstanceOf(KeyringError);
  return outcome;
}

/**
 * A wrong keyring used to start "ready" and then answer 500 to every call. The server now checks its keys
 * against the database first (a canary per key id, sample stored keys) and refuses, naming the key id.
 */
describe.each(databaseKinds())('the keyring is checked against stored data at start on %s', (kind) => {
  const { app, restart, database } = useTestApp({ database: kind, app: false });
  const FIRST = generateKeyringSpec('k1');
  const IMPOSTOR = generateKeyringSpec('k1');
  const OTHER = generateKeyringSpec('k2');

  // Several starts of the app per test: slow on a loaded machine (PGlite starts take seconds), not timed.
  it('refuses another key under a known key id, even before any connection exists (canary)', {
    timeout: 180_000,
  }, async () => {
    await restart({ ENCRYPTION_KEYS: FIRST }, { freshDatabase: true });
    await app.close();
    const error = await refusedStart(restart({ ENCRYPTION_KEYS: IMPOSTOR }));
    expect(error.message).toContain('"k1"');
    expect(error.message).not.toContain(IMPOSTOR.split(':')[1]);
    // The right key still starts.
    await restart({ ENCRYPTION_KEYS: FIRST });
    await app.close();
  });

  it('refuses a keyring missing the key id stored Intercom keys are sealed under, and a wrong key for them', {
    timeout: 180_000,
  }, async () => {
    await restart({ ENCRYPTION_KEYS: FIRST }, { freshDatabase: true });
    await createConnection(app.url, WORKSPACE_A.token);
    await app.close();
    const missing = await refusedStart(restart({ ENCRYPTION_KEYS: OTHER }));
    expect(missing.message).toContain('"k1"');
    expect(missing.message).toContain('does not hold');
    // Stored data sealed before canaries existed: the sample of stored keys still catches a wrong key.
    const { keyringCanaries } = await import('../src/db/schema.js');
    await restart({ ENCRYPTION_KEYS: FIRST });
    await app.runtime.deps.database.db.delete(keyringCanaries);
    await app.close();
    const wrong = await refusedStart(restart({ ENCRYPTION_KEYS: IMPOSTOR }));
    expect(wrong.message).toContain('"k1"');
    // The old key listed after a new one keeps working (the first step of a rotation).
    await restart({ ENCRYPTION_KEYS: `${OTHER},${FIRST}` });
    await app.close();
  });

  it.runIf(kind === 'postgres')(
    'keys:rotate refuses keys that cannot decrypt, and warns about an unseen new key',
    { timeout: 180_000 },
    async () => {
      await restart({ ENCRYPTION_KEYS: FIRST }, { freshDatabase: true });
      await createConnection(app.url, WORKSPACE_A.token);
      await app.close();
      const env = { ...database.env, NODE_ENV: 'test' };
      const refused = await spawnServer(
        { ...env, ENCRYPTION_KEYS: `${OTHER},${IMPOSTOR}` },
        'cli/rotate-keys',
      );
      expect(await refused.exited, refused.output()).not.toBe(0);
      expect(refused.output()).toContain('"k1"');
      expect(refused.output()).not.toContain('rewrapped');
      // No server has started with k2: the rotation warns (and still runs: the operator may know better).
      const unseen = await spawnServer({ ...env, ENCRYPTION_KEYS: `${OTHER},${FIRST}` }, 'cli/rotate-keys');
      expect(await unseen.exited, unseen.output()).toBe(0);
      expect(unseen.output()).toContain('no server has started with key \\"k2\\"');
      expect(unseen.output()).toContain('"rewrapped":1');
    },
  );
});
