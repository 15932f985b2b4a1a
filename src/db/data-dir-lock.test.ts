import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir } from './data-dir-lock.js';

const dirs: string[] = [];
function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'intercom-mcp-lock-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A pid no process has: the highest pid Linux hands out by default is 4194304. */
const DEAD_PID = 4_194_305;

describe('the embedded database directory lock', () => {
  it('refuses a second holder in the same process until the first releases', () => {
    const dir = tempDir();
    const lock = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    lock.release();
    lockDataDir(dir).release();
  });

  it('refuses while the recorded process on this host is alive, naming it and what to do', () => {
    const dir = tempDir();
    // The parent of this test process is alive and is not us.
    writeFileSync(join(dir, 'pglite.lock'), JSON.stringify({ pid: process.ppid, host: hostname() }));
    expect(() => lockDataDir(dir)).toThrow(
      new RegExp(`in use by process ${process.ppid} on .*set DATABASE_URL to run several instances`),
    );
  });

  it('takes over a lock left by a process that died', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'pglite.lock'), JSON.stringify({ pid: DEAD_PID, host: hostname() }));
    const lock = lockDataDir(dir);
    expect(JSON.parse(readFileSync(join(dir, 'pglite.lock'), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('trusts a lock from another host while it is touched, and takes it over once it is not', () => {
    const dir = tempDir();
    const path = join(dir, 'pglite.lock');
    writeFileSync(path, JSON.stringify({ pid: 1, host: 'another-host' }));
    expect(() => lockDataDir(dir)).toThrow(/process 1 on another-host/);
    const aMinuteAgo = new Date(Date.now() - 60_000);
    utimesSync(path, aMinuteAgo, aMinuteAgo);
    lockDataDir(dir).release();
  });
});
