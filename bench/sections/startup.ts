// 4. Start-up: process start to the first /readyz 200, against a bare node:http server as the floor.
import { waitForReady } from '../../test/support/ready.js';
import { startApp } from '../lib/app.js';
import type { BenchContext } from '../lib/context.js';
import { SERVER_NODE_FLAGS } from '../lib/node-flags.js';
import { freePort, spawnNode } from '../lib/processes.js';
import { addTarget } from '../lib/report.js';
import type { Section } from '../lib/section.js';
import { adminUrl, log, quick } from '../lib/settings.js';
import { fmt, markdownTable, median } from '../lib/stats.js';

interface StartupRow {
  label: string;
  runs: number[];
}

export default function startup(): Section {
  const rows: StartupRow[] = [];
  return {
    name: 'startup',
    reportOrder: 4,
    afterApp: (context) => measure(context, rows),
    render: () => render(rows),
  };
}

async function measure(context: BenchContext, rows: StartupRow[]) {
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
  rows.push(floor);
  const kinds: ('pglite' | 'postgres')[] = adminUrl ? ['postgres', 'pglite'] : ['pglite'];
  for (const kind of kinds) {
    const first: StartupRow = { label: `${kind}: first start (empty database, migrations run)`, runs: [] };
    const later: StartupRow = { label: `${kind}: later start (migrated database)`, runs: [] };
    rows.push(first, later);
    for (let i = 0; i < starts; i++) {
      const db = await context.newDatabase(kind);
      for (const row of [first, later, later]) {
        const started = await startApp({ ...context.appOptions, database: db });
        row.runs.push(started.readyMs);
        await started.stop(15_000);
      }
      log(
        `start-up ${kind}: first ${fmt(first.runs.at(-1) ?? 0, 0)} ms, later ${fmt(later.runs.at(-1) ?? 0, 0)} ms`,
      );
    }
  }
}

function render(startup: StartupRow[]): string[] {
  if (!startup.length) return [];
  for (const r of startup.filter((x) => x.label.startsWith('postgres'))) {
    const m = median(r.runs);
    addTarget({
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
      startup.map((r) => [r.label, fmt(median(r.runs), 0), r.runs.map((x) => fmt(x, 0)).join(' / ')]),
      ['l', 'r', 'r'],
    ),
    '',
  ];
}
