// 3. Legacy SSE: memory per idle session and keep-alive punctuality.
import { readFileSync } from 'node:fs';
import { type App, type Connection, startApp } from '../lib/app.js';
import type { BenchContext } from '../lib/context.js';
import { rssBytes, sleep } from '../lib/processes.js';
import { addTarget } from '../lib/report.js';
import type { Section } from '../lib/section.js';
import {
  log,
  MEMORY_REDUCER_MS,
  SSE_KEEPALIVE_MS,
  SSE_OBSERVE_MS,
  SSE_SESSIONS,
  SSE_SETTLE_MS,
} from '../lib/settings.js';
import { openSse, type SseStream, sseAgent } from '../lib/sse.js';
import { fmt, markdownTable, median } from '../lib/stats.js';

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

export default function sse(): Section {
  let result: SseResult | undefined;
  return {
    name: 'sse',
    reportOrder: 3,
    async afterApp(context: BenchContext) {
      const sseApp = await startApp({
        ...context.appOptions,
        env: {
          ...context.appOptions.env,
          SSE_KEEPALIVE_MS: String(SSE_KEEPALIVE_MS),
          MAX_SSE_SESSIONS_PER_CONNECTION: String(SSE_SESSIONS + 100),
        },
      });
      result = await measureSse(sseApp, context.conns.main);
      await sseApp.stop(15_000);
    },
    render: () => render(result),
  };
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

function render(s: SseResult | undefined): string[] {
  if (!s) return [];
  addTarget({
    name: 'idle legacy SSE session < 30 KB each',
    value: `${fmt(s.perSessionKb, 1)} KB ${SSE_OBSERVE_MS >= MEMORY_REDUCER_MS ? 'once V8 returned the garbage of opening them' : 'lowest over a short window, not settled'} (${fmt(s.perSessionPeakKb, 1)} KB at the peak)`,
    met: s.perSessionKb < 30,
  });
  addTarget({
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
