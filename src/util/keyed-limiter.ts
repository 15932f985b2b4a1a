interface Slot {
  active: number;
  waiting: (() => void)[];
}

/**
 * Caps concurrent work per key (a connection). A key alone may run `maxActive` at once; while other
 * keys are busy too, each runs at most half of that (at least one), and only one while the event loop
 * is saturated, so a flooding tenant leaves the loop to the others instead of interleaving many calls
 * with theirs. Beyond its cap a caller waits in its key's FIFO queue; beyond `maxQueued` waiting,
 * `acquire` answers null so the caller can refuse. Work-conserving: when the other keys go idle, a
 * key's waiters start at once.
 */
export class KeyedLimiter {
  private readonly slots = new Map<string, Slot>();
  private readonly sharedCap: number;

  constructor(
    private readonly maxActive: number,
    private readonly maxQueued: number,
    /** Whether the CPU is contended right now (see LoopPressure); never, unless given. */
    private readonly saturated: () => boolean = () => false,
  ) {
    this.sharedCap = Math.max(1, Math.floor(maxActive / 2));
  }

  /** The cap that applies now: the full one while this is the only busy key. */
  private capFor(slot: Slot): number {
    const alone = this.slots.size === 1 && this.slots.values().next().value === slot;
    if (alone) return this.maxActive;
    return this.saturated() ? 1 : this.sharedCap;
  }

  /** Resolves to a release function once a slot is free, or null when the queue is full. */
  async acquire(key: string): Promise<(() => void) | null> {
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { active: 0, waiting: [] };
      this.slots.set(key, slot);
    }
    const own = slot;
    if (own.active >= this.capFor(own) || own.waiting.length > 0) {
      if (own.waiting.length >= this.maxQueued) {
        if (own.active === 0 && own.waiting.length === 0) this.slots.delete(key);
        return null;
      }
      // Counted as active by whoever wakes us, so no newcomer can take the slot in between.
      await new Promise<void>((resolve) => own.waiting.push(resolve));
    } else {
      own.active++;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      own.active--;
      if (own.active === 0 && own.waiting.length === 0) this.slots.delete(key);
      this.wakeUp();
    };
  }

  /** Starts waiters of every key that is under its cap now (caps rise when other keys go idle). */
  private wakeUp(): void {
    for (const slot of this.slots.values()) {
      while (slot.waiting.length > 0 && slot.active < this.capFor(slot)) {
        slot.active++;
        slot.waiting.shift()?.();
      }
    }
  }
}
