import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { Database } from './client.js';

/**
 * Whether this instance can rely on NOTIFY to hear about changes made by other instances (a revoked or
 * rotated token): caches that other instances invalidate by notification may be trusted only then.
 */
export interface NotificationHealth {
  readonly trusted: boolean;
  /** Called when notifications flow again after a lapse: whatever they would have evicted is unknown. */
  onRecovered(listener: () => void): void;
  close(): void;
}

/** One process on an embedded database: there is no other instance to hear from. */
export const ALWAYS_TRUSTED: NotificationHealth = {
  trusted: true,
  onRecovered: () => {},
  close: () => {},
};

export interface WatchSettings {
  /** How often the instance notifies itself. */
  pingMs: number;
  /**
   * How long after a ping was sent its echo vouches for the link: every notification committed before
   * the ping arrived before its echo. Keep it under the 1 s revocation promise.
   */
  trustMs: number;
}

export const DEFAULT_WATCH: WatchSettings = { pingMs: 200, trustMs: 800 };

/**
 * Watches this instance's LISTEN link by notifying itself on a channel of its own. A link can die
 * without a word (a network partition keeps the socket open; a reconnect loses what was sent
 * meanwhile), so trust is earned by echoes: cached tokens are trusted only while a ping sent less than
 * `trustMs` ago has come back. A lapse is logged, and the return of echoes (or a resubscription, which
 * means the link dropped) tells `onRecovered` listeners to flush.
 */
export class NotificationWatch implements NotificationHealth {
  private readonly channel = `intercom_mcp_ping_${randomBytes(6).toString('hex')}`;
  private readonly listeners = new Set<() => void>();
  /** When the newest echoed ping was sent (this process's clock). */
  private vouchedAt = 0;
  private lapsed = false;
  private pinging = false;
  private pingFailed = false;
  private subscriptions = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly database: Pick<Database, 'listen' | 'notify'>,
    private readonly logger: Logger,
    private readonly settings: WatchSettings = DEFAULT_WATCH,
  ) {}

  get trusted(): boolean {
    return Date.now() - this.vouchedAt < this.settings.trustMs;
  }

  onRecovered(listener: () => void): void {
    this.listeners.add(listener);
  }

  /** Subscribes and waits for the first echo (or the trust window), then pings on a timer. */
  async start(): Promise<void> {
    await this.database.listen(
      this.channel,
      (payload) => this.echo(Number(payload)),
      () => this.subscribed(),
    );
    this.timer = setInterval(() => this.tick(), this.settings.pingMs);
    this.timer.unref();
    await this.ping();
  }

  close(): void {
    clearInterval(this.timer);
  }

  /** A changes listener resubscribed after its connection dropped: what it missed is unknown. */
  resubscribed(what: string): void {
    this.logger.info({ listener: what }, 'notifications resubscribed; token caches flushed');
    this.recover();
  }

  private subscribed(): void {
    this.subscriptions++;
    if (this.subscriptions > 1) this.resubscribed('watch');
  }

  private tick(): void {
    if (!this.lapsed && !this.trusted && this.vouchedAt > 0) {
      this.lapsed = true;
      // With the whole database away, its outage is already logged once (db/health.ts): only a link that
      // drops on its own (pings commit, echoes do not come) is worth a warning of its own.
      const log = this.pingFailed ? this.logger.info.bind(this.logger) : this.logger.warn.bind(this.logger);
      log(
        { sinceMs: Date.now() - this.vouchedAt },
        'notifications from the database stopped arriving; cached tokens are not trusted until they resume',
      );
    }
    void this.ping();
  }

  private async ping(): Promise<void> {
    // One at a time: over a dead link a ping may hang until the socket times out; don't pile them up.
    if (this.pinging) return;
    this.pinging = true;
    try {
      await this.database.notify(this.channel, String(Date.now()));
      this.pingFailed = false;
    } catch {
      // The database is unreachable: no echo will come, which is all the watch needs to know.
      this.pingFailed = true;
    } finally {
      this.pinging = false;
    }
  }

  private echo(sentAt: number): void {
    if (!Number.isFinite(sentAt) || sentAt <= this.vouchedAt) return;
    this.vouchedAt = sentAt;
    if (this.lapsed) {
      this.lapsed = false;
      this.logger.info('notifications from the database arrive again; token caches flushed');
      this.recover();
    }
  }

  private recover(): void {
    for (const listener of this.listeners) listener();
  }
}
