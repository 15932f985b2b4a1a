import type { ServerResponse } from 'node:http';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { buildMcpServer, type TenantSession } from './build-server.js';
import { type Backlog, type BacklogLimits, BoundedSseTransport } from './sse-backlog.js';
import type { SseRelay } from './sse-relay.js';

interface OpenSession {
  connectionId: string;
  transport: BoundedSseTransport;
  server: Server;
}

/**
 * Legacy HTTP+SSE (protocol 2024-11-05) sessions of this process. Each has its own server and
 * transport, tied to one connection; a keep-alive comment goes out on a timer so proxies keep
 * the stream open.
 */
export class SseSessions {
  private readonly sessions = new Map<string, OpenSession>();
  private readonly perConnection = new Map<string, number>();
  private readonly unregistering = new Set<Promise<void>>();

  constructor(
    private readonly keepAliveMs: number,
    /** Open streams one connection may hold; each costs a server, a transport and a socket. */
    private readonly maxPerConnection = Number.POSITIVE_INFINITY,
    /** What one stream may hold unread before posts to it are refused (see sse-backlog.ts). */
    private readonly backlogLimits: BacklogLimits = { bytes: 4_000_000, messages: 32 },
    /** Shares streams with other instances: the cap counts them all, and POSTs reach any of them. */
    private readonly relay?: SseRelay,
  ) {}

  /** Starts taking messages other instances relay to this one's streams. */
  async start(): Promise<void> {
    await this.relay?.start(async (sessionId, connectionId, message) => {
      const transport = this.transportFor(sessionId, connectionId);
      // A stream whose client does not read is not fed by relays either (see sse-backlog.ts).
      if (!transport || transport.admit(message)) return false;
      try {
        await transport.handleMessage(message);
      } catch {
        transport.release(message);
        return false;
      }
      return true;
    });
  }

  /** Whether the connection may open another stream now (on this instance). */
  canOpen(connectionId: string): boolean {
    return (this.perConnection.get(connectionId) ?? 0) < this.maxPerConnection;
  }

  /**
   * Relays a message for a stream this instance does not hold to the instance that does; 'unknown'
   * when no instance holds a live stream of this connection under that id.
   */
  forward(sessionId: string, connectionId: string, message: unknown): Promise<'relayed' | 'unknown'> {
    return this.relay ? this.relay.forward(sessionId, connectionId, message) : Promise.resolve('unknown');
  }

  get size(): number {
    return this.sessions.size;
  }

  /**
   * Starts the event stream on `res` and tells the client to POST to `messagePath?sessionId=…`. False,
   * with nothing written, when the connection already holds its cap of streams across instances.
   */
  async open(res: ServerResponse, messagePath: string, session: TenantSession): Promise<boolean> {
    // The client may have gone while we authenticated: its 'close' has fired already and would never reach us.
    if (res.destroyed || res.closed) return true;
    const transport = new BoundedSseTransport(messagePath, res, this.backlogLimits);
    const sessionId = transport.sessionId;
    const { connectionId } = session.tenant;
    if (!this.canOpen(connectionId)) return false;
    if (this.relay && !(await this.relay.register(sessionId, connectionId, this.maxPerConnection)))
      return false;
    res.setHeader('X-Accel-Buffering', 'no');
    const server = buildMcpServer(session);
    const keepAlive = setInterval(() => {
      if (res.destroyed || res.writableEnded) void transport.close();
      // A stream with data still buffered is not idle, and a client that does not read must not grow it.
      else if (res.writableLength === 0) res.write(': keepalive\n\n');
    }, this.keepAliveMs);
    keepAlive.unref();
    transport.onclose = () => {
      clearInterval(keepAlive);
      if (!this.sessions.delete(sessionId)) return;
      if (this.relay) {
        const gone = this.relay.unregister(sessionId).catch(() => {}); // a stale row expires by itself
        this.unregistering.add(gone);
        void gone.finally(() => this.unregistering.delete(gone));
      }
      const left = (this.perConnection.get(connectionId) ?? 1) - 1;
      if (left > 0) this.perConnection.set(connectionId, left);
      else this.perConnection.delete(connectionId);
    };
    this.sessions.set(sessionId, { connectionId, transport, server });
    this.perConnection.set(connectionId, (this.perConnection.get(connectionId) ?? 0) + 1);
    await server.connect(transport);
    return true;
  }

  /** The session's transport, only if it belongs to the given connection. */
  transportFor(sessionId: string, connectionId: string): BoundedSseTransport | undefined {
    const open = this.sessions.get(sessionId);
    return open?.connectionId === connectionId ? open.transport : undefined;
  }

  /** A stream's unread backlog (bytes, messages), or undefined when the session is not open here. */
  backlogOf(sessionId: string): Backlog | undefined {
    return this.sessions.get(sessionId)?.transport.backlog();
  }

  /** Ends every stream of a connection (after rotation or revocation). */
  async closeConnection(connectionId: string): Promise<void> {
    const closing = [...this.sessions.values()].filter((s) => s.connectionId === connectionId);
    await Promise.all(closing.map((s) => s.server.close()));
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((s) => s.server.close()));
    await Promise.all(this.unregistering);
    this.relay?.close();
  }
}
