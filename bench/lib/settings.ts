// The benchmark's settings, from the environment (see bench/run.ts for the list), and its log.
const env = process.env;
const int = (value: string | undefined, fallback: number) => (value ? Number.parseInt(value, 10) : fallback);

export const quick = env.BENCH_QUICK === '1';
export const ROUNDS = int(env.BENCH_ROUNDS, quick ? 1 : 3);
export const DURATION = int(env.BENCH_DURATION, quick ? 2 : 4);
// A p99 needs many samples: the quiet tenant makes only ~150 calls a second while flooded.
export const FAIRNESS_DURATION = int(env.BENCH_FAIRNESS_DURATION, quick ? DURATION : 10);
export const WARMUP = int(env.BENCH_WARMUP, 1);
export const SSE_SESSIONS = int(env.BENCH_SSE_SESSIONS, 2000);
export const SSE_KEEPALIVE_MS = 2000;
// Long enough for V8's memory reducer to return the garbage of opening the sessions (see rssOver).
export const MEMORY_REDUCER_MS = 45_000;
export const SSE_SETTLE_MS = int(env.BENCH_SSE_SETTLE_MS, quick ? 2_000 : MEMORY_REDUCER_MS);
export const SSE_OBSERVE_MS = int(env.BENCH_SSE_OBSERVE_MS, quick ? 8_000 : 60_000);
/** The sections asked for (BENCH_SECTIONS), or undefined for all of them. */
export const SECTIONS = env.BENCH_SECTIONS?.split(',');
export const OUTPUT = env.BENCH_OUTPUT ?? (quick ? '' : 'docs/benchmarks.md');
export const adminUrl = env.DATABASE_URL || undefined;
export const dbKind = adminUrl ? 'postgres' : 'pglite';
export const PROFILE_OP = Number(env.BENCH_PROFILE_OP ?? 0);
export const CONCURRENCY = [1, 32];
const started = Date.now();

export function log(message: string) {
  process.stderr.write(`[bench +${((Date.now() - started) / 1000).toFixed(0)}s] ${message}\n`);
}

export function elapsedSeconds(): string {
  return ((Date.now() - started) / 1000).toFixed(0);
}

/** BENCH_APP_ENV="NAME=value,NAME=value": settings for the measured app (e.g. MAX_IN_FLIGHT_PER_CONNECTION). */
export function appEnvFromSettings(): Record<string, string> {
  return Object.fromEntries(
    (env.BENCH_APP_ENV ?? '')
      .split(',')
      .filter((kv) => kv.includes('='))
      .map((kv) => [kv.slice(0, kv.indexOf('=')).trim(), kv.slice(kv.indexOf('=') + 1).trim()]),
  );
}

/** The command as run, with any password in DATABASE_URL hidden. */
export function commandLine(): string {
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
