import type { ServerResponse } from 'node:http';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { buildMcpServer, type TenantSession } from './build-server.js';
import { type Backlog, type BacklogLimits, BoundedSseTransport } from './sse-backlog.js';

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

  constructor(
    private readonly keepAliveMs: number,
    /** Open streams one connection may hold; each costs a server, a transport and a socket. */
    private readonly maxPerConnection = Number.POSITIVE_INFINITY,
    /** What one stream may hold unread before posts to it are refused (see sse-backlog.ts). */
    private readonly backlogLimits: BacklogLimits = { bytes: 4_000_000, messages: 32 },
  ) {}

  /** Whether the connection may open another stream now. */
  canOpen(connectionId: string): boolean {
    return (this.perConnection.get(connectionId) ?? 0) < this.maxPerConnection;
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Starts the event stream on `res` and tells the client to POST to `messagePath?sessionId=…`. */
  async open(res: ServerResponse, messagePath: string, session: TenantSession): Promise<void> {
    // The client may have gone while we authenticated: its 'close' has fired already and would never reach us.
    if (res.destroyed || res.closed) return;
    res.setHeader('X-Accel-Buffering', 'no');
    const transport = new BoundedSseTransport(messagePath, res, this.backlogLimits);
    const server = buildMcpServer(session);
    const sessionId = transport.sessionId;
    const keepAlive = setInterval(() => {
      if (res.destroyed || res.writableEnded) void transport.close();
      // A stream with data still buffered is not idle, and a client that does not read must not grow it.
      else if (res.writableLength === 0) res.write(': keepalive\n\n');
    }, this.keepAliveMs);
    keepAlive.unref();
    const { connectionId } = session.tenant;
    transport.onclose = () => {
      clearInterval(keepAlive);
      if (!this.sessions.delete(sessionId)) return;
      const left = (this.perConnection.get(connectionId) ?? 1) - 1;
      if (left > 0) this.perConnection.set(connectionId, left);
      else this.perConnection.delete(connectionId);
    };
    this.sessions.set(sessionId, { connectionId, transport, server });
    this.perConnection.set(connectionId, (this.perConnection.get(connectionId) ?? 0) + 1);
    await server.connect(transport);
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
  }
}
