import { generateKeyringSpec } from '../../src/tenancy/keyring.js';
import type { TestDatabase } from './databases.js';
import { freePort } from './ports.js';
import { PostgresLink } from './postgres-link.js';
import { waitForReady } from './ready.js';
import { RoundRobinProxy } from './round-robin-proxy.js';
import { type SpawnedServer, spawnServer } from './spawn-server.js';
import { recordSecret } from './suite-log.js';

export interface Instance {
  url: string;
  server: SpawnedServer;
  /** This instance's own link to Postgres, which a test may cut. */
  link: PostgresLink;
  env: Record<string, string>;
}

export interface Cluster {
  instances: Instance[];
  proxy: RoundRobinProxy;
  /** The public URL every instance advertises: the proxy. */
  url: string;
  /** Stops instance `index` (SIGTERM: it drains) and starts it again on its port with `env` added. */
  restart(index: number, env: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

/**
 * `count` server processes on one Postgres database, each through a link of its own, behind a
 * round-robin proxy that is their PUBLIC_URL. `env` is added to every instance's settings.
 */
export async function startCluster(
  database: TestDatabase,
  count: number,
  env: Record<string, string> = {},
): Promise<Cluster> {
  const databaseUrl = database.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('a cluster needs a Postgres database');
  const keys = env.ENCRYPTION_KEYS ?? generateKeyringSpec('cluster');
  for (const spec of keys.split(',')) recordSecret(spec.split(':')[1] ?? '');
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  // A test may speak for several client addresses: the proxy forwards X-Test-Client as the caller's.
  const proxy = await RoundRobinProxy.start(
    ports.map((port) => `http://127.0.0.1:${port}`),
    { forwardedFor: (headers) => headers['x-test-client'] as string | undefined },
  );
  const instances = await Promise.all(
    ports.map(async (port) => {
      const link = await PostgresLink.open(databaseUrl);
      const instanceEnv = {
        ...database.env,
        DATABASE_URL: link.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: proxy.url,
        TRUST_PROXY: '1',
        NODE_ENV: 'test',
        ENCRYPTION_KEYS: keys,
        ...env,
      };
      const server = await spawnServer(instanceEnv);
      return { url: `http://127.0.0.1:${port}`, server, link, env: instanceEnv };
    }),
  );
  const close = async () => {
    await proxy.close();
    for (const instance of instances) {
      instance.server.child.kill('SIGKILL');
      await instance.server.exited;
      await instance.link.close();
    }
  };
  try {
    await Promise.all(instances.map((i) => waitForReady(i.url, { process: i.server })));
  } catch (error) {
    await close();
    throw error;
  }
  const restart = async (index: number, env: Record<string, string>) => {
    const instance = instances[index] as Instance;
    instance.server.child.kill('SIGTERM');
    await instance.server.exited;
    instance.env = { ...instance.env, ...env };
    instance.server = await spawnServer(instance.env);
    await waitForReady(instance.url, { process: instance.server });
  };
  return { instances, proxy, url: proxy.url, restart, close };
}
