/** The latest X-RateLimit-* values Intercom reported for one workspace. */
export interface RateLimitSnapshot {
  limit: number;
  remaining: number;
  /** Unix seconds when the window resets. */
  resetAt: number;
}

/** The end of each workspace's budget, shared with the other instances (a table in Postgres). */
export interface SharedRateBudget {
  /** Claims one call of the window; false when all instances together have spent it down to `reserve`. */
  claim(
    workspaceKey: string,
    window: { resetAt: number; remaining: number },
    reserve: number,
  ): Promise<boolean>;
}

/** Below this share of the window left, calls also claim from the shared budget. */
const LOW_WATER = 0.2;

/**
 * Per-workspace rate-limit state, fed from every upstream response and spent locally by every call
 * that starts, so that concurrent calls between two responses also count. With other instances, the
 * last fifth of each window is claimed call by call from a budget they share, so N instances together
 * send no more than one would; above that, answers keep every instance's count close enough.
 */
export class RateLimitRegistry {
  private readonly byWorkspace = new Map<string, RateLimitSnapshot>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly shared?: SharedRateBudget,
  ) {}

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
    const known = this.byWorkspace.get(workspaceKey);
    if (known && known.resetAt === resetAt) {
      // The same window: responses arrive out of order, and one that left before our latest calls reports
      // more than is left now. Never give back budget that calls since have spent.
      known.remaining = Math.min(known.remaining, remaining);
      known.limit = limit;
      return;
    }
    // An answer about a window that has already ended, arriving late, says nothing about the current one.
    if (known && resetAt * 1000 <= this.now()) return;
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

  /** Like `acquire`, and near the end of the window also claims the call from the shared budget. */
  async acquireShared(workspaceKey: string, reserveFraction = 0.01): Promise<number> {
    const waitMs = this.acquire(workspaceKey, reserveFraction);
    const state = this.byWorkspace.get(workspaceKey);
    if (waitMs > 0 || !this.shared || !state || state.remaining >= state.limit * LOW_WATER) return waitMs;
    const reserve = Math.max(2, Math.floor(state.limit * reserveFraction));
    // What was left before this call took its one (acquire counted it locally already).
    const window = { resetAt: state.resetAt, remaining: state.remaining + 1 };
    try {
      if (await this.shared.claim(workspaceKey, window, reserve)) return 0;
    } catch {
      return 0; // The shared budget is unreachable: pace on what this instance knows.
    }
    // The instances together have spent the window: so has this one.
    state.remaining = Math.min(state.remaining, reserve);
    return Math.max(0, state.resetAt * 1000 - this.now());
  }
}
