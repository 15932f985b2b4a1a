import type { Logger } from '../logger.js';
import type { Database } from './client.js';
import { describeDatabaseError, isDatabaseUnavailable } from './errors.js';

/**
 * Whether the database answers, as the log tells it: one warn when it goes away (with the cause,
 * never SQL or a stack), one info when it is back (found by a background probe, so no request has to
 * come first), and nothing in between however many requests and probes fail.
 */
export class DatabaseHealth {
  private downSince: number | undefined;
  private probe: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly database: Pick<Database, 'kind' | 'ping'>,
    private readonly logger: Logger,
    private readonly probeMs = 1_000,
  ) {}

  get up(): boolean {
    return this.downSince === undefined;
  }

  /**
   * Call with any error from a database call. Returns true when it means the database is unreachable
   * (the caller then logs nothing itself); the first such error of an outage is logged here.
   */
  noteError(error: unknown): boolean {
    if (!isDatabaseUnavailable(error)) return false;
    if (this.downSince === undefined && !this.closed) {
      this.downSince = Date.now();
      this.logger.warn(
        { database: this.database.kind, cause: describeDatabaseError(error) },
        'database unavailable; requests that need it answer 503 until it is back',
      );
      this.scheduleProbe();
    }
    return true;
  }

  /** Call after a database call succeeded (e.g. the readiness probe). */
  noteSuccess(): void {
    if (this.downSince === undefined) return;
    const downtimeMs = Date.now() - this.downSince;
    this.downSince = undefined;
    clearTimeout(this.probe);
    this.probe = undefined;
    this.logger.info({ database: this.database.kind, downtimeMs }, 'database available again');
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.probe);
  }

  private scheduleProbe(): void {
    if (this.closed || this.probe) return;
    this.probe = setTimeout(() => {
      this.probe = undefined;
      this.database.ping().then(
        () => this.noteSuccess(),
        () => {
          if (this.downSince !== undefined) this.scheduleProbe();
        },
      );
    }, this.probeMs);
    this.probe.unref();
  }
}
