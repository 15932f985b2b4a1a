import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { FastCounter, FastHistogram } from './series.js';

/**
 * The process's metrics. Recording is always on (it costs a few map lookups and additions); they are
 * only exposed when /metrics is enabled (METRICS_TOKEN or METRICS_PORT), which also starts prom-client's
 * process metrics (CPU, memory, event-loop lag, GC).
 */
export const registry = new Registry();
const P = 'intercom_mcp_';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const httpRequests = new FastCounter(
  `${P}http_requests_total`,
  'HTTP requests by route pattern (never a path with a token), method and status.',
  ['route', 'method', 'status'],
);
export const httpDuration = new FastHistogram(
  `${P}http_request_duration_seconds`,
  'Time to the response (for SSE streams: until the stream starts), by route pattern and method.',
  ['route', 'method'],
  LATENCY_BUCKETS,
);
export const rateLimitRefusals = new FastCounter(
  `${P}rate_limit_refusals_total`,
  'Requests refused with 429 (per address, per connection, failed authentications, queue full, SSE streams), by route pattern.',
  ['route'],
);
export const toolCalls = new FastCounter(
  `${P}tool_calls_total`,
  'MCP tool calls by tool and outcome (ok, error, invalid_arguments, cancelled, forbidden).',
  ['tool', 'outcome'],
);
export const toolDuration = new FastHistogram(
  `${P}tool_call_duration_seconds`,
  'MCP tool call latency by tool and outcome.',
  ['tool', 'outcome'],
  LATENCY_BUCKETS,
);
export const intercomRequests = new FastCounter(
  `${P}intercom_requests_total`,
  'Calls to the Intercom API by HTTP status, or timeout, network_error, aborted.',
  ['status'],
);
export const intercomDuration = new FastHistogram(
  `${P}intercom_request_duration_seconds`,
  'Latency of calls to the Intercom API by HTTP status (or timeout, network_error, aborted).',
  ['status'],
  LATENCY_BUCKETS,
);
export const argon2Verifications = new FastCounter(
  `${P}argon2_verifications_total`,
  'argon2id verifications of connection tokens (cache misses) by result: match, mismatch, error.',
  ['result'],
);
export const argon2Duration = new FastHistogram(
  `${P}argon2_verification_duration_seconds`,
  'Time of one argon2id verification.',
  [],
  [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
);
export const tokenCacheLookups = new FastCounter(
  `${P}token_cache_lookups_total`,
  'Verified-token cache lookups by cache (connection, oauth) and result (hit, miss): hit rate = hit / (hit + miss).',
  ['cache', 'result'],
);

for (const metric of [
  httpRequests,
  httpDuration,
  rateLimitRefusals,
  toolCalls,
  toolDuration,
  intercomRequests,
  intercomDuration,
  argon2Verifications,
  argon2Duration,
  tokenCacheLookups,
]) {
  // biome-ignore lint/suspicious/noExplicitAny: prom-client's registry reads any object with name/get (see series.ts)
  registry.registerMetric(metric as any);
}

/** What a running instance reports at scrape time (read only then: nothing on the request path). */
export interface RuntimeSource {
  sseStreamsOpen(): number;
  database(): { up: boolean; maxConnections: number; inFlight: number };
  /** Bulk jobs by status; may fail while the database is away (the gauge then keeps its last values). */
  bulkJobs(): Promise<Record<string, number>>;
}

const sources = new Set<RuntimeSource>();
const JOB_STATES = ['snapshotting', 'running', 'completed', 'cancelled', 'failed'];
const sum = (pick: (s: RuntimeSource) => number) => [...sources].reduce((total, s) => total + pick(s), 0);

new Gauge({
  name: `${P}sse_streams_open`,
  help: 'Legacy HTTP+SSE streams open.',
  registers: [registry],
  collect() {
    this.set(sum((s) => s.sseStreamsOpen()));
  },
});
new Gauge({
  name: `${P}db_up`,
  help: '1 while the database answers, 0 from the first failure until it answers again.',
  registers: [registry],
  collect() {
    this.set([...sources].every((s) => s.database().up) ? 1 : 0);
  },
});
new Gauge({
  name: `${P}db_pool_max_connections`,
  help: 'Size of the database connection pool (1 for the embedded PGlite).',
  registers: [registry],
  collect() {
    this.set(sum((s) => s.database().maxConnections));
  },
});
new Gauge({
  name: `${P}db_operations_in_flight`,
  help: 'Queries and transactions started and not finished, including those waiting for a pooled connection.',
  registers: [registry],
  collect() {
    this.set(sum((s) => s.database().inFlight));
  },
});
new Gauge({
  name: `${P}bulk_jobs`,
  help: 'Bulk message jobs by state (ended jobs are kept for AUDIT_RETENTION_DAYS).',
  labelNames: ['state'],
  registers: [registry],
  async collect() {
    const counts = await Promise.all([...sources].map((s) => s.bulkJobs().catch(() => undefined)));
    if (counts.some((c) => c === undefined)) return;
    for (const state of JOB_STATES) {
      this.set(
        { state },
        counts.reduce((total, c) => total + (c?.[state] ?? 0), 0),
      );
    }
  },
});

/** Registers an instance's sources; returns the function that removes them (on shutdown). */
export function addRuntimeSource(source: RuntimeSource): () => void {
  sources.add(source);
  return () => sources.delete(source);
}

let processMetrics = false;

/** prom-client's process metrics, started once, and only when /metrics is exposed. */
export function enableProcessMetrics(): void {
  if (processMetrics) return;
  processMetrics = true;
  collectDefaultMetrics({ register: registry, prefix: P });
}
