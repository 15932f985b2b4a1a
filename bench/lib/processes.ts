// Child processes of the benchmark: spawned with their output captured, killed on exit (SIGTERM, then
// SIGKILL), so a crashed or interrupted run leaves nothing behind.
import { type ChildProcess, execFileSync, fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export { freePort } from '../../test/support/ports.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));

const children = new Set<ChildProcess>();

function killAll(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

export interface Child {
  child: ChildProcess;
  pid: number;
  output(): string;
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

function track(child: ChildProcess): Child {
  children.add(child);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d;
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  return {
    child,
    pid: child.pid ?? -1,
    output: () => output,
    exited,
    async stop(graceMs = 5_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A Node process with a clean environment (PATH, HOME and `env` only). */
export function spawnNode(args: string[], env: Record<string, string>): Child {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return track(child);
}

/** A TypeScript module of bench/ as a child with an IPC channel. */
export function forkTs(modulePath: string, env: Record<string, string> = {}): Child {
  const child = fork(modulePath, [], {
    cwd: root,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe', 'ipc'],
  });
  return track(child);
}

/** Resolves with the first line the child prints on stdout (parsed as JSON). */
export function firstJsonLine<T>(child: Child, timeoutMs = 30_000): Promise<T> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(
      () => reject(new Error(`no output within ${timeoutMs} ms:\n${child.output()}`)),
      timeoutMs,
    );
    const onData = (d: Buffer) => {
      buffer += d;
      const newline = buffer.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      child.child.stdout?.off('data', onData);
      try {
        resolve(JSON.parse(buffer.slice(0, newline)) as T);
      } catch (error) {
        reject(error);
      }
    };
    child.child.stdout?.on('data', onData);
    void child.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before printing:\n${child.output()}`));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resident set size of a process in bytes, from /proc (Linux). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match?.[1]) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

let ticksPerSecond: number | undefined;

/** CPU time a process has used so far (user and system), in ms, from /proc/<pid>/stat. */
export function cpuTimeMs(pid: number): { user: number; sys: number } {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start at ") ".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const toMs = (ticks: string | undefined) => (Number(ticks) / (ticksPerSecond as number)) * 1000;
  return { user: toMs(fields[11]), sys: toMs(fields[12]) };
}
