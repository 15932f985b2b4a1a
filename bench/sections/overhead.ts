// 1. Gateway overhead: rounds alternate (a) direct, (b) bare proxy, (c) MCP, rotating the order.

import type { BenchContext, Op, Variant } from '../lib/context.js';
import { cpuCell, describeErrors, errorCount, type Measured, med, withCpu } from '../lib/load.js';
import { addTarget } from '../lib/report.js';
import type { Section } from '../lib/section.js';
import { CONCURRENCY, DURATION, log, ROUNDS, WARMUP } from '../lib/settings.js';
import { fmt, markdownTable } from '../lib/stats.js';
import type { LoadResult } from '../loadgen.js';

interface OverheadRow {
  op: string;
  concurrency: number;
  variant: Variant;
  runs: Measured[];
}

const VARIANT = {
  a: '(a) direct to fake Intercom',
  b: '(b) bare Node proxy',
  c: '(c) MCP tools/call via our server',
};

export default function overhead(): Section {
  const rows: OverheadRow[] = [];
  return {
    name: 'overhead',
    reportOrder: 1,
    async withApp(context) {
      for (const op of context.ops) {
        for (const concurrency of CONCURRENCY) await measure(context, op, concurrency, rows);
      }
    },
    render: (context) => render(rows, context.plans),
  };
}

async function measure(context: BenchContext, op: Op, concurrency: number, all: OverheadRow[]) {
  const { loadgen, proxyProc, fakeProc } = context;
  const rows = (['a', 'b', 'c'] as const).map((variant) => {
    const row: OverheadRow = { op: op.label, concurrency, variant, runs: [] };
    all.push(row);
    return row;
  });
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < 3; i++) {
      const row = rows[(round + i) % 3] as OverheadRow;
      const gateway = { a: undefined, b: proxyProc.pid, c: context.app?.pid }[row.variant];
      const result = await withCpu({ gateway, fake: fakeProc.pid }, () =>
        loadgen.run(context.spec(row.variant, op, concurrency)),
      );
      row.runs.push(result);
      log(
        `${op.name} c=${concurrency} (${row.variant}) ${fmt(result.throughput, 0)} ops/s p50 ${fmt(result.p50)} ms p99 ${fmt(result.p99)} ms errors ${errorCount(result)}`,
      );
      if (errorCount(result) > 0) log(`  first body: ${result.firstBody.slice(0, 300)}`);
    }
  }
}

function render(overhead: OverheadRow[], plans: Record<string, string[]>): string[] {
  if (!overhead.length) return [];
  const rows = overhead.map((r) => [
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
  for (const op of new Set(overhead.map((r) => r.op))) {
    for (const concurrency of CONCURRENCY) {
      const find = (v: Variant) =>
        overhead.find((r) => r.op === op && r.concurrency === concurrency && r.variant === v)?.runs ?? [];
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
        addTarget({
          name: `${op}: tools/call throughput at concurrency 32 ≥ 0.6× bare proxy (aim 0.8×)`,
          value: `${fmt(ratio, 2)}× (${fmt(tput(c), 0)} vs ${fmt(tput(b), 0)} ops/s)${valid ? '' : ', runs had errors'}`,
          met: valid ? ratio >= 0.6 : undefined,
        });
      } else {
        const added = med(c, 'p50') - med(b, 'p50');
        addTarget({
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
    ...Object.entries(plans).map(
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
