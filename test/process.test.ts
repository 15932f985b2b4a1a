import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateKeyringSpec } from '../src/tenancy/keyring.js';
import { createTestDatabase, type TestDatabase } from './support/databases.js';
import { freePort } from './support/ports.js';
import { waitForReady } from './support/ready.js';
import { canRun } from './support/requirements.js';
import { spawnServer, startServerOnFreePort } from './support/spawn-server.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'intercom-mcp-proc-'));

describe('the server process', () => {
  it('refuses to start in production without a keyring, with a clear message and no stack trace', async () => {
    const server = await spawnServer({
      NODE_ENV: 'production',
      PORT: String(await freePort()),
      DATA_DIR: tempDir(),
    });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('ENCRYPTION_KEYS is required when NODE_ENV=production');
    expect(server.output()).not.toMatch(/\n\s+at /);
  });

  it('refuses a malformed keyring in production without echoing it', async () => {
    const spec = 'k1:bm90LTMyLWJ5dGVzLWxvbmc=';
    const server = await spawnServer({ NODE_ENV: 'production', ENCRYPTION_KEYS: spec, DATA_DIR: tempDir() });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('ENCRYPTION_KEYS');
    expect(server.output()).not.toContain('bm90LTMyLWJ5dGVzLWxvbmc=');
  });

  it('lists every invalid setting at once', async () => {
    const server = await spawnServer({ PORT: 'eighty', PUBLIC_URL: 'not a url', DATA_DIR: tempDir() });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('PORT');
    expect(server.output()).toContain('PUBLIC_URL');
  });

  it('serves on the embedded database and shuts down cleanly on SIGTERM', async () => {
    const dataDir = tempDir();
    const { server, port, url } = await startServerOnFreePort({ DATA_DIR: dataDir, HOST: '127.0.0.1' });
    expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ status: 'ready', database: 'pglite' });
    expect(server.output()).toContain('generated a development keyring');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');

    // A second start reuses the data directory and the generated keyring.
    const { server: again } = await startServerOnFreePort({ DATA_DIR: dataDir, HOST: '127.0.0.1' }, port);
    expect(again.output()).not.toContain('generated a development keyring');
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  }, 150_000);
});

describe('two processes on one embedded database directory', () => {
  it('the second refuses to start with a clear message; after the first dies, a new one starts', async () => {
    const dataDir = tempDir();
    const env = { DATA_DIR: dataDir, HOST: '127.0.0.1' };
    const { server: first } = await startServerOnFreePort(env);
    const second = await spawnServer({ ...env, PORT: String(await freePort()) });
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(
      `Refusing to start: DATA_DIR ${dataDir} is in use by process ${first.child.pid}`,
    );
    expect(second.output()).not.toMatch(/\n\s+at /);
    // A crash leaves the lock file behind: the next start sees its process is gone and takes over.
    first.child.kill('SIGKILL');
    await first.exited;
    const { server: third } = await startServerOnFreePort(env);
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
  }, 150_000);
});

const INSTANCES = 'several instances on one Postgres';

describe.runIf(canRun('postgres', INSTANCES))(INSTANCES, () => {
  let database: TestDatabase;
  afterAll(async () => database?.dispose());

  it('start at the same time and migrate once under the advisory lock', async () => {
    // Empty: the instances race to migrate it.
    database = await createTestDatabase('postgres', { migrated: false });
    const keys = generateKeyringSpec('k1');
    const ports = await Promise.all([freePort(), freePort(), freePort()]);
    const servers = await Promise.all(
      ports.map((port) =>
        spawnServer({
          ...database.env,
          PORT: String(port),
          HOST: '127.0.0.1',
          ENCRYPTION_KEYS: keys,
          NODE_ENV: 'production',
        }),
      ),
    );
    try {
      await Promise.all(
        ports.map((port, i) => waitForReady(`http://127.0.0.1:${port}`, { process: servers[i] })),
      );
    } finally {
      for (const s of servers) s.child.kill('SIGTERM');
    }
    expect(await Promise.all(servers.map((s) => s.exited))).toEqual([0, 0, 0]);
    for (const s of servers) expect(s.output()).not.toMatch(/already exists|failed to start/);
  });
});
