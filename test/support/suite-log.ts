import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every log line any app writes during the suite is also appended under SUITE_LOG_DIR, together with
 * the secrets the suite created, so that the global teardown can prove no secret reached a log; and
 * the suites skipped for a missing requirement, so that it can say why.
 */
const dir = process.env.SUITE_LOG_DIR;
if (dir) mkdirSync(dir, { recursive: true });

export function appendSuiteLog(text: string): void {
  if (dir) appendFileSync(join(dir, `logs-${process.pid}.log`), text);
}

/** Registers a secret value that must never appear in any log line of the suite. */
export function recordSecret(value: string): void {
  if (dir && value) appendFileSync(join(dir, `secrets-${process.pid}.txt`), `${value}\n`);
}

/** Notes a suite that did not run and why, for the summary at the end of the run. */
export function noteSkip(reason: string): void {
  if (dir) appendFileSync(join(dir, `skips-${process.pid}.txt`), `${reason}\n`);
}
