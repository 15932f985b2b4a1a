import { randomBytes } from 'node:crypto';
import { and, count, eq, gt, lt, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { sseRelayedMessages, sseStreams } from '../db/schema.js';
import type { Logger } from '../logger.js';

/** NOTIFY payloads must stay under 8000 bytes; larger messages travel through a table. */
const NOTIFY_LIMIT_BYTES = 7_000;
/** The holder touches its streams this often... */
const TOUCH_EVERY_MS = 10_000;
/** ...and a stream untouched for this long belongs to an instance that died. */
const STALE_AFTER = sql`interval '30 seconds'`;

interface Relayed {
  /** Session (stream) id. */
  s: string;
  /** The connection that posted: the holder checks it owns the stream. */
  c: string;
  /** The JSON-RPC message, or `r`: the id of the row that holds it. */
  m?: unknown;
  r?: number;
}

export type Deliver = (sessionId: string, connectionId: string, message: unknown) => Promise<boolean>;

/**
 * Legacy SSE behind a load balancer without sticky sessions: a stream lives on one instance, while
 * its client's POSTs land on any. Streams are registered in Postgres (which also caps them per
 * connection across instances); a POST for a stream held elsewhere is relayed to the holder by NOTIFY
 * on the holder's own channel, and the holder answers on the stream.
 */
export class SseRelay {
  readonly instance = randomBytes(8).toString('hex');
  private readonly channel = `intercom_mcp_sse_${this.instance}`;
  private timer: NodeJS.Timeout | undefined;
  private deliver: Deliver | undefined;
  /** This instance's registered streams (id → connection), to register again any a long outage dropped. */
  private readonly local = new Map<string, string>();

  constructor(
    private readonly database: Database,
    private readonly logger: Logger,
  ) {}

  /** Starts receiving messages relayed to this instance's streams; `deliver` hands one to its stream. */
  async start(deliver: Deliver): Promise<void> {
    this.deliver = deliver;
    await this.database.listen(this.channel, (payload) => void this.received(payload));
    this.timer = setInterval(() => void this.touch(), TOUCH_EVERY_MS);
    this.timer.unref();
  }

  /**
   * Registers a stream of this instance unless its connection already holds `max` live streams on
   * any instance. Counting and inserting under one per-connection lock: concurrent opens never overshoot.
   */
  async register(sessionId: string, connectionId: string, max: number): Promise<boolean> {
    return this.database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sse:${connectionId}`}))`);
      const [open] = await tx
        .select({ n: count() })
        .from(sseStreams)
        .where(
          and(eq(sseStreams.connectionId, connectionId), gt(sseStreams.seenAt, sql`now() - ${STALE_AFTER}`)),
        );
      if ((open?.n ?? 0) >= max) return false;
      await tx.insert(sseStreams).values({ id: sessionId, connectionId, instance: this.instance });
      this.local.set(sessionId, connectionId);
      return true;
    });
  }

  async unregister(sessionId: string): Promise<void> {
    this.local.delete(sessionId);
    await this.database.db.delete(sseStreams).where(eq(sseStreams.id, sessionId));
  }

  /**
   * Relays a message posted for a stream this instance does not hold. 'unknown' when no live stream of
   * that connection has the id (closed, never existed, or another connection's).
   */
  async forward(sessionId: string, connectionId: string, message: unknown): Promise<'relayed' | 'unknown'> {
    const [stream] = await this.database.db
      .select({ instance: sseStreams.instance })
      .from(sseStreams)
      .where(
        and(
          eq(sseStreams.id, sessionId),
          eq(sseStreams.connectionId, connectionId),
          gt(sseStreams.seenAt, sql`now() - ${STALE_AFTER}`),
        ),
      );
    if (!stream) return 'unknown';
    let payload = JSON.stringify({ s: sessionId, c: connectionId, m: message } satisfies Relayed);
    if (Buffer.byteLength(payload) > NOTIFY_LIMIT_BYTES) {
      const [row] = await this.database.db
        .insert(sseRelayedMessages)
        .values({ body: message as object })
        .returning({ id: sseRelayedMessages.id });
      payload = JSON.stringify({ s: sessionId, c: connectionId, r: row?.id } satisfies Relayed);
    }
    await this.database.notify(`intercom_mcp_sse_${stream.instance}`, payload);
    return 'relayed';
  }

  close(): void {
    clearInterval(this.timer);
  }

  private async received(payload: string): Promise<void> {
    try {
      const relayed = JSON.parse(payload) as Relayed;
      let message = relayed.m;
      if (relayed.r !== undefined) {
        const [row] = await this.database.db
          .delete(sseRelayedMessages)
          .where(eq(sseRelayedMessages.id, relayed.r))
          .returning({ body: sseRelayedMessages.body });
        message = row?.body;
      }
      if (message === undefined || !(await this.deliver?.(relayed.s, relayed.c, message))) {
        this.logger.info(
          { sessionId: relayed.s },
          'relayed SSE message for a stream closed meanwhile; dropped',
        );
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'could not deliver a relayed SSE message');
    }
  }

  /** Keeps this instance's streams alive in the registry; forgets dead instances' streams and messages. */
  private async touch(): Promise<void> {
    try {
      const db = this.database.db;
      const touched = await db
        .update(sseStreams)
        .set({ seenAt: sql`now()` })
        .where(eq(sseStreams.instance, this.instance))
        .returning({ id: sseStreams.id });
      if (touched.length < this.local.size) {
        // Our rows aged out while the database was away (another instance purged them): register again.
        const present = new Set(touched.map((t) => t.id));
        const missing = [...this.local].filter(([id]) => !present.has(id));
        await db
          .insert(sseStreams)
          .values(missing.map(([id, connectionId]) => ({ id, connectionId, instance: this.instance })))
          .onConflictDoNothing();
      }
      await db.delete(sseStreams).where(lt(sseStreams.seenAt, sql`now() - ${STALE_AFTER}`));
      await db
        .delete(sseRelayedMessages)
        .where(lt(sseRelayedMessages.createdAt, sql`now() - interval '1 minute'`));
    } catch (error) {
      this.logger.debug({ err: error }, 'could not touch SSE streams; retrying');
    }
  }
}
