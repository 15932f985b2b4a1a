import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay between one app instance and the real Postgres, so a test can cut that instance's link
 * (every open connection reset, new ones refused) while the other instances keep theirs.
 */
export class PostgresLink {
  private readonly sockets = new Set<Socket>();
  private cutUntil = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  /** A relay in front of the Postgres of `databaseUrl`; its `url` is the same database through it. */
  static async open(databaseUrl: string): Promise<PostgresLink> {
    const target = new URL(databaseUrl);
    let link: PostgresLink | undefined;
    const server = createServer((client) => {
      if (!link || Date.now() < link.cutUntil) {
        client.destroy();
        return;
      }
      const upstream = connect(Number(target.port || 5432), target.hostname);
      for (const socket of [client, upstream]) {
        link.sockets.add(socket);
        socket.on('error', () => {});
        socket.on('close', () => {
          link?.sockets.delete(socket);
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address !== 'object') throw new Error('no address');
    const url = new URL(databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String(address.port);
    link = new PostgresLink(server, url.toString());
    return link;
  }

  /** Resets every connection through the link and refuses new ones for `ms`. */
  cut(ms: number): void {
    this.cutUntil = Date.now() + ms;
    for (const socket of this.sockets) socket.destroy();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
