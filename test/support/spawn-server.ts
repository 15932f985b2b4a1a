import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { appendSuiteLog } from './suite-log.js';
import { freePort } from './test-app.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface SpawnedServer {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** Runs src/server.ts (or another entry) in its own Node process, as npm scripts run the built files. */
export function spawnServer(env: Record<string, string>, script = ['src/server.ts']): SpawnedServer {
  const child = spawn(process.execPath, ['--import', 'tsx', ...script], {
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
 * Polls /readyz until it answers OK. A first start on PGlite (migrations in WebAssembly) can take many
 * seconds on a loaded CI machine, hence the generous default. With `server`, gives up as soon as the
 * process exits and says what it printed.
 */
export async function waitForReady(url: string, timeoutMs = 60_000, server?: SpawnedServer): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void server?.exited.then((code) => {
    exitCode = code;
  });
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(
        `the server exited (code ${exitCode}) before it was ready:\n${server?.output().slice(-2_000)}`,
      );
    }
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `${url} was not ready within ${timeoutMs} ms${server ? `:\n${server.output().slice(-2_000)}` : ''}`,
  );
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
    const server = spawnServer({ ...env, PORT: String(chosen) });
    const url = `http://127.0.0.1:${chosen}`;
    try {
      await waitForReady(url, 60_000, server);
      return { server, port: chosen, url };
    } catch (error) {
      if (attempt >= 2 || !server.output().includes('EADDRINUSE')) throw error;
      port = undefined;
    }
  }
}
