import { randomBytes } from 'node:crypto';
import { eq, gt, lt, sql } from 'drizzle-orm';
import type { AppDb } from '../db/client.js';
import { instanceKeyrings } from '../db/schema.js';
import { type Keyring, KeyringError } from './keyring.js';

const TOUCH_EVERY_MS = 10_000;
const LIVE = sql`now() - interval '30 seconds'`;

/**
 * Keeps a rolling key rotation safe: every instance announces the key ids it can decrypt with, and an
 * instance refuses to start encrypting with a key that some live instance lacks (it would write data
 * keys that instance answers 500 for). The two-phase procedure makes the check pass: first every
 * instance gets the new key as decrypt-only, then it becomes active.
 */
export class KeyringPeers {
  private readonly instance = randomBytes(8).toString('hex');
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: AppDb,
    private readonly keyring: Keyring,
  ) {}

  /** Checks the live instances can decrypt under our active key, then announces ours. */
  async join(): Promise<void> {
    const active = this.keyring.activeKeyId;
    const peers = await this.db
      .select({ keyIds: instanceKeyrings.keyIds })
      .from(instanceKeyrings)
      .where(gt(instanceKeyrings.seenAt, LIVE));
    const lacking = peers.filter((p) => !p.keyIds.includes(active)).length;
    if (lacking > 0) {
      throw new KeyringError(
        `the active key "${active}" is unknown to ${lacking} running instance(s), which could not decrypt what ` +
          'this one would encrypt. Rotate in two phases: first deploy the new key everywhere after the current ' +
          `active key (ENCRYPTION_KEYS=<current>,${active}:…), then make it active (ENCRYPTION_KEYS=${active}:…,<current>).`,
      );
    }
    const keyIds = [...this.keyring.keys.keys()];
    await this.db.insert(instanceKeyrings).values({ instance: this.instance, keyIds });
    this.timer = setInterval(() => void this.touch(), TOUCH_EVERY_MS);
    this.timer.unref();
  }

  async leave(): Promise<void> {
    clearInterval(this.timer);
    await this.db.delete(instanceKeyrings).where(eq(instanceKeyrings.instance, this.instance));
  }

  private async touch(): Promise<void> {
    try {
      // An upsert: after a long outage another instance may have deleted our row as stale.
      await this.db
        .insert(instanceKeyrings)
        .values({ instance: this.instance, keyIds: [...this.keyring.keys.keys()] })
        .onConflictDoUpdate({ target: instanceKeyrings.instance, set: { seenAt: sql`now()` } });
      await this.db.delete(instanceKeyrings).where(lt(instanceKeyrings.seenAt, LIVE));
    } catch {
      // The database is away: the row ages, and others stop counting this instance until it is back.
    }
  }
}
