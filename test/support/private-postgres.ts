import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway Postgres server of our own (initdb into a temp dir, own port), so a test can stop and
 * start it without disturbing the shared server other test files use. Needs root (to run the server
 * as the postgres user) and Debian's server binaries; `available()` says whether both are there.
 */
export class PrivatePostgres {
  private readonly dir = mkdtempSync(join(tmpdir(), 'intercom-mcp-pg-'));

  private constructor(
    readonly port: number,
    private readonly bin: string,
  ) {}

  private static binDir(): string | undefined {
    const root = '/usr/lib/postgresql';
    if (!existsSync(root)) return undefined;
    const version = readdirSync(root).sort().at(-1);
    const bin = version ? join(root, version, 'bin') : undefined;
    return bin && existsSync(join(bin, 'initdb')) ? bin : undefined;
  }

  static available(): boolean {
    return (
      process.getuid?.() === 0 && PrivatePostgres.binDir() !== undefined && existsSync('/usr/sbin/runuser')
    );
  }

  static create(port: number): PrivatePostgres {
    const server = new PrivatePostgres(port, PrivatePostgres.binDir() as string);
    const owner = statSync('/var/lib/postgresql');
    chownSync(server.dir, owner.uid, owner.gid);
    server.asPostgres('initdb', [
      '-D',
      join(server.dir, 'data'),
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
    ]);
    return server;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  start(): void {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    this.asPostgres('pg_ctl', [
      '-D',
      join(this.dir, 'data'),
      '-o',
      options,
      '-l',
      join(this.dir, 'log'),
      '-w',
      'start',
    ]);
  }

  stop(): void {
    this.asPostgres('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
  }

  destroy(): void {
    try {
      this.stop();
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private asPostgres(tool: string, args: string[]): void {
    execFileSync('runuser', ['-u', 'postgres', '--', join(this.bin, tool), ...args], { stdio: 'pipe' });
  }
}
