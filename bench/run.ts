// `npm run bench`: gateway overhead, auth cost, legacy SSE capacity, start-up and multi-tenant fairness,
// measured on loopback against the built app (dist/server.js) in its own process, the fake Intercom in
// another, and the load generator in a third. Results: a table on stdout and docs/benchmarks.md.
// Each section is a module of bench/sections/ (listed in bench/sections/index.ts).
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
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BenchContext, closeContext, createContext } from './lib/context.js';
import { root } from './lib/processes.js';
import { renderReport, withPreservedFindings } from './lib/report.js';
import type { Section } from './lib/section.js';
import { DURATION, dbKind, elapsedSeconds, log, OUTPUT, ROUNDS, SECTIONS, WARMUP } from './lib/settings.js';
import { SECTIONS as REGISTERED } from './sections/index.js';

async function selectedSections(): Promise<Section[]> {
  const names = SECTIONS ?? Object.keys(REGISTERED);
  const unknown = names.filter((name) => !(name in REGISTERED));
  if (unknown.length) {
    throw new Error(`unknown BENCH_SECTIONS ${unknown}; known: ${Object.keys(REGISTERED).join(',')}`);
  }
  // In the registry's order, whatever the order asked for.
  const chosen = Object.entries(REGISTERED).filter(([name]) => names.includes(name));
  return Promise.all(chosen.map(async ([, load]) => (await load()).default()));
}

async function main() {
  if (!existsSync(join(root, 'dist/server.js')))
    throw new Error('dist/server.js is missing: run npm run build');
  const sections = await selectedSections();
  log(
    `database ${dbKind}; rounds ${ROUNDS} × ${DURATION} s (+${WARMUP} s warm-up); sections ${sections.map((s) => s.name)}`,
  );
  const context: BenchContext = await createContext();
  try {
    for (const section of sections) await section.withApp?.(context);
    await context.app?.stop();
    context.app = undefined;
    for (const section of sections) await section.afterApp?.(context);

    const unhandled = (await (await fetch(`${context.fake.controlUrl}/unhandled`)).json()) as string[];
    if (unhandled.length) log(`the fake saw unmodelled requests: ${unhandled.slice(0, 5).join('; ')}`);

    const byReportOrder = [...sections].sort((a, b) => a.reportOrder - b.reportOrder);
    const markdown = renderReport(byReportOrder.flatMap((section) => section.render(context)));
    process.stdout.write(`\n${markdown}\n`);
    if (OUTPUT) {
      writeFileSync(join(root, OUTPUT), withPreservedFindings(join(root, OUTPUT), markdown));
      log(`wrote ${OUTPUT}`);
    }
  } finally {
    await closeContext(context);
  }
  log(`done in ${elapsedSeconds()} s`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
