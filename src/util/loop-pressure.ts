import { type EventLoopUtilization, performance } from 'node:perf_hooks';

/** How busy the event loop was since the previous reading, from 0 to 1. */
export type BusyReader = () => number;

/** Node's event-loop utilization since the previous call. */
function eventLoopBusyReader(): BusyReader {
  let last: EventLoopUtilization = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    return busy;
  };
}

/**
 * Whether the event loop is saturated, from Node's event-loop utilization over a sampling window: it
 * becomes so when a window was at least `enterAt` busy, and stays so until one falls below `leaveAt`.
 * Fairness measures only pay off while tenants compete for CPU; with headroom they would only cost the
 * busy tenant throughput. The gap between the two thresholds keeps a measure that frees CPU from
 * switching itself off at once. Sampling starts on first use; its timer never keeps the process up.
 */
export class LoopPressure {
  private saturated = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly enterAt = 0.9,
    private readonly leaveAt = 0.5,
    private readonly windowMs = 250,
    private readonly newReader: () => BusyReader = eventLoopBusyReader,
  ) {}

  isSaturated(): boolean {
    if (!this.timer) this.start();
    return this.saturated;
  }

  /** Takes one window's utilization into account (the sampler's timer calls this every window). */
  observe(busy: number): void {
    this.saturated = this.saturated ? busy >= this.leaveAt : busy >= this.enterAt;
  }

  private start(): void {
    const read = this.newReader();
    this.timer = setInterval(() => this.observe(read()), this.windowMs);
    this.timer.unref();
  }
}

/** The process's one event loop, measured once for every limiter. */
export const processLoopPressure = new LoopPressure();
