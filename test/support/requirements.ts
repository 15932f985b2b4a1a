import { existsSync } from 'node:fs';
import { postgresAdminUrl } from './databases.js';
import { PrivatePostgres } from './private-postgres.js';
import { noteSkip } from './suite-log.js';

export const CHROMIUM = '/usr/bin/chromium';

interface Requirement {
  met(): boolean;
  /** What is missing and how to get it, printed at the end of the run. */
  missing: string;
  /** CI installs it (.ci/run): missing there is a failure, not a skip. */
  requiredInCi: boolean;
}

const REQUIREMENTS = {
  postgres: {
    met: () => Boolean(postgresAdminUrl),
    missing: 'DATABASE_URL is not set (e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres)',
    requiredInCi: true,
  },
  chromium: {
    met: () => existsSync(CHROMIUM),
    missing: `${CHROMIUM} is missing (Debian's chromium package; .ci/run installs it)`,
    requiredInCi: true,
  },
  privatePostgres: {
    met: () => PrivatePostgres.available(),
    missing: 'needs root, runuser and the Postgres server binaries (/usr/lib/postgresql/<version>/bin)',
    requiredInCi: false,
  },
} satisfies Record<string, Requirement>;

/**
 * Whether a suite that needs `what` can run here: `describe.runIf(canRun('chromium', 'the connect page'))`.
 * A suite that cannot run is noted with the reason, and the end of the run lists every such skip.
 */
export function canRun(what: keyof typeof REQUIREMENTS, suite: string): boolean {
  const requirement: Requirement = REQUIREMENTS[what];
  if (requirement.met()) return true;
  if (requirement.requiredInCi && process.env.CI) {
    throw new Error(`${suite}: ${requirement.missing}; CI must provide it`);
  }
  noteSkip(`${suite}: ${requirement.missing}`);
  return false;
}
