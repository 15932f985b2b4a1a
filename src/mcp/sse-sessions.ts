import type { ServerResponse } from 'node:http';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { buildMcpServer, type TenantSession } from './build-server.js';

interface OpenSession {
  connectionId: string;
  transport: SSEServerTransport;
  server: Server;
}

/**
 * Legacy HTTP+SSE (protocol 2024-11-05) sessions of this process. Each has its own server and
 * transport, tied to one connection; a keep-alive comment goes out on a timer so proxies keep
 * the stream open.
 */
export class SseSessions {
  private readonly sessions = new Map<string, OpenSession>();

  constructor(private readonly keepAliveMs: number) {}

  get size(): number {
    return this.sessions.size;
  }

  /** Starts the event stream on `res` and tells the client to POST to `messagePath?sessionId=…`. */
  async open(res: ServerResponse, messagePath: string, session: TenantSession): Promise<void> {
    // The client may have gone while we authenticated: its 'close' has fired already and would never reach us.
    if (res.destroyed || res.closed) return;
    res.setHeader('X-Accel-Buffering', 'no');
    const transport = new SSEServerTransport(messagePath, res);
    const server = buildMcpServer(session);
    const sessionId = transport.sessionId;
    const keepAlive = setInterval(() => {
      if (res.destroyed || res.writableEnded) void transport.close();
      else res.write(': keepalive\n\n');
    }, this.keepAliveMs);
    keepAlive.unref();
    transport.onclose = () => {
      clearInterval(keepAlive);
      this.sessions.delete(sessionId);
    };
    this.sessions.set(sessionId, { connectionId: session.tenant.connectionId, transport, server });
    await server.connect(transport);
  }

  /** The session's transport, only if it belongs to the given connection. */
  transportFor(sessionId: string, connectionId: string): SSEServerTransport | undefined {
    const open = this.sessions.get(sessionId);
    return open?.connectionId === connectionId ? open.transport : undefined;
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
