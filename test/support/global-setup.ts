import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { WORKSPACE_A } from '../fake-intercom/seed-a.js';
import { WORKSPACE_B } from '../fake-intercom/seed-b.js';
import { pgliteTemplate, postgresTemplate } from './database-templates.js';

/** Our static connection tokens, and the OAuth access/refresh tokens, codes and client secrets. */
const TOKEN_SHAPE = /icm_[0-9a-f]{16}_[A-Za-z0-9_-]{43}|icm(at|rt|ac|cs)_[A-Za-z0-9_-]{43}/;

function linesOf(dir: string, files: string[], prefix: string): string[] {
  return files
    .filter((f) => f.startsWith(prefix))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'))
    .filter((line) => line !== '');
}

/** Lists the suites that did not run and why (noted by test/support/requirements.ts). */
function reportSkips(dir: string, files: string[]): void {
  const reasons = [...new Set(linesOf(dir, files, 'skips-'))].sort();
  if (reasons.length === 0) return;
  process.stdout.write(`not run here (${reasons.length}):\n${reasons.map((r) => `  - ${r}\n`).join('')}`);
}

/** Fails the run if any secret the suite used appears in any captured log line. */
function scanForSecrets(dir: string, files: string[]): void {
  const logs = files.filter((f) => f.startsWith('logs-')).map((f) => readFileSync(join(dir, f), 'utf8'));
  const secrets = linesOf(dir, files, 'secrets-').filter((s) => s.length >= 16);
  for (const ws of [WORKSPACE_A, WORKSPACE_B]) secrets.push(ws.token, ws.revokedToken);
  const lines = logs.join('').split('\n');
  const leaks: string[] = [];
  for (const [index, line] of lines.entries()) {
    if (TOKEN_SHAPE.test(line)) leaks.push(`line ${index + 1}: a connection token`);
    if (secrets.some((secret) => line.includes(secret))) leaks.push(`line ${index + 1}: a registered secret`);
  }
  if (secrets.length > 4 && lines.length < 2)
    leaks.push('apps ran but no log line was captured: the capture is broken');
  if (leaks.length > 0) {
    throw new Error(`Secrets found in the suite's logs (${leaks.length}):\n${leaks.slice(0, 20).join('\n')}`);
  }
  process.stdout.write(`secret scan: ${lines.length} log lines, ${secrets.length} secrets, no leak\n`);
}

/**
 * Before the suite: makes sure the migrated database templates exist (built once, then reused by every
 * test file and later runs). After it: the skipped suites and the secret scan.
 */
export default async function setup() {
  await pgliteTemplate();
  if (process.env.DATABASE_URL) await postgresTemplate(process.env.DATABASE_URL);
  return () => {
    const dir = process.env.SUITE_LOG_DIR;
    if (!dir) return;
    const files = readdirSync(dir);
    try {
      reportSkips(dir, files);
      scanForSecrets(dir, files);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
