/** The latest X-RateLimit-* values Intercom reported for one workspace. */
export interface RateLimitSnapshot {
  limit: number;
  remaining: number;
  /** Unix seconds when the window resets. */
  resetAt: number;
}

/**
 * Per-workspace rate-limit state, fed from every upstream response and spent locally by every call
 * that starts, so that concurrent calls between two responses also count.
 */
export class RateLimitRegistry {
  private readonly byWorkspace = new Map<string, RateLimitSnapshot>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The latest values reported for the workspace, if any and still current. */
  snapshot(workspaceKey: string): RateLimitSnapshot | undefined {
    const state = this.byWorkspace.get(workspaceKey);
    return state && state.resetAt * 1000 > this.now() ? { ...state } : undefined;
  }

  record(workspaceKey: string, headers: Headers): void {
    if (!headers.has('x-ratelimit-remaining')) return;
    const limit = Number(headers.get('x-ratelimit-limit'));
    const remaining = Number(headers.get('x-ratelimit-remaining'));
    const resetAt = Number(headers.get('x-ratelimit-reset'));
    if (!Number.isFinite(limit) || !Number.isFinite(remaining) || !Number.isFinite(resetAt)) return;
    this.byWorkspace.set(workspaceKey, { limit, remaining, resetAt });
  }

  /**
   * Claims one call from the workspace's budget. Returns 0 when it may go now, or how many ms to
   * wait for the window to reset when the budget (minus a reserve) is spent. Interactive calls keep a
   * small reserve; background sends pass a larger `reserveFraction` so they leave the rest of the
   * window to the tenant's interactive calls.
   */
  acquire(workspaceKey: string, reserveFraction = 0.01): number {
    const state = this.byWorkspace.get(workspaceKey);
    if (!state) return 0;
    const untilReset = state.resetAt * 1000 - this.now();
    if (untilReset <= 0) {
      this.byWorkspace.delete(workspaceKey);
      return 0;
    }
    const reserve = Math.max(2, Math.floor(state.limit * reserveFraction));
    if (state.remaining > reserve) {
      state.remaining -= 1;
      return 0;
    }
    return untilReset;
  }
}
