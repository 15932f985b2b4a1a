// `npm run bench`: gateway overhead, auth cost, legacy SSE capacity, start-up and multi-tenant fairness,
// measured on loopback against the built app (dist/server.js) in its own process, the fake Intercom in
// another, and the load generator in a third. Results: a table on stdout and docs/benchmarks.md.
//
// Environment:
//   DATABASE_URL        Postgres server to create (and drop) fresh bench_<random> databases on; unset: PGlite
//   BENCH_QUICK=1       one short round of everything (does not write docs/benchmarks.md unless BENCH_OUTPUT)
//   BENCH_ROUNDS        rounds per measurement (default 3, quick 1); medians are over rounds
//   BENCH_DURATION      seconds per measured run (default 4, quick 2), after BENCH_WARMUP seconds (default 1)
//   BENCH_FAIRNESS_DURATION  seconds per measured fairness run (default 10, quick BENCH_DURATION)
//   BENCH_SSE_SESSIONS  idle legacy SSE sessions to open (default 2000)
//   BENCH_SSE_SETTLE_MS, BENCH_SSE_OBSERVE_MS  RSS sampling before and with the SSE sessions open (45 s and 60 s;
//                       quick 2 s and 8 s, too short for V8 to return the garbage: the figure is then not settled)
//   BENCH_SECTIONS      comma-separated subset of overhead,fairness,auth,profile,sse,startup (default all)
//   BENCH_OUTPUT        where to write the markdown report ('' for nowhere)
//   BENCH_PROFILE_OP    which operation the profile section loads (0: get_contact, 1: search_conversations)
//   BENCH_APP_ENV       settings for the measured app, e.g. MAX_IN_FLIGHT_PER_CONNECTION=2 (comma-separated)
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { createDatabase } from '../test/support/databases.js';
import { waitForReady } from '../test/support/ready.js';
import { formatSummary, type ProfileSummary, summarizeProfile } from './cpuprofile-summary.js';
import {
  type App,
  type BenchDatabase,
  type Connection,
  callToolOnce,
  connect,
  connectionIdOf,
  MCP_HEADERS,
  startApp,
  toolCallBody,
} from './lib/app.js';
import { SERVER_NODE_FLAGS } from './lib/node-flags.js';
import {
  type Child,
  cpuTimeMs,
  firstJsonLine,
  forkTs,
  freePort,
  root,
  rssBytes,
  sleep,
  spawnNode,
} from './lib/processes.js';
import { openSse, type SseStream, sseAgent } from './lib/sse.js';
import { fmt, markdownTable, median } from './lib/stats.js';
import type { LoadRequest, LoadResult, LoadSpec } from './loadgen.js';

const env = process.env;
const int = (value: string | undefined, fallback: number) => (value ? Number.parseInt(value, 10) : fallback);
const quick = env.BENCH_QUICK === '1';
const ROUNDS = int(env.BENCH_ROUNDS, quick ? 1 : 3);
const DURATION = int(env.BENCH_DURATION, quick ? 2 : 4);
// A p99 needs many samples: the quiet tenant makes only ~150 calls a second while flooded.
const FAIRNESS_DURATION = int(env.BENCH_FAIRNESS_DURATION, quick ? DURATION : 10);
const WARMUP = int(env.BENCH_WARMUP, 1);
const SSE_SESSIONS = int(env.BENCH_SSE_SESSIONS, 2000);
const SSE_KEEPALIVE_MS = 2000;
// Long enough for V8's memory reducer to return the garbage of opening the sessions (see rssOver).
const MEMORY_REDUCER_MS = 45_000;
const SSE_SETTLE_MS = int(env.BENCH_SSE_SETTLE_MS, quick ? 2_000 : MEMORY_REDUCER_MS);
const SSE_OBSERVE_MS = int(env.BENCH_SSE_OBSERVE_MS, quick ? 8_000 : 60_000);
const SECTIONS = new Set((env.BENCH_SECTIONS ?? 'overhead,fairness,auth,profile,sse,startup').split(','));
const OUTPUT = env.BENCH_OUTPUT ?? (quick ? '' : 'docs/benchmarks.md');
const adminUrl = env.DATABASE_URL || undefined;
const dbKind = adminUrl ? 'postgres' : 'pglite';
const CONCURRENCY = [1, 32];
const started = Date.now();

function log(message: string) {
  process.stderr.write(`[bench +${((Date.now() - started) / 1000).toFixed(0)}s] ${message}\n`);
}

/** The commit measured, and whether src/ had uncommitted changes (others may be editing it). */
function codeVersion(): string {
  try {
    const git = (args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
    const dirty = git(['status', '--porcelain', '--', 'src']) !== '';
    return `commit ${git(['rev-parse', '--short', 'HEAD'])}${dirty ? ' with uncommitted changes in src/' : ''}`;
  } catch {
    return 'unknown (no git)';
  }
}

/** The command as run, with any password in DATABASE_URL hidden. */
function commandLine(): string {
  const vars = Object.entries(env)
    .filter(([k]) => k === 'DATABASE_URL' || k.startsWith('BENCH_'))
    .map(([k, v]) => {
      if (k !== 'DATABASE_URL' || !v) return `${k}=${v}`;
      const url = new URL(v);
      if (url.password) url.password = '***';
      return `${k}=${url.toString()}`;
    });
  return [...vars, `npm run ${env.npm_lifecycle_event ?? 'bench'}`].join(' ');
}

// ---------------------------------------------------------------------------------------------------
// Processes: the fake Intercom, the load generators, the bare proxy, the app.

interface FakeInfo {
  url: string;
  controlUrl: string;
  workspaces: Record<'main' | 'flood' | 'normal', { id: string; token: string; contactIds: string[] }>;
}

class LoadGen {
  private nextId = 1;
  private readonly pending = new Map<number, (m: { result?: LoadResult; error?: string }) => void>();
  constructor(readonly proc: Child) {
    proc.child.on('message', (m: { id: number; result?: LoadResult; error?: string }) => {
      this.pending.get(m.id)?.(m);
      this.pending.delete(m.id);
    });
  }
  static start(): LoadGen {
    return new LoadGen(forkTs('bench/loadgen.ts'));
  }
  run(spec: LoadSpec): Promise<LoadResult> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (m) => (m.result ? resolve(m.result) : reject(new Error(m.error))));
      this.proc.child.send({ id, spec });
    });
  }
}

const errorCount = (r: LoadResult) => Object.values(r.errors).reduce((a, b) => a + b, 0);

function describeErrors(results: LoadResult[]): string {
  const total = { status: 0, rpcError: 0, isError: 0, socket: 0, timeouts: 0 };
  for (const r of results)
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += r.errors[k];
  const parts = Object.entries(total)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${v} ${k}`);
  return parts.length ? `**${parts.join(', ')}** (invalid)` : '0';
}

// ---------------------------------------------------------------------------------------------------

interface Op {
  name: 'get_contact' | 'search_conversations';
  label: string;
  args: Record<string, unknown>;
  steps: { method: 'GET' | 'POST'; path: string; body?: string }[];
}

/** CPU time per operation (µs) of a process during a load run, warm-up included. */
interface CpuPerOp {
  user: number;
  sys: number;
}
type Measured = LoadResult & { gatewayCpu?: CpuPerOp; fakeCpu?: CpuPerOp };

async function withCpu(
  pids: { gateway?: number; fake: number },
  run: () => Promise<LoadResult>,
): Promise<Measured> {
  const before = { gateway: pids.gateway ? cpuTimeMs(pids.gateway) : undefined, fake: cpuTimeMs(pids.fake) };
  const result = await run();
  const ops = result.ops + result.warmupOps;
  const perOp = (pid: number, then: { user: number; sys: number }) => {
    const now = cpuTimeMs(pid);
    return { user: ((now.user - then.user) * 1000) / ops, sys: ((now.sys - then.sys) * 1000) / ops };
  };
  return {
    ...result,
    fakeCpu: perOp(pids.fake, before.fake),
    ...(pids.gateway && before.gateway ? { gatewayCpu: perOp(pids.gateway, before.gateway) } : {}),
  };
}

interface OverheadRow {
  op: string;
  concurrency: number;
  variant: 'a' | 'b' | 'c';
  runs: Measured[];
}

interface FairnessRow {
  target: string;
  scenario: string;
  normal: LoadResult[];
  flood: LoadResult[];
  /** N's tool-call latencies as the app itself recorded them (audit log, whole ms), per round. */
  inApp: InAppLatency[];
}

interface InAppLatency {
  calls: number;
  p50: number;
  p99: number;
}

interface SseResult {
  sessions: number;
  rssBeforeMb: number;
  /** Highest and lowest RSS while all sessions were open (the lowest: after V8 returned the garbage). */
  rssPeakMb: number;
  rssSettledMb: number;
  rssClosedMb: number;
  perSessionKb: number;
  perSessionPeakKb: number;
  openSeconds: number;
  keepAliveMs: number;
  observedMs: number;
  onTime: number;
  late: number;
  maxGapMs: number;
  p99GapMs: number;
  medianGapMs: number;
  fdLimit: string;
}

interface StartupRow {
  label: string;
  runs: number[];
}

const report: {
  overhead: OverheadRow[];
  plans: Record<string, string[]>;
  fairness: FairnessRow[];
  authMicro?: Record<string, { n: number; p50_us: number; p90_us: number }> & { database: string };
  authHttp: { label: string; runs: Measured[] }[];
  profile?: { summary: ProfileSummary; file: string; load: LoadResult; operation: string };
  sse?: SseResult;
  startup: StartupRow[];
} = { overhead: [], plans: {}, fairness: [], authHttp: [], startup: [] };

async function main() {
  if (!existsSync(join(root, 'dist/server.js')))
    throw new Error('dist/server.js is missing: run npm run build');
  log(
    `database ${dbKind}; rounds ${ROUNDS} × ${DURATION} s (+${WARMUP} s warm-up); sections ${[...SECTIONS]}`,
  );
  const encryptionKeys = `k1:${randomBytes(32).toString('base64')}`;

  const fakeProc = spawnNode(['--import', 'tsx', 'bench/fake-server.ts'], {});
  const fake = await firstJsonLine<FakeInfo>(fakeProc);
  log(`fake Intercom at ${fake.url}`);
  const loadgen = LoadGen.start();
  const loadgen2 = LoadGen.start();
  const databases: BenchDatabase[] = [];
  const newDatabase = async (kind: 'postgres' | 'pglite' = dbKind) => {
    // Empty on purpose: the first start of the app (migrations included) is one of the measurements.
    const db = await createDatabase(adminUrl ? kind : 'pglite', { adminUrl, prefix: 'bench' });
    databases.push(db);
    return db;
  };
  const mainDb = await newDatabase();
  // BENCH_APP_ENV="NAME=value,NAME=value": settings for the measured app (e.g. MAX_IN_FLIGHT_PER_CONNECTION).
  const appEnv = Object.fromEntries(
    (env.BENCH_APP_ENV ?? '')
      .split(',')
      .filter((kv) => kv.includes('='))
      .map((kv) => [kv.slice(0, kv.indexOf('=')).trim(), kv.slice(kv.indexOf('=') + 1).trim()]),
  );
  const appOptions = { database: mainDb, intercomUrl: fake.url, encryptionKeys, env: appEnv };

  let app: App | undefined = await startApp(appOptions);
  const conns: Record<'main' | 'flood' | 'normal', Connection> = {
    main: await connect(app.url, fake.workspaces.main.token),
    flood: await connect(app.url, fake.workspaces.flood.token),
    normal: await connect(app.url, fake.workspaces.normal.token),
  };
  log(`app at ${app.url}, 3 connections provisioned`);

  // The upstream requests one tool call makes (second call: /me is cached by then), read from the fake.
  const ops: Op[] = [
    {
      name: 'get_contact',
      label: 'get_contact',
      args: { id: fake.workspaces.main.contactIds[0] },
      steps: [],
    },
    // The per-row latest-part reads (20 more upstream calls, 5 in flight) are turned off: this measures the
    // gateway on one upstream search, not the fan-out.
    {
      name: 'search_conversations',
      label: 'search_conversations {state: open, include_latest_part: false}',
      args: { state: 'open', include_latest_part: false },
      steps: [],
    },
  ];
  for (const op of ops) {
    const body = toolCallBody(op.name, op.args);
    await callToolOnce(app.url, conns.main.mcpPath, body);
    await fetch(`${fake.controlUrl}/clear`, { method: 'POST' });
    await callToolOnce(app.url, conns.main.mcpPath, body);
    const recorded = (await (await fetch(`${fake.controlUrl}/requests`)).json()) as {
      workspaceId: string;
      method: 'GET' | 'POST';
      path: string;
      query: Record<string, string>;
      body?: unknown;
    }[];
    op.steps = recorded
      .filter((r) => r.workspaceId === fake.workspaces.main.id)
      .map((r) => {
        const query = new URLSearchParams(r.query).toString();
        return {
          method: r.method,
          path: r.path + (query ? `?${query}` : ''),
          ...(r.body === undefined ? {} : { body: JSON.stringify(r.body) }),
        };
      });
    report.plans[op.name] = op.steps.map((s) => `${s.method} ${s.path}${s.body ? ` ${s.body}` : ''}`);
    log(`${op.name} makes ${op.steps.length} upstream call(s): ${report.plans[op.name]?.join(' ; ')}`);
  }

  const proxyProc = spawnNode([...SERVER_NODE_FLAGS, '--import', 'tsx', 'bench/bare-proxy.ts'], {
    PROXY_UPSTREAM: fake.url,
    PROXY_TOKEN: fake.workspaces.main.token,
    PROXY_PLANS: JSON.stringify(Object.fromEntries(ops.map((o) => [o.name, o.steps]))),
  });
  const proxy = await firstJsonLine<{ url: string }>(proxyProc);

  const directRequests = (op: Op, token: string): LoadRequest[] =>
    op.steps.map((s) => ({
      method: s.method,
      path: s.path,
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: 'application/json',
        'Intercom-Version': '2.14',
        ...(s.body ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(s.body ? { body: s.body } : {}),
    }));
  const spec = (
    variant: 'a' | 'b' | 'c',
    op: Op,
    connections: number,
    conn: Connection = conns.main,
    target: App = app as App,
  ): LoadSpec => {
    const base = { connections, durationSec: DURATION, warmupSec: WARMUP };
    if (variant === 'a') {
      return {
        ...base,
        origin: fake.url,
        requests: directRequests(op, fake.workspaces.main.token),
        check: 'json',
      };
    }
    if (variant === 'b') {
      const headers = { 'Content-Type': 'application/json' };
      return {
        ...base,
        origin: proxy.url,
        requests: [{ method: 'POST', path: `/${op.name}`, headers, body: '{}' }],
        check: 'json',
      };
    }
    const body = toolCallBody(op.name, op.name === 'get_contact' ? { id: contactFor(conn) } : op.args);
    return {
      ...base,
      origin: target.url,
      requests: [{ method: 'POST', path: conn.mcpPath, headers: MCP_HEADERS, body }],
      check: 'mcp',
    };
  };
  const contactFor = (conn: Connection) => {
    const key = (Object.keys(conns) as (keyof typeof conns)[]).find((k) => conns[k] === conn) ?? 'main';
    return fake.workspaces[key].contactIds[0];
  };

  // Each variant answers successfully once before anything is measured.
  for (const op of ops) {
    for (const step of directRequests(op, fake.workspaces.main.token)) {
      const r = await fetch(fake.url + step.path, {
        method: step.method,
        headers: step.headers,
        body: step.body,
      });
      if (!r.ok) throw new Error(`direct ${op.name} ${step.path}: ${r.status} ${await r.text()}`);
    }
    const r = await fetch(`${proxy.url}/${op.name}`, { method: 'POST', body: '{}' });
    if (!r.ok) throw new Error(`bare proxy ${op.name}: ${r.status} ${await r.text()}`);
  }

  // 1. Gateway overhead: rounds alternate (a) direct, (b) bare proxy, (c) MCP, rotating the order.
  if (SECTIONS.has('overhead')) {
    for (const op of ops) {
      for (const concurrency of CONCURRENCY) {
        const rows = (['a', 'b', 'c'] as const).map((variant) => {
          const row: OverheadRow = { op: op.label, concurrency, variant, runs: [] };
          report.overhead.push(row);
          return row;
        });
        for (let round = 0; round < ROUNDS; round++) {
          for (let i = 0; i < 3; i++) {
            const row = rows[(round + i) % 3] as OverheadRow;
            const gateway = { a: undefined, b: proxyProc.pid, c: app.pid }[row.variant];
            const result = await withCpu({ gateway, fake: fakeProc.pid }, () =>
              loadgen.run(spec(row.variant, op, concurrency)),
            );
            row.runs.push(result);
            log(
              `${op.name} c=${concurrency} (${row.variant}) ${fmt(result.throughput, 0)} ops/s p50 ${fmt(result.p50)} ms p99 ${fmt(result.p99)} ms errors ${errorCount(result)}`,
            );
            if (errorCount(result) > 0) log(`  first body: ${result.firstBody.slice(0, 300)}`);
          }
        }
      }
    }
  }

  // 5. Fairness: tenant F floods get_contact at concurrency 32 while tenant N calls at concurrency 1.
  if (SECTIONS.has('fairness')) {
    const getContact = ops[0] as Op;
    const normalConnectionId = await connectionIdOf(app as App, conns.normal);
    // What the app itself recorded for N's calls (callTool's latency in the audit log), read after its flush.
    // Rows get their created_at when a batch is written, up to a second (the flush interval) after the call.
    const flushedAfter = (at: Date) => new Date(at.getTime() + 1_000);
    const auditLatencies = async (connectionId: string, from: Date, to: Date) => {
      const url = mainDb.env.DATABASE_URL;
      if (!url) return undefined;
      await sleep(1_500);
      const sql = postgres(url, { max: 1, onnotice: () => {} });
      try {
        const rows = await sql<{ latency_ms: number }[]>`
          select latency_ms from audit_log
          where connection_id = ${connectionId} and created_at between ${flushedAfter(from)} and ${flushedAfter(to)}
          order by latency_ms`;
        const ms = rows.map((r) => r.latency_ms);
        const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? Number.NaN;
        return { calls: ms.length, p50: at(0.5), p99: at(0.99) };
      } finally {
        await sql.end();
      }
    };
    const targets: { label: string; normal: LoadSpec; flood: LoadSpec }[] = [
      {
        label: 'MCP tools/call (c)',
        normal: spec('c', getContact, 1, conns.normal),
        flood: spec('c', getContact, 32, conns.flood),
      },
      {
        label: 'bare proxy (b), for reference',
        normal: spec('b', getContact, 1),
        flood: spec('b', getContact, 32),
      },
    ];
    for (const target of targets) {
      const alone: FairnessRow = {
        target: target.label,
        scenario: 'N alone',
        normal: [],
        flood: [],
        inApp: [],
      };
      const flooded: FairnessRow = {
        target: target.label,
        scenario: 'N while F floods',
        normal: [],
        flood: [],
        inApp: [],
      };
      const isMcp = target.normal.origin === (app as App).url;
      const measuredInApp = async (row: FairnessRow, run: () => Promise<LoadResult>) => {
        const from = new Date(Date.now() + WARMUP * 1000);
        row.normal.push(await run());
        const latencies = isMcp ? await auditLatencies(normalConnectionId, from, new Date()) : undefined;
        if (latencies) row.inApp.push(latencies);
      };
      report.fairness.push(alone, flooded);
      for (let round = 0; round < ROUNDS; round++) {
        const normal = { ...target.normal, durationSec: FAIRNESS_DURATION };
        await measuredInApp(alone, () => loadgen.run(normal));
        // F starts first and outlasts N's warm-up and measured run.
        const flood = loadgen2.run({
          ...target.flood,
          warmupSec: 0,
          durationSec: FAIRNESS_DURATION + WARMUP + 2,
        });
        await sleep(1_000);
        await measuredInApp(flooded, () => loadgen.run(normal));
        flooded.flood.push(await flood);
        const [a, f] = [alone.normal.at(-1) as LoadResult, flooded.normal.at(-1) as LoadResult];
        log(
          `fairness ${target.label}: N alone p99 ${fmt(a.p99)} ms; flooded p99 ${fmt(f.p99)} ms (F ${fmt((flooded.flood.at(-1) as LoadResult).throughput, 0)} ops/s)`,
        );
      }
    }
  }

  // 2. Auth cost over HTTP: the same cheap JSON-RPC ping with a valid, an unknown and a malformed token.
  if (SECTIONS.has('auth')) {
    const { pid: appPid, url: appUrl } = app;
    const ping = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' });
    const unknown = `/mcp/icm_${randomBytes(8).toString('hex')}_${randomBytes(32).toString('base64url')}`;
    const cases: { label: string; path: string; check: LoadSpec['check'] }[] = [
      { label: 'valid token (warm cache), ping → 200', path: conns.main.mcpPath, check: 'mcp' },
      { label: 'unknown well-formed token → 401', path: unknown, check: 'unauthorized' },
      { label: 'malformed token → 401', path: '/mcp/not-a-token', check: 'unauthorized' },
    ];
    for (const c of cases) {
      const runs: Measured[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        runs.push(
          await withCpu({ gateway: appPid, fake: fakeProc.pid }, () =>
            loadgen.run({
              origin: appUrl,
              requests: [{ method: 'POST', path: c.path, headers: MCP_HEADERS, body: ping }],
              check: c.check,
              connections: 1,
              durationSec: DURATION,
              warmupSec: WARMUP,
            }),
          ),
        );
      }
      report.authHttp.push({ label: c.label, runs });
      log(`auth http ${c.label}: p50 ${fmt(median(runs.map((r) => r.p50)), 3)} ms`);
    }
  }
  await app.stop();
  app = undefined;

  if (SECTIONS.has('auth')) {
    const db = await newDatabase();
    const micro = spawnNode(['--import', 'tsx', 'bench/auth-micro.ts'], {
      AUTH_DATABASE_URL: db.env.DATABASE_URL ?? '',
      AUTH_DATA_DIR: db.env.DATA_DIR ?? '',
      BENCH_QUICK: quick ? '1' : '0',
    });
    report.authMicro = await firstJsonLine(micro, 180_000);
    await micro.exited;
    log(`auth micro: warm p50 ${fmt(report.authMicro?.warm?.p50_us ?? Number.NaN, 2)} µs`);
  }

  // Where the MCP path's time goes: the app under --cpu-prof at concurrency 32.
  if (SECTIONS.has('profile')) {
    const dir = mkdtempSync(join(os.tmpdir(), 'intercom-mcp-cpuprof-'));
    const profiled = await startApp({ ...appOptions, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
    const op = ops[Number(env.BENCH_PROFILE_OP ?? 0)] as Op;
    const load = await loadgen.run({
      ...spec('c', op, 32, conns.main, profiled),
      durationSec: quick ? 4 : 10,
    });
    await profiled.stop(15_000);
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (file) {
      const skipMs = profiled.readyMs + WARMUP * 1000;
      const summary = summarizeProfile(JSON.parse(readFileSync(join(dir, file), 'utf8')), 25, skipMs);
      report.profile = { summary, file: join(dir, file), load, operation: op.label };
      log(`profile written to ${join(dir, file)}`);
    } else log('no .cpuprofile was written');
  }

  // 3. Legacy SSE: memory per idle session and keep-alive punctuality.
  if (SECTIONS.has('sse')) {
    const sseApp = await startApp({
      ...appOptions,
      env: {
        ...appEnv,
        SSE_KEEPALIVE_MS: String(SSE_KEEPALIVE_MS),
        MAX_SSE_SESSIONS_PER_CONNECTION: String(SSE_SESSIONS + 100),
      },
    });
    report.sse = await measureSse(sseApp, conns.main);
    await sseApp.stop(15_000);
  }

  // 4. Start-up: process start to the first /readyz 200.
  if (SECTIONS.has('startup')) {
    const starts = quick ? 1 : 3;
    const floor: StartupRow = { label: 'floor: bare node:http server, first response', runs: [] };
    for (let i = 0; i < starts + 1; i++) {
      const port = await freePort();
      const t0 = performance.now();
      const child = spawnNode(
        ['-e', `require('http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`],
        {},
      );
      await waitForReady(`http://127.0.0.1:${port}`, { timeoutMs: 10_000, intervalMs: 5, process: child });
      if (i > 0) floor.runs.push(performance.now() - t0);
      await child.stop();
    }
    report.startup.push(floor);
    const kinds: ('pglite' | 'postgres')[] = adminUrl ? ['postgres', 'pglite'] : ['pglite'];
    for (const kind of kinds) {
      const first: StartupRow = { label: `${kind}: first start (empty database, migrations run)`, runs: [] };
      const later: StartupRow = { label: `${kind}: later start (migrated database)`, runs: [] };
      report.startup.push(first, later);
      for (let i = 0; i < starts; i++) {
        const db = await newDatabase(kind);
        for (const row of [first, later, later]) {
          const started = await startApp({ ...appOptions, database: db });
          row.runs.push(started.readyMs);
          await started.stop(15_000);
        }
        log(
          `start-up ${kind}: first ${fmt(first.runs.at(-1) ?? 0, 0)} ms, later ${fmt(later.runs.at(-1) ?? 0, 0)} ms`,
        );
      }
    }
  }

  const unhandled = (await (await fetch(`${fake.controlUrl}/unhandled`)).json()) as string[];
  if (unhandled.length) log(`the fake saw unmodelled requests: ${unhandled.slice(0, 5).join('; ')}`);

  const markdown = renderReport();
  process.stdout.write(`\n${markdown}\n`);
  if (OUTPUT) {
    writeFileSync(join(root, OUTPUT), withPreservedFindings(join(root, OUTPUT), markdown));
    log(`wrote ${OUTPUT}`);
  }

  for (const child of [loadgen.proc, loadgen2.proc, proxyProc, fakeProc]) await child.stop();
  for (const db of databases)
    await db.dispose().catch((e: unknown) => log(`could not drop a database: ${e}`));
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/**
 * RSS sampled every 500 ms for `ms`. Opening sessions leaves garbage that V8 collects and returns to the OS
 * only once allocation has been low for a while (its memory reducer, some 20-40 s later); the lowest sample
 * is what the process holds after that, the highest what it peaked at.
 */
async function rssOver(pid: number, ms: number): Promise<{ lowest: number; highest: number }> {
  let lowest = rssBytes(pid);
  let highest = lowest;
  for (const until = performance.now() + ms; performance.now() < until; ) {
    await sleep(500);
    const rss = rssBytes(pid);
    lowest = Math.min(lowest, rss);
    highest = Math.max(highest, rss);
  }
  return { lowest, highest };
}

async function measureSse(app: App, conn: Connection): Promise<SseResult> {
  const agent = sseAgent();
  const url = app.url + conn.ssePath;
  // Warm the path (JIT, pools) with a few sessions, then close them and take the baseline.
  const warm = await Promise.all(Array.from({ length: 50 }, () => openSse(url, agent)));
  for (const s of warm) s.request.destroy();
  const rssBefore = (await rssOver(app.pid, SSE_SETTLE_MS)).lowest;
  const streams: SseStream[] = [];
  const t0 = performance.now();
  for (let i = 0; i < SSE_SESSIONS; i += 100) {
    const batch = Math.min(100, SSE_SESSIONS - i);
    streams.push(...(await Promise.all(Array.from({ length: batch }, () => openSse(url, agent)))));
  }
  const openSeconds = (performance.now() - t0) / 1000;
  const observeFrom = performance.now();
  const observeMs = Math.max(4 * SSE_KEEPALIVE_MS, SSE_OBSERVE_MS);
  const rssOpen = await rssOver(app.pid, observeMs);
  const observeTo = performance.now();
  const gaps: number[] = [];
  let late = 0;
  for (const s of streams) {
    const times = [s.openedAt, ...s.keepalives.filter((t) => t <= observeTo)];
    let worst = observeTo - (times.at(-1) as number); // time since the last one (a missing keep-alive)
    for (let i = 1; i < times.length; i++) {
      const gap = (times[i] as number) - (times[i - 1] as number);
      gaps.push(gap);
      worst = Math.max(worst, gap);
    }
    if (worst > 1.5 * SSE_KEEPALIVE_MS) late++;
  }
  gaps.sort((a, b) => a - b);
  for (const s of streams) s.request.destroy();
  await sleep(3_000);
  const rssClosed = rssBytes(app.pid);
  agent.destroy();
  let fdLimit = 'unknown';
  try {
    fdLimit = /Max open files\s+(\d+)/.exec(readFileSync(`/proc/${app.pid}/limits`, 'utf8'))?.[1] ?? fdLimit;
  } catch {}
  const result: SseResult = {
    sessions: streams.length,
    rssBeforeMb: rssBefore / 2 ** 20,
    rssPeakMb: rssOpen.highest / 2 ** 20,
    rssSettledMb: rssOpen.lowest / 2 ** 20,
    rssClosedMb: rssClosed / 2 ** 20,
    perSessionKb: (rssOpen.lowest - rssBefore) / streams.length / 1024,
    perSessionPeakKb: (rssOpen.highest - rssBefore) / streams.length / 1024,
    openSeconds,
    keepAliveMs: SSE_KEEPALIVE_MS,
    observedMs: observeTo - observeFrom,
    onTime: streams.length - late,
    late,
    maxGapMs: gaps.at(-1) ?? Number.NaN,
    p99GapMs: gaps[Math.max(0, Math.ceil(0.99 * gaps.length) - 1)] ?? Number.NaN,
    medianGapMs: median(gaps),
    fdLimit,
  };
  log(`sse: ${result.sessions} sessions, ${fmt(result.perSessionKb, 1)} KB each, ${result.late} late`);
  return result;
}

// ---------------------------------------------------------------------------------------------------
// The report.

const med = (runs: LoadResult[], key: 'throughput' | 'p50' | 'p99') => median(runs.map((r) => r[key]));
/** Median CPU µs per operation as "total (user+sys)". */
function cpuCell(values: (CpuPerOp | undefined)[]): string {
  const present = values.filter((v): v is CpuPerOp => v !== undefined);
  if (!present.length) return '';
  const user = median(present.map((v) => v.user));
  const sys = median(present.map((v) => v.sys));
  return `${fmt(user + sys, 0)} (${fmt(user, 0)}+${fmt(sys, 0)})`;
}
const VARIANT = {
  a: '(a) direct to fake Intercom',
  b: '(b) bare Node proxy',
  c: '(c) MCP tools/call via our server',
};

interface Target {
  name: string;
  value: string;
  met: boolean | undefined;
}
const targets: Target[] = [];
const verdict = (met: boolean | undefined) => (met === undefined ? 'n/a' : met ? 'met' : '**missed**');

function renderOverhead(): string[] {
  if (!report.overhead.length) return [];
  const rows = report.overhead.map((r) => [
    r.op,
    r.concurrency,
    VARIANT[r.variant],
    fmt(med(r.runs, 'throughput'), 0),
    fmt(med(r.runs, 'p50'), 3),
    fmt(med(r.runs, 'p99'), 3),
    r.runs.map((x) => fmt(x.throughput, 0)).join(' / '),
    cpuCell(r.runs.map((x) => x.gatewayCpu)),
    cpuCell(r.runs.map((x) => x.fakeCpu)),
    describeErrors(r.runs),
  ]);
  const ratios: (string | number)[][] = [];
  for (const op of new Set(report.overhead.map((r) => r.op))) {
    for (const concurrency of CONCURRENCY) {
      const find = (v: 'a' | 'b' | 'c') =>
        report.overhead.find((r) => r.op === op && r.concurrency === concurrency && r.variant === v)?.runs ??
        [];
      const [a, b, c] = [find('a'), find('b'), find('c')];
      const tput = (x: LoadResult[]) => med(x, 'throughput');
      ratios.push([
        op,
        concurrency,
        fmt(tput(c) / tput(b), 2),
        fmt(tput(c) / tput(a), 2),
        fmt(med(c, 'p50') / med(b, 'p50'), 2),
        fmt(med(c, 'p50') / med(a, 'p50'), 2),
        fmt(med(c, 'p50') - med(b, 'p50'), 3),
        fmt(med(c, 'p99') / med(b, 'p99'), 2),
      ]);
      const valid = [a, b, c].every((x) => x.every((r) => errorCount(r) === 0));
      if (concurrency === 32) {
        const ratio = tput(c) / tput(b);
        targets.push({
          name: `${op}: tools/call throughput at concurrency 32 ≥ 0.6× bare proxy (aim 0.8×)`,
          value: `${fmt(ratio, 2)}× (${fmt(tput(c), 0)} vs ${fmt(tput(b), 0)} ops/s)${valid ? '' : ', runs had errors'}`,
          met: valid ? ratio >= 0.6 : undefined,
        });
      } else {
        const added = med(c, 'p50') - med(b, 'p50');
        targets.push({
          name: `${op}: added p50 over bare proxy at concurrency 1 ≤ 1 ms`,
          value: `+${fmt(added, 3)} ms (${fmt(med(c, 'p50'), 3)} vs ${fmt(med(b, 'p50'), 3)} ms)${valid ? '' : ', runs had errors'}`,
          met: valid ? added <= 1 : undefined,
        });
      }
    }
  }
  return [
    '## 1. Gateway overhead',
    '',
    'The same Intercom operation (a) straight against the fake Intercom, (b) through a bare pass-through ' +
      'proxy (`bench/bare-proxy.ts`: node:http, one `fetch` per upstream call, keep-alive, no MCP/auth/database) ' +
      'and (c) as an MCP `tools/call` through our server (Streamable HTTP, stateless, token in the URL, JSON ' +
      'response). Closed loop, one keep-alive connection per unit of concurrency (autocannon, in its own ' +
      `process). ${ROUNDS} round(s) of ${DURATION} s after ${WARMUP} s warm-up, the order of (a)/(b)/(c) rotating ` +
      "each round; medians over rounds. Latency in ms, per operation. CPU per operation is the process's " +
      'user+system time (/proc/<pid>/stat, 10 ms ticks) over the run and its warm-up, divided by the operations.',
    '',
    'Upstream calls per operation, read from the fake while the tool ran (a second call, so the cached ' +
      '`GET /me` is not among them); (a) and (b) make exactly these, one after another, as the tool does:',
    '',
    ...Object.entries(report.plans).map(
      ([name, steps]) => `- \`${name}\`: ${steps.map((s) => `\`${s}\``).join(', then ')}`,
    ),
    '',
    markdownTable(
      [
        'operation',
        'conc.',
        'variant',
        'ops/s',
        'p50',
        'p99',
        'ops/s per round',
        'gateway CPU µs/op (user+sys)',
        'fake CPU µs/op',
        'errors',
      ],
      rows,
      ['l', 'r', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
    'Ratios (medians):',
    '',
    markdownTable(
      [
        'operation',
        'conc.',
        'ops/s (c)/(b)',
        'ops/s (c)/(a)',
        'p50 (c)/(b)',
        'p50 (c)/(a)',
        'p50 (c)−(b) ms',
        'p99 (c)/(b)',
      ],
      ratios,
    ),
    '',
  ];
}

function renderAuth(): string[] {
  const out: string[] = [];
  const m = report.authMicro;
  if (!m && !report.authHttp.length) return out;
  out.push('## 2. Auth cost', '');
  if (m) {
    const row = (label: string, key: string, note: string) => {
      const s = (m as unknown as Record<string, { n: number; p50_us: number; p90_us: number }>)[key];
      return s ? [label, s.n, fmt(s.p50_us, 2), fmt(s.p90_us, 2), note] : [label, 0, 'n/a', 'n/a', note];
    };
    out.push(
      `In-process, the app's own \`ConnectionService.authenticate\` on ${m.database} ` +
        '(`bench/auth-micro.ts`). Warm and malformed: per-call cost from batches of calls (n = batches); the others per call.',
      '',
      markdownTable(
        ['path', 'n', 'p50 µs', 'p90 µs', 'what runs'],
        [
          row('warm (cached token)', 'warm', 'regex parse + cache lookup: one SHA-256 + timingSafeEqual'),
          row('  cache lookup alone', 'warm_sync_parts', 'VerifiedTokenCache.get'),
          row('cold (cache empty)', 'cold', 'database read + argon2id verify + AES-GCM unwrap'),
          row('  argon2id verify alone', 'argon2_verify_only', '19 MiB, t=2, p=1'),
          row('  argon2id hash (connect/rotate)', 'argon2_hash', ''),
          row('unknown well-formed token', 'unknown', 'regex parse + one database read that finds nothing'),
          row('  database read alone', 'db_lookup_only', 'ConnectionStore.findActiveByLookupId'),
          row('malformed token', 'garbage', 'regex only'),
          row('known lookup id, wrong secret', 'wrong_secret', 'database read + argon2id verify (fails)'),
        ],
        ['l', 'r', 'r', 'r', 'l'],
      ),
      '',
    );
    const warm = m.warm?.p50_us ?? Number.NaN;
    targets.push({ name: 'warm auth < 50 µs per request', value: `${fmt(warm, 2)} µs`, met: warm < 50 });
    const unknown = m.unknown?.p50_us ?? Number.NaN;
    const argon = m.argon2_verify_only?.p50_us ?? Number.NaN;
    const lookup = m.db_lookup_only?.p50_us ?? Number.NaN;
    targets.push({
      name: 'unknown token rejected without argon2 work',
      value: `${fmt(unknown / 1000, 3)} ms vs argon2 verify ${fmt(argon / 1000, 1)} ms (database read alone ${fmt(lookup / 1000, 3)} ms)`,
      met: unknown < argon / 5,
    });
  }
  if (report.authHttp.length) {
    out.push(
      'Over HTTP, concurrency 1, JSON-RPC `ping` (no upstream call), medians over rounds:',
      '',
      markdownTable(
        ['request', 'req/s', 'p50 ms', 'p99 ms', 'app CPU µs/request (user+sys)', 'errors'],
        report.authHttp.map((r) => [
          r.label,
          fmt(med(r.runs, 'throughput'), 0),
          fmt(med(r.runs, 'p50'), 3),
          fmt(med(r.runs, 'p99'), 3),
          cpuCell(r.runs.map((x) => x.gatewayCpu)),
          describeErrors(r.runs),
        ]),
        ['l', 'r', 'r', 'r', 'r', 'r'],
      ),
      '',
    );
  }
  return out;
}

function renderSse(): string[] {
  const s = report.sse;
  if (!s) return [];
  targets.push({
    name: 'idle legacy SSE session < 30 KB each',
    value: `${fmt(s.perSessionKb, 1)} KB ${SSE_OBSERVE_MS >= MEMORY_REDUCER_MS ? 'once V8 returned the garbage of opening them' : 'lowest over a short window, not settled'} (${fmt(s.perSessionPeakKb, 1)} KB at the peak)`,
    met: s.perSessionKb < 30,
  });
  targets.push({
    name: `keep-alives on time with ${s.sessions} sessions (gap ≤ 1.5 × ${s.keepAliveMs} ms)`,
    value: `${s.onTime}/${s.sessions} streams on time, max gap ${fmt(s.maxGapMs, 0)} ms`,
    met: s.late === 0,
  });
  return [
    '## 3. Legacy SSE capacity',
    '',
    `${s.sessions} idle \`GET <sse_url>\` streams held open by one client process (node:http, one socket each), ` +
      `\`SSE_KEEPALIVE_MS=${s.keepAliveMs}\`. Memory is the app process's VmRSS (/proc), sampled every 500 ms: ` +
      `its lowest over ${fmt(SSE_SETTLE_MS / 1000, 0)} s before opening (after 50 warm-up sessions were opened and ` +
      `closed), then its highest and lowest over ${fmt(s.observedMs / 1000, 1)} s with all open. Opening the ` +
      'sessions leaves garbage that V8 returns to the OS only once allocation has been low for a while (its memory ' +
      'reducer, some 20-40 s later): the lowest sample is what the idle sessions hold, the highest includes that ' +
      'garbage and the young generation it filled (`--max-semi-space-size`). ' +
      `Every stream's keep-alive arrival times were recorded over that window. Open-file limit of the app: ${s.fdLimit}.`,
    '',
    markdownTable(
      ['measure', 'value'],
      [
        ['sessions opened', `${s.sessions} in ${fmt(s.openSeconds, 2)} s`],
        [
          'app RSS before / with all open, highest and lowest / 3 s after closing',
          `${fmt(s.rssBeforeMb, 1)} / ${fmt(s.rssPeakMb, 1)}, ${fmt(s.rssSettledMb, 1)} / ${fmt(s.rssClosedMb, 1)} MB`,
        ],
        ['RSS per idle session (lowest with all open − before)', `${fmt(s.perSessionKb, 1)} KB`],
        ['  at the peak, garbage of opening them included', `${fmt(s.perSessionPeakKb, 1)} KB`],
        [
          'keep-alive gap median / p99 / max',
          `${fmt(s.medianGapMs, 0)} / ${fmt(s.p99GapMs, 0)} / ${fmt(s.maxGapMs, 0)} ms`,
        ],
        ['streams with every gap ≤ 1.5 × interval', `${s.onTime} of ${s.sessions}`],
      ],
      ['l', 'r'],
    ),
    '',
  ];
}

function renderStartup(): string[] {
  if (!report.startup.length) return [];
  for (const r of report.startup.filter((x) => x.label.startsWith('postgres'))) {
    const m = median(r.runs);
    targets.push({
      name: `start to ready < 1.5 s with Postgres (${r.label.split(': ')[1]})`,
      value: `${fmt(m, 0)} ms`,
      met: m < 1500,
    });
  }
  return [
    '## 4. Start-up',
    '',
    `Time from \`spawn(node ${SERVER_NODE_FLAGS.join(' ')} dist/server.js)\` ` +
      'to the first `GET /readyz` 200 (polled every 5 ms). Each first start ' +
      'gets a fresh database; later starts reuse it. Medians; all runs in ms.',
    '',
    markdownTable(
      ['start', 'median ms', 'runs'],
      report.startup.map((r) => [r.label, fmt(median(r.runs), 0), r.runs.map((x) => fmt(x, 0)).join(' / ')]),
      ['l', 'r', 'r'],
    ),
    '',
  ];
}

function renderFairness(): string[] {
  if (!report.fairness.length) return [];
  const inAppMedian = (r: FairnessRow | undefined, key: 'p50' | 'p99') =>
    r?.inApp.length ? median(r.inApp.map((x) => x[key])) : undefined;
  const inApp = (r: FairnessRow, key: 'p50' | 'p99') => {
    const value = inAppMedian(r, key);
    return value === undefined ? '' : fmt(value, 0);
  };
  const rows = report.fairness.map((r) => [
    r.target,
    r.scenario,
    fmt(med(r.normal, 'throughput'), 0),
    fmt(med(r.normal, 'p50'), 3),
    fmt(med(r.normal, 'p99'), 3),
    inApp(r, 'p50'),
    inApp(r, 'p99'),
    r.flood.length ? fmt(med(r.flood, 'throughput'), 0) : '',
    describeErrors([...r.normal, ...r.flood]),
  ]);
  const [mcpAlone, mcpFlooded] = report.fairness;
  const [inAppAlone, inAppFlooded] = [inAppMedian(mcpAlone, 'p99'), inAppMedian(mcpFlooded, 'p99')];
  const inAppRatio =
    inAppAlone !== undefined && inAppFlooded !== undefined ? inAppFlooded / inAppAlone : undefined;
  const pairOf = (target: string) => report.fairness.filter((r) => r.target === target);
  const ratioOf = (target: string) => {
    const [alone, flooded] = pairOf(target);
    return alone && flooded ? med(flooded.normal, 'p99') / med(alone.normal, 'p99') : Number.NaN;
  };
  const perRound = (target: string) => {
    const [alone, flooded] = pairOf(target);
    return (alone?.normal ?? [])
      .map((a, i) => `${fmt((flooded?.normal[i]?.p99 ?? Number.NaN) / a.p99, 2)}×`)
      .join(', ');
  };
  const mcp = report.fairness[0]?.target ?? '';
  const ratio = ratioOf(mcp);
  const ref = report.fairness[2]?.target;
  targets.push({
    name: "flooding tenant raises the other tenant's p99 by ≤ 2×",
    value: `${fmt(ratio, 1)}×${ref ? ` (bare proxy under the same flood: ${fmt(ratioOf(ref), 1)}×)` : ''}`,
    met: ratio <= 2,
  });
  return [
    '## 5. Multi-tenant fairness',
    '',
    'Tenant N calls `get_contact` at concurrency 1 on its own connection and workspace, alone and while tenant ' +
      'F floods `get_contact` at concurrency 32 on another connection and workspace (two load-generator ' +
      'processes). Our per-connection and per-IP rate limits are set out of the way, as everywhere here. The ' +
      'bare proxy rows show what one Node event loop does under the same pattern. ' +
      `${ROUNDS} round(s) of ${FAIRNESS_DURATION} s (after ${WARMUP} s warm-up) per scenario, alone and flooded ` +
      'alternating; medians over rounds.',
    '',
    markdownTable(
      [
        'target',
        'scenario',
        'N ops/s',
        'N p50 ms',
        'N p99 ms',
        'N tool call in app p50 ms',
        'in app p99 ms',
        'F ops/s',
        'errors',
      ],
      rows,
      ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
    `N's p99 flooded / alone: ${fmt(ratio, 2)}× through our server${ref ? `, ${fmt(ratioOf(ref), 2)}× through the bare proxy` : ''}. ` +
      `Per round, through our server: ${perRound(mcp)}.`,
    '',
    ...(inAppRatio === undefined
      ? []
      : [
          '"In app" is the time from the start to the end of N\'s tool call as the app records it in the audit log ' +
            '(whole milliseconds; without reading the request, authentication, queueing and writing the answer). ' +
            `Its p99 flooded / alone: ${fmt(inAppRatio, 2)}× (${fmt(inAppAlone ?? Number.NaN, 0)} → ` +
            `${fmt(inAppFlooded ?? Number.NaN, 0)} ms), against ${fmt(med(mcpAlone?.normal ?? [], 'p99'), 1)} → ` +
            `${fmt(med(mcpFlooded?.normal ?? [], 'p99'), 1)} ms seen by N's load generator.`,
          '',
        ]),
  ];
}

function renderProfile(): string[] {
  const p = report.profile;
  if (!p) return [];
  return [
    '## Where the MCP path spends its time',
    '',
    `The app under \`node --cpu-prof\` while serving \`${p.operation}\` tools/calls at concurrency 32 ` +
      `(${fmt(p.load.throughput, 0)} ops/s with the profiler on, errors ${errorCount(p.load)}). Self time, ` +
      `summarised by \`bench/cpuprofile-summary.ts\` (profile: \`${p.file}\`).`,
    '',
    formatSummary({
      ...p.summary,
      functions: p.summary.functions.slice(0, 20),
      modules: p.summary.modules.slice(0, 15),
    }),
    '',
  ];
}

const FINDINGS_HEADING = '## Findings and changes';

function renderReport(): string {
  const cpus = os.cpus();
  const body = [
    ...renderOverhead(),
    ...renderAuth(),
    ...renderSse(),
    ...renderStartup(),
    ...renderFairness(),
    ...renderProfile(),
  ];
  return [
    '# Benchmarks',
    '',
    `- Date: ${new Date().toISOString()}`,
    `- Command: \`${commandLine()}\``,
    `- Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB RAM, ` +
      `${os.type()} ${os.release()}, Node ${process.version}`,
    `- Code: ${codeVersion()}`,
    `- Database: ${dbKind === 'postgres' ? 'Postgres (fresh bench_<random> database, dropped afterwards)' : 'PGlite (fresh DATA_DIR)'}`,
    `- Everything on 127.0.0.1: the fake Intercom, the bare proxy, the app (\`node ${SERVER_NODE_FLAGS.join(' ')} ` +
      'dist/server.js`, as `npm start` and the Docker image run it; NODE_ENV=production, LOG_LEVEL=warn) and the ' +
      'load generators are separate processes sharing the same cores. The bare proxy runs with the same Node flags.',
    '',
    '## Targets',
    '',
    '(filled below)',
    '',
    ...body,
  ]
    .join('\n')
    .replace(
      '(filled below)',
      markdownTable(
        ['target', 'measured', 'verdict'],
        targets.map((t) => [t.name, t.value, verdict(t.met)]),
        ['l', 'l', 'l'],
      ),
    )
    .concat(
      `\n${FINDINGS_HEADING}\n\n_To be filled in by the developer: what the numbers led to change, with before/after._\n`,
    );
}

/** Keeps the developer's "Findings and changes" section when the report is regenerated. */
function withPreservedFindings(path: string, markdown: string): string {
  if (!existsSync(path)) return markdown;
  const old = readFileSync(path, 'utf8');
  const at = old.indexOf(FINDINGS_HEADING);
  if (at < 0) return markdown;
  return markdown.slice(0, markdown.indexOf(FINDINGS_HEADING)) + old.slice(at);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
