import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { type Runtime, startRuntime } from '../../src/runtime.js';
import { generateKeyringSpec } from '../../src/tenancy/keyring.js';
import type { TestDatabase } from './databases.js';
import { freePort } from './ports.js';
import { appendSuiteLog, recordSecret } from './suite-log.js';

export interface TestApp {
  url: string;
  runtime: Runtime;
  /** Every log line the app wrote, for assertions that secrets never reach the log. */
  logs: string[];
  encryptionKeys: string;
  close(): Promise<void>;
}

/**
 * One generated keyring per database: a restart on the same database holds the same key, as a real
 * deployment does (the server refuses to start with another key under a known key id).
 */
const keyrings = new Map<string, string>();
function defaultKeyring(database: TestDatabase): string {
  const key = JSON.stringify(database.env);
  const spec = keyrings.get(key) ?? generateKeyringSpec('test1');
  keyrings.set(key, spec);
  return spec;
}

/** Starts the real app in-process on a free loopback port with a real database and captured logs. */
export async function startTestApp(options: {
  database: TestDatabase;
  intercomUrl: string;
  env?: Record<string, string>;
}): Promise<TestApp> {
  const port = await freePort();
  const encryptionKeys = options.env?.ENCRYPTION_KEYS ?? defaultKeyring(options.database);
  for (const entry of encryptionKeys.split(',')) recordSecret(entry.split(':')[1] ?? '');
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    INTERCOM_API_BASE_URL: options.intercomUrl,
    ENCRYPTION_KEYS: encryptionKeys,
    LOG_LEVEL: 'debug',
    ...options.database.env,
    ...options.env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      appendSuiteLog(String(chunk));
      done();
    },
  });
  const runtime = await startRuntime(config, createLogger(config.logLevel, sink));
  return { url: runtime.url, runtime, logs, encryptionKeys, close: () => runtime.close() };
}
