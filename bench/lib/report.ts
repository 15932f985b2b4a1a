// The markdown report: a header, the targets each section met or missed, the sections' own parts, and
// the developer's findings kept from the previous report.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { SERVER_NODE_FLAGS } from './node-flags.js';
import { root } from './processes.js';
import { commandLine, dbKind } from './settings.js';
import { fmt, markdownTable } from './stats.js';

interface Target {
  name: string;
  value: string;
  met: boolean | undefined;
}

const targets: Target[] = [];

/** A target a section measured; listed in the report's table in the order sections add them. */
export function addTarget(target: Target): void {
  targets.push(target);
}

const verdict = (met: boolean | undefined) => (met === undefined ? 'n/a' : met ? 'met' : '**missed**');

/** The commit measured, and whether src/ had uncommitted changes (others may be editing it). */
function codeVersion(): string {
  try {
    const git = (args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
    const dirty = git(['status', '--porcelain', '--', 'src']) !== '';
    return `commit ${git(['rev-parse', '--short', 'HEAD'])}${dirty ? ' with uncommitted changes in src/' : ''}`;
  } catch {
    return 'unknown (no git)';
  }
}

const FINDINGS_HEADING = '## Findings and changes';

/** The whole report around the sections' parts (rendered first: they add the targets). */
export function renderReport(body: string[]): string {
  const cpus = os.cpus();
  return [
    '# Benchmarks',
    '',
    `- Date: ${new Date().toISOString()}`,
    `- Command: \`${commandLine()}\``,
    `- Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB RAM, ` +
      `${os.type()} ${os.release()}, Node ${process.version}`,
    `- Code: ${codeVersion()}`,
    `- Database: ${dbKind === 'postgres' ? 'Postgres (fresh bench_<random> database, dropped afterwards)' : 'PGlite (fresh DATA_DIR)'}`,
    `- Everything on 127.0.0.1: the fake Intercom, the bare proxy, the app (\`node ${SERVER_NODE_FLAGS.join(' ')} ` +
      'dist/server.js`, as `npm start` and the Docker image run it; NODE_ENV=production, LOG_LEVEL=warn) and the ' +
      'load generators are separate processes sharing the same cores. The bare proxy runs with the same Node flags.',
    '',
    '## Targets',
    '',
    '(filled below)',
    '',
    ...body,
  ]
    .join('\n')
    .replace(
      '(filled below)',
      markdownTable(
        ['target', 'measured', 'verdict'],
        targets.map((t) => [t.name, t.value, verdict(t.met)]),
        ['l', 'l', 'l'],
      ),
    )
    .concat(
      `\n${FINDINGS_HEADING}\n\n_To be filled in by the developer: what the numbers led to change, with before/after._\n`,
    );
}

/** Keeps the developer's "Findings and changes" section when the report is regenerated. */
export function withPreservedFindings(path: string, markdown: string): string {
  if (!existsSync(path)) return markdown;
  const old = readFileSync(path, 'utf8');
  const at = old.indexOf(FINDINGS_HEADING);
  if (at < 0) return markdown;
  return markdown.slice(0, markdown.indexOf(FINDINGS_HEADING)) + old.slice(at);
}
