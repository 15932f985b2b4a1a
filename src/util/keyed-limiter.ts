interface Slot {
  active: number;
  waiting: (() => void)[];
}

export interface KeyedLimiterOptions {
  /** Whether the CPU is contended right now (see LoopPressure); never, unless given. */
  saturated?: () => boolean;
  /** How long after its last call a key still counts as another tenant at work (default 1 s). */
  recentMs?: number;
  /** Clock in milliseconds, for tests. */
  now?: () => number;
}

/** The last release, and the last release by any other key: enough to tell any key whether others worked lately. */
interface Release {
  key: string;
  at: number;
}

/**
 * Caps concurrent work per key (a connection) at `maxActive`. While the event loop is saturated and
 * other keys are at work too, each key runs one call at a time, so a flooding tenant leaves the loop to
 * the others instead of interleaving many calls with theirs; with headroom a cap below `maxActive`
 * would only slow the busy tenant down. "At work" includes a key whose last call ended within
 * `recentMs`: a client making one call after another holds no slot for a moment between two calls, and
 * a flooder that ramped up in each of those gaps would meet every one of that client's calls with its
 * whole cap. Beyond its cap a caller waits in its key's FIFO queue; beyond `maxQueued` waiting,
 * `acquire` answers null so the caller can refuse. Work-conserving: once the loop has headroom or the
 * other keys have been idle for `recentMs`, a key's waiters start as its running calls end (a key with
 * waiters has calls running).
 */
export class KeyedLimiter {
  private readonly slots = new Map<string, Slot>();
  private readonly saturated: () => boolean;
  private readonly recentMs: number;
  private readonly now: () => number;
  private lastRelease: Release | undefined;
  private lastOtherRelease: Release | undefined;

  constructor(
    private readonly maxActive: number,
    private readonly maxQueued: number,
    options: KeyedLimiterOptions = {},
  ) {
    this.saturated = options.saturated ?? (() => false);
    this.recentMs = options.recentMs ?? 1_000;
    this.now = options.now ?? (() => performance.now());
  }

  /** One call at a time while the loop is saturated and other keys are or were lately at work. */
  private capFor(key: string): number {
    return this.saturated() && !this.alone(key) ? 1 : this.maxActive;
  }

  private alone(key: string): boolean {
    if (this.slots.size > 1) return false;
    const other = this.lastRelease?.key === key ? this.lastOtherRelease : this.lastRelease;
    return other === undefined || this.now() - other.at >= this.recentMs;
  }

  private released(key: string): void {
    const at = this.now();
    if (this.lastRelease?.key === key) {
      this.lastRelease.at = at;
    } else {
      this.lastOtherRelease = this.lastRelease;
      this.lastRelease = { key, at };
    }
  }

  /** Resolves to a release function once a slot is free, or null when the queue is full. */
  async acquire(key: string): Promise<(() => void) | null> {
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { active: 0, waiting: [] };
      this.slots.set(key, slot);
    }
    const own = slot;
    if (own.active >= this.capFor(key) || own.waiting.length > 0) {
      if (own.waiting.length >= this.maxQueued) {
        if (own.active === 0 && own.waiting.length === 0) this.slots.delete(key);
        return null;
      }
      // Counted as active by whoever wakes us, so no newcomer can take the slot in between.
      await new Promise<void>((resolve) => own.waiting.push(resolve));
    } else {
      own.active++;
    }
    return this.releaser(key, own);
  }

  /**
   * `count` slots for one caller (the messages of a JSON-RPC batch), all or none: null when they do not
   * all fit in the key's queue. Each turn resolves to its release function as its turn comes, in order,
   * like as many calls to `acquire` made at once.
   */
  reserve(key: string, count: number): Promise<() => void>[] | null {
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { active: 0, waiting: [] };
      this.slots.set(key, slot);
    }
    const own = slot;
    const free = own.waiting.length > 0 ? 0 : Math.max(0, this.capFor(key) - own.active);
    const startNow = Math.min(count, free);
    if (own.waiting.length + count - startNow > this.maxQueued) {
      if (own.active === 0 && own.waiting.length === 0) this.slots.delete(key);
      return null;
    }
    const turns: Promise<() => void>[] = [];
    for (let i = 0; i < count; i++) {
      if (i < startNow) {
        own.active++;
        turns.push(Promise.resolve(this.releaser(key, own)));
      } else {
        // Counted as active by whoever wakes us, so no newcomer can take the slot in between.
        turns.push(new Promise((resolve) => own.waiting.push(() => resolve(this.releaser(key, own)))));
      }
    }
    return turns;
  }

  private releaser(key: string, own: Slot): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      own.active--;
      if (own.active === 0 && own.waiting.length === 0) this.slots.delete(key);
      this.released(key);
      this.wakeUp();
    };
  }

  /** Starts waiters of every key that is under its cap now (caps rise when other keys go idle). */
  private wakeUp(): void {
    for (const [key, slot] of this.slots) {
      while (slot.waiting.length > 0 && slot.active < this.capFor(key)) {
        slot.active++;
        slot.waiting.shift()?.();
      }
    }
  }
}
