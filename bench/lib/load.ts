// The load generators (bench/loadgen.ts, forked) and the CPU each process spends per operation.
import type { LoadResult, LoadSpec } from '../loadgen.js';
import { type Child, cpuTimeMs, forkTs } from './processes.js';
import { fmt, median } from './stats.js';

export class LoadGen {
  private nextId = 1;
  private readonly pending = new Map<number, (m: { result?: LoadResult; error?: string }) => void>();
  constructor(readonly proc: Child) {
    proc.child.on('message', (m: { id: number; result?: LoadResult; error?: string }) => {
      this.pending.get(m.id)?.(m);
      this.pending.delete(m.id);
    });
  }
  static start(): LoadGen {
    return new LoadGen(forkTs('bench/loadgen.ts'));
  }
  run(spec: LoadSpec): Promise<LoadResult> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (m) => (m.result ? resolve(m.result) : reject(new Error(m.error))));
      this.proc.child.send({ id, spec });
    });
  }
}

export const errorCount = (r: LoadResult) => Object.values(r.errors).reduce((a, b) => a + b, 0);

export function describeErrors(results: LoadResult[]): string {
  const total = { status: 0, rpcError: 0, isError: 0, socket: 0, timeouts: 0 };
  for (const r of results)
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += r.errors[k];
  const parts = Object.entries(total)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${v} ${k}`);
  return parts.length ? `**${parts.join(', ')}** (invalid)` : '0';
}

/** CPU time per operation (µs) of a process during a load run, warm-up included. */
export interface CpuPerOp {
  user: number;
  sys: number;
}
export type Measured = LoadResult & { gatewayCpu?: CpuPerOp; fakeCpu?: CpuPerOp };

export async function withCpu(
  pids: { gateway?: number; fake: number },
  run: () => Promise<LoadResult>,
): Promise<Measured> {
  const before = { gateway: pids.gateway ? cpuTimeMs(pids.gateway) : undefined, fake: cpuTimeMs(pids.fake) };
  const result = await run();
  const ops = result.ops + result.warmupOps;
  const perOp = (pid: number, then: { user: number; sys: number }) => {
    const now = cpuTimeMs(pid);
    return { user: ((now.user - then.user) * 1000) / ops, sys: ((now.sys - then.sys) * 1000) / ops };
  };
  return {
    ...result,
    fakeCpu: perOp(pids.fake, before.fake),
    ...(pids.gateway && before.gateway ? { gatewayCpu: perOp(pids.gateway, before.gateway) } : {}),
  };
}

export const med = (runs: LoadResult[], key: 'throughput' | 'p50' | 'p99') => median(runs.map((r) => r[key]));

/** Median CPU µs per operation as "total (user+sys)". */
export function cpuCell(values: (CpuPerOp | undefined)[]): string {
  const present = values.filter((v): v is CpuPerOp => v !== undefined);
  if (!present.length) return '';
  const user = median(present.map((v) => v.user));
  const sys = median(present.map((v) => v.sys));
  return `${fmt(user + sys, 0)} (${fmt(user, 0)}+${fmt(sys, 0)})`;
}
