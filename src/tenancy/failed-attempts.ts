import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { PerKeyQueue } from '../util/per-key-queue.js';

/** Why a credential was not checked (or, from an address past its limit, why a failed one gets 429). */
export class AuthRefusal {
  constructor(
    /** `locked`: the address used up its failed attempts; `busy`: too many checks of it at once. */
    readonly reason: 'locked' | 'busy',
    readonly retryAfterSeconds: number,
    /** The policy behind it, for the RateLimit-* fields. */
    readonly limit: number,
    readonly windowSeconds: number,
  ) {}
}

/** How a costly check ended: `error` (the database failed) counts neither way. */
export type CheckOutcome = 'verified' | 'failed' | 'error';

export type Admission =
  | { admitted: true; settle(outcome: CheckOutcome): AuthRefusal | undefined }
  | { admitted: false; refusal: AuthRefusal };

/**
 * What an authenticator asks before it spends work on a credential from one client address. `admit`
 * comes before a costly check (argon2) and is settled after it; `rejected` counts a credential that
 * was found wrong at no cost (it does not even have the shape of one).
 */
export interface VerificationGuard {
  admit(credential: string): Promise<Admission>;
  rejected(): Promise<AuthRefusal | undefined>;
}

/**
 * The counters, behind rate-limiter-flexible's interface so that a store shared by several instances
 * (RateLimiterPostgres, with a memory insurance limiter) can replace the in-memory ones.
 */
export interface FailureCounters {
  /** Failed attempts per address: a point is reserved before a check and given back when it verifies. */
  perAddress: RateLimiterAbstract;
  /** Credentials that failed from an address (key `address credential`): refused at once once it is locked. */
  failedCredentials: RateLimiterAbstract;
}

export function memoryFailureCounters(limit: number, windowSeconds: number): FailureCounters {
  return {
    perAddress: new RateLimiterMemory({ points: limit, duration: windowSeconds, keyPrefix: 'auth-fail' }),
    failedCredentials: new RateLimiterMemory({ points: 1, duration: windowSeconds, keyPrefix: 'auth-bad' }),
  };
}

interface AddressSlot {
  active: number;
  waiting: (() => void)[];
}

export interface FailedAttemptsOptions {
  /** Failed attempts an address may make per window before it is locked. */
  limit: number;
  windowSeconds: number;
  /** Costly checks one address may have running at once; beyond, they wait (once locked: `busy`). */
  maxConcurrentPerAddress: number;
  counters?: FailureCounters;
}

/**
 * Failed authentications per client address, counted before the work rather than after it: a costly
 * check reserves a point first and gets it back only when the credential verifies, so requests already
 * in flight cannot all slip past the limit. Once an address has used up its points it is locked, which
 * refuses only further *failed* attempts: a credential that already failed from there is refused before
 * any work, while one not seen failing is still checked (a valid token from a shared egress address is
 * served) and answered 429 if it fails too. Each credential is then checked at most once per window
 * from a locked address, and at most `maxConcurrentPerAddress` checks of an address run at once (the
 * others wait their turn, at most as many as its points; once it is locked they are refused instead).
 */
export class FailedAttempts {
  private readonly counters: FailureCounters;
  private readonly slots = new Map<string, AddressSlot>();
  /** When each locked address was last reported, so that a flood is logged once a minute, not per request. */
  private readonly reported = new Map<string, number>();

  /**
   * One counter query per address at a time: a flood's simultaneous attempts wait here instead of filling
   * the database pool ahead of other clients' queries (shared counts live in Postgres), and once the
   * address is locked rate-limiter-flexible refuses them from memory without a query.
   */
  private readonly perAddressQueue = new PerKeyQueue();

  constructor(private readonly options: FailedAttemptsOptions) {
    this.counters = options.counters ?? memoryFailureCounters(options.limit, options.windowSeconds);
  }

  private countFailure(address: string) {
    return this.perAddressQueue.run(address, () => this.counters.perAddress.consume(address));
  }

  guard(address: string): VerificationGuard {
    return { admit: (credential) => this.admit(address, credential), rejected: () => this.failed(address) };
  }

  /** Counts a failure found without a costly check; the refusal when the address is past its limit. */
  async failed(address: string): Promise<AuthRefusal | undefined> {
    try {
      await this.countFailure(address);
      return undefined;
    } catch (error) {
      if (error instanceof RateLimiterRes) return this.locked(error);
      throw error;
    }
  }

  async admit(address: string, credential: string): Promise<Admission> {
    const credentialKey = `${address} ${credential}`;
    let lockedBy: AuthRefusal | undefined;
    try {
      await this.countFailure(address);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      lockedBy = this.locked(error);
      const failedBefore = await this.perAddressQueue
        .run(address, () => this.counters.failedCredentials.get(credentialKey))
        .catch(() => null);
      if (failedBefore && failedBefore.consumedPoints > 0) return { admitted: false, refusal: lockedBy };
    }
    // Within its points an address waits its turn (they bound how many can wait); once locked, a new
    // credential is checked only if a slot is free at once.
    const release = lockedBy ? this.tryTake(address) : await this.take(address);
    if (!release) return { admitted: false, refusal: this.refusal('busy', 1) };
    let settled = false;
    return {
      admitted: true,
      settle: (outcome) => {
        if (settled) return undefined;
        settled = true;
        release();
        if (outcome === 'failed') {
          void this.perAddressQueue
            .run(address, () => this.counters.failedCredentials.consume(credentialKey))
            .catch(() => {});
          return lockedBy;
        }
        // Verified (or not decided): the reserved point goes back.
        if (!lockedBy) {
          void this.perAddressQueue
            .run(address, () => this.counters.perAddress.reward(address, 1))
            .catch(() => {});
        }
        return undefined;
      },
    };
  }

  private tryTake(address: string): (() => void) | undefined {
    const slot = this.slots.get(address) ?? { active: 0, waiting: [] };
    if (slot.active >= this.options.maxConcurrentPerAddress) return undefined;
    slot.active++;
    this.slots.set(address, slot);
    return this.releaser(address, slot);
  }

  private async take(address: string): Promise<() => void> {
    const slot = this.slots.get(address) ?? { active: 0, waiting: [] };
    this.slots.set(address, slot);
    if (slot.active < this.options.maxConcurrentPerAddress) slot.active++;
    // Counted as active by whoever hands the slot over.
    else await new Promise<void>((resolve) => slot.waiting.push(resolve));
    return this.releaser(address, slot);
  }

  private releaser(address: string, slot: AddressSlot): () => void {
    return () => {
      const next = slot.waiting.shift();
      if (next) return next();
      slot.active--;
      if (slot.active === 0) this.slots.delete(address);
    };
  }

  /** True at most once a minute per address: whether a refusal of it is worth a log line. */
  shouldReport(address: string, now = Date.now()): boolean {
    const last = this.reported.get(address);
    if (last !== undefined && now - last < 60_000) return false;
    if (this.reported.size >= 10_000) this.reported.clear();
    this.reported.set(address, now);
    return true;
  }

  private locked(result: RateLimiterRes): AuthRefusal {
    return this.refusal('locked', Math.max(1, Math.ceil(result.msBeforeNext / 1000)));
  }

  private refusal(reason: AuthRefusal['reason'], retryAfterSeconds: number): AuthRefusal {
    return new AuthRefusal(reason, retryAfterSeconds, this.options.limit, this.options.windowSeconds);
  }
}
