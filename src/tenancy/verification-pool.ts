/**
 * Runs argon2 verifications in a few slots shared by the whole process (about one per core), first come
 * first served, with at most `maxPerKey` of one key (a token's lookup id) running or waiting at once:
 * a flood of wrong secrets for one lookup id holds at most that many places in the line, so the cold
 * token of another tenant waits behind a handful of verifications, not behind the flood.
 */
export class VerificationPool {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly perKey = new Map<string, number>();

  constructor(
    private readonly slots: number,
    private readonly maxPerKey: number,
  ) {}

  /**
   * Runs `work` in a slot; undefined, without running it, when the key already has its share. Without a
   * key (trusted callers: background work, tests) only the slots apply.
   */
  async run<T>(key: string | undefined, work: () => Promise<T>): Promise<{ value: T } | undefined> {
    if (key === undefined) return this.inSlot(work);
    const mine = this.perKey.get(key) ?? 0;
    if (mine >= this.maxPerKey) return undefined;
    this.perKey.set(key, mine + 1);
    try {
      return await this.inSlot(work);
    } finally {
      const left = (this.perKey.get(key) ?? 1) - 1;
      if (left > 0) this.perKey.set(key, left);
      else this.perKey.delete(key);
    }
  }

  private async inSlot<T>(work: () => Promise<T>): Promise<{ value: T }> {
    if (this.active >= this.slots) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return { value: await work() };
    } finally {
      // The slot passes straight to the next in line (still counted as active), or frees up.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
