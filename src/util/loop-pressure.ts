import { type EventLoopUtilization, performance } from 'node:perf_hooks';

/**
 * Whether the event loop is saturated, from Node's event-loop utilization over a sampling window: it
 * becomes so when a window was at least `enterAt` busy, and stays so until one falls below `leaveAt`.
 * Fairness measures only pay off while tenants compete for CPU; with headroom they would only cost the
 * busy tenant throughput. The gap between the two thresholds keeps a measure that frees CPU from
 * switching itself off at once. Sampling starts on first use; its timer never keeps the process up.
 */
export class LoopPressure {
  private last: EventLoopUtilization | undefined;
  private saturated = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly enterAt = 0.9,
    private readonly leaveAt = 0.5,
    private readonly windowMs = 250,
  ) {}

  isSaturated(): boolean {
    if (!this.timer) this.start();
    return this.saturated;
  }

  private start(): void {
    this.last = performance.eventLoopUtilization();
    this.timer = setInterval(() => {
      const now = performance.eventLoopUtilization();
      const busy = performance.eventLoopUtilization(now, this.last).utilization;
      this.saturated = this.saturated ? busy >= this.leaveAt : busy >= this.enterAt;
      this.last = now;
    }, this.windowMs);
    this.timer.unref();
  }
}

/** The process's one event loop, measured once for every limiter. */
export const processLoopPressure = new LoopPressure();
