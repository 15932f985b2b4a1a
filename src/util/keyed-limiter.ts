/**
 * Caps concurrent work per key (a connection): beyond `maxActive`, callers wait in a FIFO queue; beyond
 * `maxQueued` waiting, `acquire` answers null so the caller can refuse. One flooding tenant then holds
 * at most `maxActive` slots of the event loop, and other tenants' requests interleave with it.
 */
export class KeyedLimiter {
  private readonly slots = new Map<string, { active: number; waiting: (() => void)[] }>();

  constructor(
    private readonly maxActive: number,
    private readonly maxQueued: number,
  ) {}

  /** Resolves to a release function once a slot is free, or null when the queue is full. */
  async acquire(key: string): Promise<(() => void) | null> {
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { active: 0, waiting: [] };
      this.slots.set(key, slot);
    }
    if (slot.active >= this.maxActive) {
      if (slot.waiting.length >= this.maxQueued) return null;
      await new Promise<void>((resolve) => slot?.waiting.push(resolve));
    }
    slot.active++;
    let released = false;
    return () => {
      if (released || !slot) return;
      released = true;
      slot.active--;
      const next = slot.waiting.shift();
      if (next) next();
      else if (slot.active === 0) this.slots.delete(key);
    };
  }
}
