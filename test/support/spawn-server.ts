import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { appendSuiteLog } from './suite-log.js';

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
