import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './ports.js';
import { waitForReady } from './ready.js';
import { serverBuild } from './server-build.js';
import { appendSuiteLog } from './suite-log.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface SpawnedServer {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/**
 * Runs src/server.ts (or another entry of src/, e.g. 'cli/rotate-keys') in its own Node process, built
 * to JavaScript as npm scripts run it, with only PATH, HOME and `env` in its environment.
 */
export async function spawnServer(env: Record<string, string>, entry = 'server'): Promise<SpawnedServer> {
  const script = join(await serverBuild(), `${entry}.js`);
  const child = spawn(process.execPath, [script], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const capture = (d: Buffer) => {
    output += d;
    appendSuiteLog(String(d));
  };
  child.stdout?.on('data', capture);
  child.stderr?.on('data', capture);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/**
 * Spawns the server on a free port and waits until it is ready. The port is free when chosen but
 * another process may take it before the server binds; then it starts again on another port.
 */
export async function startServerOnFreePort(
  env: Record<string, string>,
  port?: number,
): Promise<{ server: SpawnedServer; port: number; url: string }> {
  for (let attempt = 0; ; attempt++) {
    const chosen = port ?? (await freePort());
    const server = await spawnServer({ ...env, PORT: String(chosen) });
    const url = `http://127.0.0.1:${chosen}`;
    try {
      await waitForReady(url, { process: server });
      return { server, port: chosen, url };
    } catch (error) {
      if (attempt >= 2 || !server.output().includes('EADDRINUSE')) throw error;
      port = undefined;
    }
  }
}
