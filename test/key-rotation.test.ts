import { describe, expect, it } from 'vitest';
import { generateKeyringSpec } from '../src/tenancy/keyring.js';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { WORKSPACE_B } from './fake-intercom/seed-b.js';
import { createConnection } from './support/connections.js';
import { databaseKinds, dumpAllRows } from './support/databases.js';
import { connectClient } from './support/mcp-clients.js';
import { spawnServer } from './support/spawn-server.js';
import type { TestApp } from './support/test-app.js';
import { useTestApp } from './support/use-test-app.js';

const OLD = generateKeyringSpec('old');
const NEW = generateKeyringSpec('new');

async function keyIds(app: TestApp): Promise<string[]> {
  const rows = JSON.parse(await dumpAllRows(app.runtime.deps.database))['public.connections'] as {
    key_id: string;
  }[];
  return rows.map((r) => r.key_id).sort();
}

describe.each(databaseKinds())('keyring rotation on %s', (kind) => {
  // The app starts three times on one database, each time with another keyring.
  const { app, database, restart } = useTestApp({ database: kind, app: false });

  it('re-wraps every data key under the new key while serving, after which the old key can go', async () => {
    await restart({ ENCRYPTION_KEYS: OLD });
    const a = await createConnection(app.url, WORKSPACE_A.token);
    const b = await createConnection(app.url, WORKSPACE_B.token);
    expect(await keyIds(app)).toEqual(['old', 'old']);
    await app.close();

    // Step 1: deploy the new keyring (new key first, old key still there to decrypt).
    await restart({ ENCRYPTION_KEYS: `${NEW},${OLD}` });
    const client = await connectClient(app.url, a, 'streamable-bearer');
    // Step 2: rotate while the server runs and serves calls.
    if (kind === 'postgres') {
      const rotation = await spawnServer(
        { ...database.env, ENCRYPTION_KEYS: `${NEW},${OLD}`, NODE_ENV: 'production' },
        'cli/rotate-keys',
      );
      const [code] = await Promise.all([
        rotation.exited,
        client.callTool({ name: 'list_admins', arguments: {} }),
      ]);
      expect(code, rotation.output()).toBe(0);
      expect(rotation.output()).toContain('"rewrapped":2');
      expect(rotation.output()).not.toContain(NEW.split(':')[1]);
    } else {
      // PGlite is single-process: run the same rotation in the serving process.
      const { rewrapDataKeys } = await import('../src/tenancy/key-rotation.js');
      const { Vault } = await import('../src/tenancy/vault.js');
      const { parseKeyring } = await import('../src/tenancy/keyring.js');
      const report = await rewrapDataKeys(
        app.runtime.deps.database.db,
        new Vault(parseKeyring(`${NEW},${OLD}`)),
        'new',
        app.runtime.deps.logger,
      );
      expect(report).toEqual({ rewrapped: 2, failed: 0 });
    }
    expect(await keyIds(app)).toEqual(['new', 'new']);
    expect((await client.callTool({ name: 'list_admins', arguments: {} })).isError).toBeFalsy();
    await client.close();
    await app.close();

    // Step 3: the old key is gone; every connection still decrypts.
    await restart({ ENCRYPTION_KEYS: NEW });
    for (const created of [a, b]) {
      const c = await connectClient(app.url, created, 'streamable-bearer');
      const result = await c.callTool({ name: 'list_admins', arguments: {} });
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      await c.close();
    }
  });
});
