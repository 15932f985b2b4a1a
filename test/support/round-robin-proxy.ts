import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A plain load balancer: each request goes to the next instance in turn (no sticky sessions), bodies
 * streamed both ways without buffering (SSE passes through as it is written). It sets
 * X-Forwarded-For to the caller's address, as a proxy the app trusts would (TRUST_PROXY).
 */
export class RoundRobinProxy {
  private next = 0;
  /** How many requests each instance received. */
  readonly counts: number[];

  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly upstreams: string[],
  ) {
    this.counts = upstreams.map(() => 0);
  }

  static async start(
    upstreams: string[],
    options: { forwardedFor?: (headers: Record<string, unknown>) => string | undefined } = {},
  ) {
    // No keep-alive towards the instances: a rolling restart closes idle sockets, and a request sent
    // on one just as it closes could not be told from one the instance received.
    const agent = new Agent({ keepAlive: false, maxSockets: 256 });
    let proxy: RoundRobinProxy | undefined;
    const server = createServer((req, res) => {
      if (!proxy) return res.destroy();
      const forwarded =
        options.forwardedFor?.(req.headers as Record<string, unknown>) ?? req.socket.remoteAddress ?? '';
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => attempt(Buffer.concat(chunks), 0));
      // Like a load balancer's health check: an instance that refuses the connection (restarting) is
      // skipped and the request goes to the next one; nothing reached it, so nothing is repeated.
      const attempt = (body: Buffer, tries: number) => {
        const live = proxy as RoundRobinProxy;
        const index = live.next++ % upstreams.length;
        live.counts[index] = (live.counts[index] ?? 0) + 1;
        const target = new URL(req.url ?? '/', upstreams[index]);
        const upstream = request(
          target,
          {
            method: req.method,
            headers: { ...req.headers, host: target.host, 'x-forwarded-for': forwarded },
            agent,
          },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.flushHeaders();
            answer.pipe(res);
          },
        );
        upstream.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code === 'ECONNREFUSED' && tries < upstreams.length * 20 && !res.headersSent) {
            setTimeout(() => attempt(body, tries + 1), tries < upstreams.length ? 0 : 50);
          } else if (!res.headersSent) res.writeHead(502).end();
          else res.destroy();
        });
        res.on('close', () => {
          if (!res.writableFinished) upstream.destroy();
        });
        upstream.end(body);
      };
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    proxy = new RoundRobinProxy(server, `http://127.0.0.1:${port}`, upstreams);
    return proxy;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
