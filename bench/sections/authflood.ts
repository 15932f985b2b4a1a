// 6. A flood of wrong secrets: FLOOD_CONCURRENCY requests kept in flight, each with a new random secret on
// one connection's lookup id, from one address (bench/auth-flood-client.ts, its own process), while a
// legitimate client from another address presents connection tokens never verified before (cold: the
// database read and argon2 verify run for each). Its own app (TRUST_PROXY=true so X-Forwarded-For names
// the two addresses, the default AUTH_FAILURES_PER_IP_PER_15_MINUTES=30, METRICS_TOKEN to read how many
// argon2 verifications ran).
import { randomBytes } from 'node:crypto';
import { type App, type Connection, connect, startApp } from '../lib/app.js';
import type { BenchContext } from '../lib/context.js';
import { firstJsonLine, sleep, spawnNode } from '../lib/processes.js';
import { addTarget } from '../lib/report.js';
import type { Section } from '../lib/section.js';
import { log, quick } from '../lib/settings.js';
import { fmt, markdownTable } from '../lib/stats.js';
import { percentile } from '../loadgen.js';

const CONCURRENCY = 1000;
const FLOOD_SECONDS = quick ? 6 : 15;
const COLD_TOKENS = quick ? 15 : 60;
const METRICS_TOKEN = `bench-${randomBytes(12).toString('hex')}`;

interface Result {
  sent: number;
  statuses: Record<string, number>;
  argon2Runs: number;
  coldMs: number[];
  coldStatuses: number[];
}

export default function authflood(): Section {
  let result: Result | undefined;
  return {
    name: 'authflood',
    reportOrder: 6,
    async afterApp(context) {
      result = await measure(context);
    },
    render: () => render(result),
  };
}

async function argon2Runs(app: App): Promise<number> {
  const text = await (
    await fetch(`${app.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })
  ).text();
  let total = 0;
  for (const m of text.matchAll(/^intercom_mcp_argon2_verifications_total\{[^}]*\} (\d+)$/gm))
    total += Number(m[1]);
  return total;
}

async function measure(context: BenchContext): Promise<Result> {
  const app = await startApp({
    ...context.appOptions,
    database: await context.newDatabase(),
    env: {
      ...context.appOptions.env,
      TRUST_PROXY: 'true',
      AUTH_FAILURES_PER_IP_PER_15_MINUTES: '30',
      METRICS_TOKEN,
    },
  });
  try {
    const target = await connect(app.url, context.fake.workspaces.flood.token);
    const cold: Connection[] = [];
    for (let i = 0; i < COLD_TOKENS; i++)
      cold.push(await connect(app.url, context.fake.workspaces.normal.token));
    const before = await argon2Runs(app);
    const flood = spawnNode(['--import', 'tsx', 'bench/auth-flood-client.ts'], {
      FLOOD_ORIGIN: app.url,
      FLOOD_LOOKUP_ID: target.token.split('_')[1] as string,
      FLOOD_CONCURRENCY: String(CONCURRENCY),
      FLOOD_SECONDS: String(FLOOD_SECONDS),
    });
    const flooded = firstJsonLine<{ sent: number; statuses: Record<string, number> }>(
      flood,
      (FLOOD_SECONDS + 60) * 1000,
    );
    // Let the flood reach full concurrency, then spread the cold tokens over the rest of it.
    await sleep(1_000);
    const gap = ((FLOOD_SECONDS - 2) * 1000) / COLD_TOKENS;
    const coldMs: number[] = [];
    const coldStatuses: number[] = [];
    for (const connection of cold) {
      const t0 = performance.now();
      const response = await fetch(`${app.url}${connection.mcpPath}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
          'X-Forwarded-For': '198.51.100.20',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
      });
      await response.arrayBuffer();
      coldMs.push(performance.now() - t0);
      coldStatuses.push(response.status);
      await sleep(Math.max(0, gap - (performance.now() - t0)));
    }
    const { sent, statuses } = await flooded;
    await flood.exited;
    // The cold tokens' own verifications are not the flood's.
    const ran = (await argon2Runs(app)) - before - COLD_TOKENS;
    log(
      `authflood: ${sent} flood requests, ${ran} argon2 runs for them; cold p99 ${fmt(
        percentile(
          [...coldMs].sort((a, b) => a - b),
          99,
        ),
        1,
      )} ms`,
    );
    return { sent, statuses, argon2Runs: ran, coldMs, coldStatuses };
  } finally {
    await app.stop();
  }
}

function render(r: Result | undefined): string[] {
  if (!r) return [];
  const sorted = [...r.coldMs].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p99 = percentile(sorted, 99);
  const refusedShare = r.sent > 0 ? (r.sent - r.argon2Runs) / r.sent : Number.NaN;
  const coldOk = r.coldStatuses.filter((s) => s === 200).length;
  addTarget({
    name: `a cold token verifies in < 500 ms p99 under a flood of ${CONCURRENCY} concurrent wrong secrets`,
    value: `${fmt(p99, 1)} ms (p50 ${fmt(p50, 1)} ms; ${coldOk}/${r.coldMs.length} served)`,
    met: p99 < 500 && coldOk === r.coldMs.length,
  });
  addTarget({
    name: '≥ 95 % of that flood refused before argon2',
    value: `${fmt(refusedShare * 100, 2)} % (${r.argon2Runs} argon2 runs for ${r.sent} requests)`,
    met: refusedShare >= 0.95,
  });
  return [
    '## 6. Failed-authentication flood',
    '',
    `${CONCURRENCY} requests kept in flight for ${FLOOD_SECONDS} s (\`bench/auth-flood-client.ts\`, its own process), each ` +
      "with a new random secret on one connection's lookup id, from one address; meanwhile a legitimate client " +
      `from another address presents ${r.coldMs.length} connection tokens never verified before, one after another ` +
      '(a JSON-RPC `ping` each: database read + argon2 verify + answer). `AUTH_FAILURES_PER_IP_PER_15_MINUTES=30`; ' +
      "argon2 runs counted from the app's `/metrics`.",
    '',
    markdownTable(
      ['measure', 'value'],
      [
        ['flood requests answered', r.sent],
        [
          'flood answers by status',
          Object.entries(r.statuses)
            .map(([s, n]) => `${s}: ${n}`)
            .join(', '),
        ],
        ['argon2 verifications for the flood', r.argon2Runs],
        ['refused before argon2', `${fmt(refusedShare * 100, 2)} %`],
        [
          'cold token p50 / p99 / max ms',
          `${fmt(p50, 1)} / ${fmt(p99, 1)} / ${fmt(sorted.at(-1) ?? Number.NaN, 1)}`,
        ],
        ['cold tokens served (200)', `${coldOk} of ${r.coldMs.length}`],
      ],
      ['l', 'r'],
    ),
    '',
  ];
}
