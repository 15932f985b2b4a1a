import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { type FakeIntercom, startFakeIntercom } from '../fake-intercom/index.js';
import { type CreatedConnection, createConnection } from './connections.js';
import { createTestDatabase, type DatabaseKind, databaseKinds, type TestDatabase } from './databases.js';
import { startTestApp, type TestApp } from './test-app.js';

export interface TestAppOptions {
  /** Settings for the app on top of the test defaults (see startTestApp). */
  env?: Record<string, string>;
  /**
   * The database: a kind (default: the suite's first, Postgres when DATABASE_URL is set), migrated and
   * dropped at the end; or a function that makes one of the test's own (it disposes it too).
   */
  database?: DatabaseKind | (() => Promise<TestDatabase>);
  /** Workspaces to connect through the public API once the app runs (their Intercom tokens). */
  workspaces?: { token: string }[];
  /** false: no app in this process (tests that spawn servers); the fake and database are still set up. */
  app?: boolean;
  /** Where the app reaches Intercom; by default the fake itself (a stub in front of it, for instance). */
  intercomUrl?: (fake: FakeIntercom) => string | Promise<string>;
  /** After each test, fail if the fake saw a request it does not implement (default true). */
  checkUnhandled?: boolean;
}

export interface TestAppFixture {
  /** The fake Intercom; reset (requests, faults, rate-limit windows) before each test. */
  fake: FakeIntercom;
  /** The app of the moment (replaced by `restart`). */
  app: TestApp;
  database: TestDatabase;
  /** Connections of `workspaces`, in their order. */
  connections: CreatedConnection[];
  /** The first of them. */
  connection: CreatedConnection;
  /**
   * Closes the running app (if any) and starts another with `env` added, on the same database or, with
   * `freshDatabase`, on one no app has used yet, of the same kind (then `database` is that one).
   */
  restart(env?: Record<string, string>, options?: { freshDatabase?: boolean }): Promise<TestApp>;
  /** One more database for this file, disposed with the rest (tests that need a fresh one each). */
  newDatabase(kind?: DatabaseKind, options?: { migrated?: boolean }): Promise<TestDatabase>;
}

/**
 * The one fixture of the integration tests: the fake Intercom, a database of the file's own, the app
 * on it (in this process, on a loopback port, logs captured), connected workspaces, the fake's reset
 * between tests and the teardown. Call it at the top level of a test file or inside a describe.
 *
 * `fake`, `app` and `database` are the same objects for the whole file, filled in before the first test,
 * so they can be destructured once: `const { app, fake } = useTestApp({ env: { ... } })`.
 */
export function useTestApp(options: TestAppOptions = {}): TestAppFixture {
  const fake = {} as FakeIntercom;
  const app = {} as TestApp;
  const database = {} as TestDatabase;
  const connections: CreatedConnection[] = [];
  const connection = {} as CreatedConnection;
  let first: TestDatabase | undefined;
  const extraDatabases: TestDatabase[] = [];
  let running: TestApp | undefined;
  let databaseUsed = false;
  let intercomUrl = '';

  const newDatabase = async (kind: DatabaseKind = databaseKinds()[0] ?? 'pglite', migrated = true) => {
    const created = await createTestDatabase(kind, { migrated });
    extraDatabases.push(created);
    return created;
  };

  const restart: TestAppFixture['restart'] = async (env = {}, restartOptions = {}) => {
    await running?.close();
    running = undefined;
    if (restartOptions.freshDatabase && databaseUsed)
      Object.assign(database, await newDatabase(database.kind));
    databaseUsed = true;
    running = await startTestApp({ database, intercomUrl, env: { ...options.env, ...env } });
    return Object.assign(app, running);
  };

  beforeAll(async () => {
    Object.assign(fake, await startFakeIntercom());
    const { database: choice = databaseKinds()[0] ?? 'pglite' } = options;
    first = typeof choice === 'function' ? await choice() : await createTestDatabase(choice);
    Object.assign(database, first);
    intercomUrl = (await options.intercomUrl?.(fake)) ?? fake.url;
    if (options.app === false) return;
    await restart();
    for (const workspace of options.workspaces ?? []) {
      connections.push(await createConnection(app.url, workspace.token));
    }
    Object.assign(connection, connections[0]);
  });
  beforeEach(() => fake.reset());
  if (options.checkUnhandled !== false) {
    // The fake answers 501 to anything it does not implement: no test may have reached such a route.
    afterEach(() => {
      expect(fake.unhandled, 'requests the fake Intercom does not implement').toEqual([]);
    });
  }
  afterAll(async () => {
    await running?.close();
    for (const extra of extraDatabases) await extra.dispose();
    await first?.dispose();
    await fake.close?.();
  });

  return {
    fake,
    app,
    database,
    connections,
    connection,
    restart,
    newDatabase: (kind, databaseOptions = {}) => newDatabase(kind, databaseOptions.migrated ?? true),
  };
}
