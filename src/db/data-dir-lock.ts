import { readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** Another live process holds the embedded database directory. */
export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
}

/** How often the holder touches its lock file; a lock from another host untouched for 4× this is stale. */
const HEARTBEAT_MS = 5_000;

interface Holder {
  pid: number;
  host: string;
}

/** Paths this process holds: a second PGlite in the same process on the same directory is refused too. */
const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): { holder: Holder | undefined; ageMs: number } | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined; // released between our attempt and the read
  }
  let holder: Holder | undefined;
  try {
    const parsed = JSON.parse(text) as Partial<Holder>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string') holder = parsed as Holder;
  } catch {}
  const stat = statSync(path, { throwIfNoEntry: false });
  return { holder, ageMs: stat ? Date.now() - stat.mtimeMs : Number.POSITIVE_INFINITY };
}

/**
 * Whether the holder recorded in a lock file may still be using the directory: on this host, while its
 * pid is alive (and is not us: a container restarted under the same pid left the file behind); from
 * another host sharing the volume, while it keeps touching the file.
 */
function stillHeld(found: { holder: Holder | undefined; ageMs: number }): boolean {
  const { holder, ageMs } = found;
  // Unreadable and fresh: another process created it a moment ago and is writing it.
  if (!holder || holder.host !== hostname()) return ageMs < 4 * HEARTBEAT_MS;
  return holder.pid !== process.pid && isAlive(holder.pid);
}

export interface DataDirLock {
  release(): void;
}

/**
 * Takes `<dataDir>/pglite.lock` for this process, or throws DataDirInUseError naming the holder. PGlite
 * has no lock of its own: two processes on one directory would each run their own Postgres over the
 * same files, and see (and corrupt) different data.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const path = join(dataDir, 'pglite.lock');
  const refuse = (by: string) =>
    new DataDirInUseError(
      `DATA_DIR ${dataDir} is in use by ${by}: ` +
        'the embedded database serves one process. Stop the other process, give this one another DATA_DIR, ' +
        'or set DATABASE_URL to run several instances on one Postgres.',
    );
  if (heldHere.has(path)) throw refuse('this process');
  const content = JSON.stringify({ pid: process.pid, host: hostname() } satisfies Holder);
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(path, content, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw error;
    }
    const found = readHolder(path);
    if (!found) continue;
    if (stillHeld(found)) {
      throw refuse(found.holder ? `process ${found.holder.pid} on ${found.holder.host}` : 'another process');
    }
    rmSync(path, { force: true }); // stale: its process is gone
  }
  heldHere.add(path);
  const heartbeat = setInterval(() => {
    const now = new Date();
    try {
      utimesSync(path, now, now);
    } catch {}
  }, HEARTBEAT_MS);
  heartbeat.unref();
  return {
    release() {
      clearInterval(heartbeat);
      if (!heldHere.delete(path)) return;
      rmSync(path, { force: true });
    },
  };
}
