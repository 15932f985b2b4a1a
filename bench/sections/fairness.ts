// 5. Fairness: tenant F floods get_contact at concurrency 32 while tenant N calls at concurrency 1.
import postgres from 'postgres';
import type { App } from '../lib/app.js';
import { connectionIdOf } from '../lib/app.js';
import type { BenchContext, Op } from '../lib/context.js';
import { describeErrors, med } from '../lib/load.js';
import { sleep } from '../lib/processes.js';
import { addTarget } from '../lib/report.js';
import type { Section } from '../lib/section.js';
import { FAIRNESS_DURATION, log, ROUNDS, WARMUP } from '../lib/settings.js';
import { fmt, markdownTable, median } from '../lib/stats.js';
import type { LoadResult, LoadSpec } from '../loadgen.js';

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

export default function fairness(): Section {
  const rows: FairnessRow[] = [];
  return {
    name: 'fairness',
    reportOrder: 5,
    withApp: (context) => measure(context, rows),
    render: () => render(rows),
  };
}

async function measure(context: BenchContext, rows: FairnessRow[]) {
  const { app, conns, loadgen, loadgen2, mainDb } = context;
  const getContact = context.ops[0] as Op;
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
      normal: context.spec('c', getContact, 1, conns.normal),
      flood: context.spec('c', getContact, 32, conns.flood),
    },
    {
      label: 'bare proxy (b), for reference',
      normal: context.spec('b', getContact, 1),
      flood: context.spec('b', getContact, 32),
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
    rows.push(alone, flooded);
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

function render(fairness: FairnessRow[]): string[] {
  if (!fairness.length) return [];
  const inAppMedian = (r: FairnessRow | undefined, key: 'p50' | 'p99') =>
    r?.inApp.length ? median(r.inApp.map((x) => x[key])) : undefined;
  const inApp = (r: FairnessRow, key: 'p50' | 'p99') => {
    const value = inAppMedian(r, key);
    return value === undefined ? '' : fmt(value, 0);
  };
  const rows = fairness.map((r) => [
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
  const [mcpAlone, mcpFlooded] = fairness;
  const [inAppAlone, inAppFlooded] = [inAppMedian(mcpAlone, 'p99'), inAppMedian(mcpFlooded, 'p99')];
  const inAppRatio =
    inAppAlone !== undefined && inAppFlooded !== undefined ? inAppFlooded / inAppAlone : undefined;
  const pairOf = (target: string) => fairness.filter((r) => r.target === target);
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
  const mcp = fairness[0]?.target ?? '';
  const ratio = ratioOf(mcp);
  const ref = fairness[2]?.target;
  addTarget({
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
