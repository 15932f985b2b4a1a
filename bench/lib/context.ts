// What every section measures against: the fake Intercom, two load generators, the bare proxy, the app
// on a fresh database with three connections, and the two operations with their upstream calls.
import { randomBytes } from 'node:crypto';
import { createDatabase, type DatabaseKind } from '../../test/support/databases.js';
import type { LoadSpec } from '../loadgen.js';
import { type App, type AppOptions, type BenchDatabase, type Connection, connect, startApp } from './app.js';
import { LoadGen } from './load.js';
import { SERVER_NODE_FLAGS } from './node-flags.js';
import { checkVariantsAnswer, loadSpec, type Op, operations, upstreamSteps } from './operations.js';
import { type Child, firstJsonLine, spawnNode } from './processes.js';
import { adminUrl, appEnvFromSettings, dbKind, log } from './settings.js';

export interface FakeInfo {
  url: string;
  controlUrl: string;
  workspaces: Record<'main' | 'flood' | 'normal', { id: string; token: string; contactIds: string[] }>;
}

export type { Op };

export type Variant = 'a' | 'b' | 'c';

export interface BenchContext {
  fake: FakeInfo;
  fakeProc: Child;
  loadgen: LoadGen;
  /** A second load generator, for a flood running while the first measures. */
  loadgen2: LoadGen;
  proxy: { url: string };
  proxyProc: Child;
  /** The app the sections share; undefined once they are done with it (see Section.withApp). */
  app: App | undefined;
  /** How to start another app like it (another database, other settings, a profiler). */
  appOptions: AppOptions;
  /** The main database (the shared app's). */
  mainDb: BenchDatabase;
  conns: Record<'main' | 'flood' | 'normal', Connection>;
  /** get_contact, then search_conversations, with the upstream calls each makes (see `plans`). */
  ops: Op[];
  plans: Record<string, string[]>;
  /** A fresh empty database, dropped at the end. */
  newDatabase(kind?: DatabaseKind): Promise<BenchDatabase>;
  databases: BenchDatabase[];
  /** The load for (a) direct to the fake, (b) through the bare proxy, (c) a tools/call through the app. */
  spec(variant: Variant, op: Op, connections: number, conn?: Connection, target?: App): LoadSpec;
}

export async function createContext(): Promise<BenchContext> {
  const encryptionKeys = `k1:${randomBytes(32).toString('base64')}`;
  const fakeProc = spawnNode(['--import', 'tsx', 'bench/fake-server.ts'], {});
  const fake = await firstJsonLine<FakeInfo>(fakeProc);
  log(`fake Intercom at ${fake.url}`);
  const loadgen = LoadGen.start();
  const loadgen2 = LoadGen.start();
  const databases: BenchDatabase[] = [];
  const newDatabase = async (kind: DatabaseKind = dbKind) => {
    // Empty on purpose: the first start of the app (migrations included) is one of the measurements.
    const db = await createDatabase(adminUrl ? kind : 'pglite', { adminUrl, prefix: 'bench' });
    databases.push(db);
    return db;
  };
  const mainDb = await newDatabase();
  const appEnv = appEnvFromSettings();
  const appOptions: AppOptions = { database: mainDb, intercomUrl: fake.url, encryptionKeys, env: appEnv };

  const app = await startApp(appOptions);
  const conns: BenchContext['conns'] = {
    main: await connect(app.url, fake.workspaces.main.token),
    flood: await connect(app.url, fake.workspaces.flood.token),
    normal: await connect(app.url, fake.workspaces.normal.token),
  };
  log(`app at ${app.url}, 3 connections provisioned`);

  const ops = operations(fake);
  const plans: Record<string, string[]> = {};
  for (const op of ops) {
    op.steps = await upstreamSteps(app, conns.main, fake, op);
    plans[op.name] = op.steps.map((s) => `${s.method} ${s.path}${s.body ? ` ${s.body}` : ''}`);
    log(`${op.name} makes ${op.steps.length} upstream call(s): ${plans[op.name]?.join(' ; ')}`);
  }

  const proxyProc = spawnNode([...SERVER_NODE_FLAGS, '--import', 'tsx', 'bench/bare-proxy.ts'], {
    PROXY_UPSTREAM: fake.url,
    PROXY_TOKEN: fake.workspaces.main.token,
    PROXY_PLANS: JSON.stringify(Object.fromEntries(ops.map((o) => [o.name, o.steps]))),
  });
  const proxy = await firstJsonLine<{ url: string }>(proxyProc);

  const context: BenchContext = {
    fake,
    fakeProc,
    loadgen,
    loadgen2,
    proxy,
    proxyProc,
    app,
    appOptions,
    mainDb,
    conns,
    ops,
    plans,
    newDatabase,
    databases,
    spec: (variant, op, connections, conn = conns.main, target) =>
      loadSpec(context, variant, op, connections, conn, target ?? (context.app as App)),
  };
  await checkVariantsAnswer(context);
  return context;
}

/** Stops every process and drops every database the context made. */
export async function closeContext(context: BenchContext): Promise<void> {
  await context.app?.stop();
  for (const child of [context.loadgen.proc, context.loadgen2.proc, context.proxyProc, context.fakeProc])
    await child.stop();
  for (const db of context.databases)
    await db.dispose().catch((e: unknown) => log(`could not drop a database: ${e}`));
}
