// The load generator, in its own process (forked with an IPC channel): autocannon, closed loop, one
// keep-alive connection per unit of concurrency. An "operation" is a sequence of requests made one after
// another on one connection (the direct variant of a tool that makes two upstream calls); its latency is
// the sum of its requests' latencies, recorded with microsecond resolution (autocannon's own histogram
// is in whole milliseconds). Every response is checked, and errors are counted, never hidden.
import autocannon from 'autocannon';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadSpec {
  origin: string;
  requests: LoadRequest[];
  /** mcp: 200 + JSON-RPC result without isError; json: 2xx; unauthorized: 401 expected. */
  check: 'mcp' | 'json' | 'unauthorized';
  connections: number;
  durationSec: number;
  warmupSec: number;
}

export interface LoadResult {
  ops: number;
  elapsedMs: number;
  /** operations per second */
  throughput: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  errors: { status: number; rpcError: number; isError: number; socket: number; timeouts: number };
  firstBody: string;
  /** Operations completed during the warm-up run (for CPU-per-operation accounting). */
  warmupOps: number;
}

export function percentile(sorted: Float64Array | number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

function run(spec: LoadSpec, durationSec: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const k = spec.requests.length;
    const latencies: number[] = [];
    const errors = { status: 0, rpcError: 0, isError: 0, socket: 0, timeouts: 0 };
    let firstBody = '';
    const check = (status: number, body: string) => {
      if (!firstBody) firstBody = body.slice(0, 2_000);
      if (spec.check === 'unauthorized') {
        if (status !== 401) errors.status++;
        return;
      }
      if (status < 200 || status >= 300) {
        errors.status++;
        return;
      }
      if (spec.check !== 'mcp') return;
      // JSON-RPC errors carry no "result"; tool failures carry "isError":true at the top of the result.
      if (!body.includes('"result"')) errors.rpcError++;
      else if (body.includes('"isError":true')) errors.isError++;
    };
    const perClient = new Map<object, { acc: number; n: number }>();
    const started = process.hrtime.bigint();
    const instance = autocannon(
      {
        url: spec.origin,
        connections: spec.connections,
        pipelining: 1,
        duration: durationSec,
        timeout: 10,
        requests: spec.requests.map((r) => ({
          method: r.method,
          path: r.path,
          headers: r.headers,
          body: r.body,
          onResponse: (status: number, body: string) => check(status, body),
        })),
      },
      (error, result) => {
        if (error) return reject(error);
        const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
        const sorted = Float64Array.from(latencies).sort();
        const mean = latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length);
        errors.socket = result.errors - result.timeouts;
        errors.timeouts = result.timeouts;
        resolve({
          ops: latencies.length,
          elapsedMs,
          throughput: (latencies.length / elapsedMs) * 1000,
          p50: percentile(sorted, 50),
          p90: percentile(sorted, 90),
          p99: percentile(sorted, 99),
          max: sorted[sorted.length - 1] ?? Number.NaN,
          mean,
          errors,
          firstBody,
          warmupOps: 0,
        });
      },
    );
    instance.on('response', (client: object, _status: number, _bytes: number, responseTime: number) => {
      if (k === 1) {
        latencies.push(responseTime);
        return;
      }
      let entry = perClient.get(client);
      if (!entry) {
        entry = { acc: 0, n: 0 };
        perClient.set(client, entry);
      }
      entry.acc += responseTime;
      if (++entry.n === k) {
        latencies.push(entry.acc);
        entry.acc = 0;
        entry.n = 0;
      }
    });
  });
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const warmupOps = spec.warmupSec > 0 ? (await run(spec, spec.warmupSec)).ops : 0;
  return { ...(await run(spec, spec.durationSec)), warmupOps };
}

// As a child process: {id, spec} in, {id, result} or {id, error} out.
if (process.send) {
  process.on('message', (message: { id: number; spec: LoadSpec }) => {
    runLoad(message.spec).then(
      (result) => process.send?.({ id: message.id, result }),
      (error: unknown) => process.send?.({ id: message.id, error: String(error) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
