// Injected faults (queued, matched in order) and the per-workspace rate-limit window.
import type { FakeWorkspace, FaultMatch, FaultSpec, RateLimitState } from './types.js';
import { nowUnix } from './util.js';

export const DEFAULT_RATE_LIMIT = 1666;
export const WINDOW_SECONDS = 10;

type RequestFault = Exclude<FaultSpec, { kind: 'rateLimitRemaining' }>;

interface Queued {
  spec: RequestFault;
  left: number;
}

function matches(
  m: FaultMatch | undefined,
  method: string,
  path: string,
  workspaceId: string | null,
): boolean {
  if (!m) return true;
  if (m.method !== undefined && m.method.toUpperCase() !== method) return false;
  if (m.workspaceId !== undefined && m.workspaceId !== workspaceId) return false;
  if (m.path !== undefined) {
    m.path.lastIndex = 0; // tolerate /g regexes
    if (!m.path.test(path)) return false;
  }
  return true;
}

export class FaultQueue {
  private queue: Queued[] = [];

  inject(spec: FaultSpec, workspaces: Map<string, FakeWorkspace>): void {
    if (spec.kind === 'rateLimitRemaining') {
      const targets = spec.workspaceId ? [workspaces.get(spec.workspaceId)] : [...workspaces.values()];
      if (targets.some((w) => !w)) throw new Error(`fake-intercom: unknown workspace ${spec.workspaceId}`);
      for (const ws of targets) if (ws) overrideRateLimit(ws.rateLimit, spec.remaining, spec.resetInSeconds);
      return;
    }
    const times = spec.times ?? 1;
    if (!Number.isInteger(times) || times < 1)
      throw new Error('fake-intercom: fault times must be a positive integer');
    this.queue.push({ spec, left: times });
  }

  /** The first queued fault matching this request, consuming one of its `times`. */
  take(method: string, path: string, workspaceId: string | null): RequestFault | undefined {
    for (let i = 0; i < this.queue.length; i++) {
      const q = this.queue[i] as Queued;
      if (!matches(q.spec.match, method, path, workspaceId)) continue;
      q.left -= 1;
      if (q.left <= 0) this.queue.splice(i, 1);
      return q.spec;
    }
    return undefined;
  }

  get pending(): number {
    return this.queue.length;
  }

  clear(): void {
    this.queue = [];
  }
}

function nextBoundary(now: number): number {
  return (Math.floor(now / WINDOW_SECONDS) + 1) * WINDOW_SECONDS;
}

function roll(rl: RateLimitState, now: number): void {
  if (now >= rl.resetAt) {
    rl.remaining = rl.limit;
    rl.resetAt = nextBoundary(now);
    rl.overridden = false;
  }
}

export function overrideRateLimit(rl: RateLimitState, remaining: number, resetInSeconds: number): void {
  rl.remaining = Math.max(0, Math.floor(remaining));
  rl.resetAt = nowUnix() + Math.max(0, Math.ceil(resetInSeconds));
  rl.overridden = true;
}

export function resetRateLimit(rl: RateLimitState): void {
  rl.remaining = rl.limit;
  rl.resetAt = 0;
  rl.overridden = false;
}

/** Counts one request against the window. False when the window is exhausted (answer 429). */
export function consumeRateLimit(rl: RateLimitState): boolean {
  roll(rl, nowUnix());
  if (rl.remaining <= 0) return false;
  rl.remaining -= 1;
  return true;
}

export function rateLimitHeaders(rl: RateLimitState | null): Record<string, string> {
  const now = nowUnix();
  if (!rl) {
    return {
      'X-RateLimit-Limit': String(DEFAULT_RATE_LIMIT),
      'X-RateLimit-Remaining': String(DEFAULT_RATE_LIMIT),
      'X-RateLimit-Reset': String(nextBoundary(now)),
    };
  }
  roll(rl, now);
  return {
    'X-RateLimit-Limit': String(rl.limit),
    'X-RateLimit-Remaining': String(rl.remaining),
    'X-RateLimit-Reset': String(rl.resetAt),
  };
}
