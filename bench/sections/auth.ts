// 2. Auth cost: over HTTP the same cheap JSON-RPC ping with a valid, an unknown and a malformed token;
// then in process, the app's own ConnectionService.authenticate (bench/auth-micro.ts).
import { randomBytes } from 'node:crypto';
import { MCP_HEADERS } from '../lib/app.js';
import type { BenchContext } from '../lib/context.js';
import { cpuCell, describeErrors, type Measured, med, withCpu } from '../lib/load.js';
import { firstJsonLine, spawnNode } from '../lib/processes.js';
import { addTarget } from '../lib/report.js';
import type { Section } from '../lib/section.js';
import { DURATION, log, quick, ROUNDS, WARMUP } from '../lib/settings.js';
import { fmt, markdownTable, median } from '../lib/stats.js';
import type { LoadSpec } from '../loadgen.js';

type Micro = Record<string, { n: number; p50_us: number; p90_us: number }> & { database: string };

export default function auth(): Section {
  const overHttp: { label: string; runs: Measured[] }[] = [];
  let micro: Micro | undefined;
  return {
    name: 'auth',
    reportOrder: 2,
    withApp: (context) => measureHttp(context, overHttp),
    async afterApp(context) {
      micro = await measureMicro(context);
    },
    render: () => render(micro, overHttp),
  };
}

async function measureHttp(context: BenchContext, results: { label: string; runs: Measured[] }[]) {
  const { pid: appPid, url: appUrl } = context.app as NonNullable<BenchContext['app']>;
  const ping = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' });
  const unknown = `/mcp/icm_${randomBytes(8).toString('hex')}_${randomBytes(32).toString('base64url')}`;
  const cases: { label: string; path: string; check: LoadSpec['check'] }[] = [
    { label: 'valid token (warm cache), ping → 200', path: context.conns.main.mcpPath, check: 'mcp' },
    { label: 'unknown well-formed token → 401', path: unknown, check: 'unauthorized' },
    { label: 'malformed token → 401', path: '/mcp/not-a-token', check: 'unauthorized' },
  ];
  for (const c of cases) {
    const runs: Measured[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      runs.push(
        await withCpu({ gateway: appPid, fake: context.fakeProc.pid }, () =>
          context.loadgen.run({
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
    results.push({ label: c.label, runs });
    log(`auth http ${c.label}: p50 ${fmt(median(runs.map((r) => r.p50)), 3)} ms`);
  }
}

async function measureMicro(context: BenchContext): Promise<Micro> {
  const db = await context.newDatabase();
  const child = spawnNode(['--import', 'tsx', 'bench/auth-micro.ts'], {
    AUTH_DATABASE_URL: db.env.DATABASE_URL ?? '',
    AUTH_DATA_DIR: db.env.DATA_DIR ?? '',
    BENCH_QUICK: quick ? '1' : '0',
  });
  const result = await firstJsonLine<Micro>(child, 180_000);
  await child.exited;
  log(`auth micro: warm p50 ${fmt(result?.warm?.p50_us ?? Number.NaN, 2)} µs`);
  return result;
}

function render(m: Micro | undefined, overHttp: { label: string; runs: Measured[] }[]): string[] {
  const out: string[] = [];
  if (!m && !overHttp.length) return out;
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
          row(
            'unknown well-formed token',
            'unknown',
            'regex parse + one database read that finds nothing + a wait as long as a verify (no argon2 work)',
          ),
          row('  database read alone', 'db_lookup_only', 'ConnectionStore.findActiveByLookupId'),
          row('malformed token', 'garbage', 'regex only'),
          row('known lookup id, wrong secret', 'wrong_secret', 'database read + argon2id verify (fails)'),
        ],
        ['l', 'r', 'r', 'r', 'l'],
      ),
      '',
    );
    const warm = m.warm?.p50_us ?? Number.NaN;
    addTarget({ name: 'warm auth < 50 µs per request', value: `${fmt(warm, 2)} µs`, met: warm < 50 });
    const unknown = m.unknown?.p50_us ?? Number.NaN;
    const wrong = m.wrong_secret?.p50_us ?? Number.NaN;
    addTarget({
      name: 'unknown lookup id answers about as late as a wrong secret (no timing oracle), without argon2 work',
      value: `${fmt(unknown / 1000, 1)} ms vs ${fmt(wrong / 1000, 1)} ms (before: 4 ms vs 19 ms)`,
      met: unknown / wrong > 0.5 && unknown / wrong < 1.5,
    });
  }
  if (overHttp.length) {
    out.push(
      'Over HTTP, concurrency 1, JSON-RPC `ping` (no upstream call), medians over rounds:',
      '',
      markdownTable(
        ['request', 'req/s', 'p50 ms', 'p99 ms', 'app CPU µs/request (user+sys)', 'errors'],
        overHttp.map((r) => [
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
