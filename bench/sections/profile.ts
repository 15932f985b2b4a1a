// Where the MCP path's time goes: the app under --cpu-prof at concurrency 32 (BENCH_PROFILE_OP picks the
// operation: 0 get_contact, 1 search_conversations).
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { formatSummary, type ProfileSummary, summarizeProfile } from '../cpuprofile-summary.js';
import { startApp } from '../lib/app.js';
import type { BenchContext, Op } from '../lib/context.js';
import { errorCount } from '../lib/load.js';
import type { Section } from '../lib/section.js';
import { log, PROFILE_OP, quick, WARMUP } from '../lib/settings.js';
import { fmt } from '../lib/stats.js';
import type { LoadResult } from '../loadgen.js';

interface Profile {
  summary: ProfileSummary;
  file: string;
  load: LoadResult;
  operation: string;
}

export default function profile(): Section {
  let result: Profile | undefined;
  return {
    name: 'profile',
    reportOrder: 6,
    async afterApp(context) {
      result = await measure(context);
    },
    render: () => render(result),
  };
}

async function measure(context: BenchContext): Promise<Profile | undefined> {
  const dir = mkdtempSync(join(os.tmpdir(), 'intercom-mcp-cpuprof-'));
  const profiled = await startApp({
    ...context.appOptions,
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
  });
  const op = context.ops[PROFILE_OP] as Op;
  const load = await context.loadgen.run({
    ...context.spec('c', op, 32, context.conns.main, profiled),
    durationSec: quick ? 4 : 10,
  });
  await profiled.stop(15_000);
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) {
    log('no .cpuprofile was written');
    return undefined;
  }
  const skipMs = profiled.readyMs + WARMUP * 1000;
  const summary = summarizeProfile(JSON.parse(readFileSync(join(dir, file), 'utf8')), 25, skipMs);
  log(`profile written to ${join(dir, file)}`);
  return { summary, file: join(dir, file), load, operation: op.label };
}

function render(p: Profile | undefined): string[] {
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
