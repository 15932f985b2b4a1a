/**
 * `npm run soak`: holds mixed MCP load against the app (its own process) and the fake Intercom for a
 * configurable time, samples the app's memory, counts errors, and writes the result to
 * docs/reliability.md. Not part of CI. Loopback only; bounded in time; stops by itself.
 *
 *   SOAK_SECONDS=600 SOAK_CONCURRENCY=16 npm run soak       (DATABASE_URL=… for a real Postgres)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { startFakeIntercom } from '../test/fake-intercom/index.js';
import { WORKSPACE_A } from '../test/fake-intercom/seed-a.js';
import { WORKSPACE_B } from '../test/fake-intercom/seed-b.js';
import { freePort } from '../test/support/ports.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 16);
const root = new URL('..', import.meta.url).pathname;

function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

async function waitReady(url: string) {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('app did not become ready');
}

async function main() {
  const fake = await startFakeIntercom();
  for (const ws of fake.workspaces.values()) ws.rateLimit.limit = 10_000_000;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'intercom-mcp-soak-'));
  const app: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      DATA_DIR: dataDir,
      ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
      INTERCOM_API_BASE_URL: fake.url,
      ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_IP_PER_MINUTE: '100000000',
      RATE_LIMIT_PER_CONNECTION_PER_MINUTE: '100000000',
    },
  });
  const stop = () => app.kill('SIGTERM');
  process.on('exit', stop);
  try {
    await waitReady(url);
    const connections: { mcp_url: string }[] = [];
    for (const token of [WORKSPACE_A.token, WORKSPACE_B.token, WORKSPACE_A.token, WORKSPACE_B.token]) {
      const r = await fetch(`${url}/api/connections`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ intercom_token: token }),
      });
      connections.push((await r.json()) as { mcp_url: string });
    }
    const calls = [
      { name: 'list_admins', arguments: {} },
      { name: 'search_conversations', arguments: { state: 'open' } },
      { name: 'list_conversations', arguments: { per_page: 5 } },
      { name: 'list_tags', arguments: {} },
      { name: 'search_contacts', arguments: { role: 'user' } },
    ];
    const counts = { requests: 0, httpErrors: 0, toolErrors: 0 };
    const samples: { t: number; rssKb: number }[] = [];
    const pid = app.pid as number;
    const started = Date.now();
    const deadline = started + SECONDS * 1000;
    // Warm up for a few seconds before the memory baseline: JIT and caches fill first.
    const baselineAt = started + Math.min(10_000, SECONDS * 200);
    const sampler = setInterval(() => samples.push({ t: Date.now() - started, rssKb: rssKb(pid) }), 2_000);
    let n = 0;
    const worker = async () => {
      while (Date.now() < deadline) {
        const i = n++;
        const connection = connections[i % connections.length] as { mcp_url: string };
        const call = calls[i % calls.length];
        try {
          const r = await fetch(connection.mcp_url, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
            body: JSON.stringify({ jsonrpc: '2.0', id: i, method: 'tools/call', params: call }),
          });
          const body = (await r.json()) as { result?: { isError?: boolean } };
          counts.requests++;
          if (!r.ok) counts.httpErrors++;
          else if (body.result?.isError) counts.toolErrors++;
        } catch {
          counts.httpErrors++;
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    clearInterval(sampler);
    const afterWarmup = samples.filter((s) => s.t >= baselineAt - started);
    const first = afterWarmup[0] ?? samples[0];
    const last = samples.at(-1);
    const max = Math.max(...samples.map((s) => s.rssKb));
    const result = {
      seconds: SECONDS,
      concurrency: CONCURRENCY,
      database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
      ...counts,
      requestsPerSecond: Math.round(counts.requests / SECONDS),
      rssAfterWarmupMb: first ? +(first.rssKb / 1024).toFixed(1) : null,
      rssEndMb: last ? +(last.rssKb / 1024).toFixed(1) : null,
      rssMaxMb: +(max / 1024).toFixed(1),
      growthMb: first && last ? +((last.rssKb - first.rssKb) / 1024).toFixed(1) : null,
    };
    console.log(JSON.stringify(result, null, 2));
    writeReport(result);
  } finally {
    stop();
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function writeReport(result: Record<string, unknown>) {
  const path = join(root, 'docs/reliability.md');
  const command = `${process.env.DATABASE_URL ? 'DATABASE_URL=… ' : ''}SOAK_SECONDS=${SECONDS} SOAK_CONCURRENCY=${CONCURRENCY} npm run soak`;
  const machine = `${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  let doc = '';
  try {
    doc = readFileSync(path, 'utf8');
  } catch {}
  const marker = '## Last soak run';
  const head = doc.includes(marker) ? doc.slice(0, doc.indexOf(marker)) : doc || '# Reliability\n\n';
  const section = [
    marker,
    '',
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${machine}`,
    `- Command: \`${command}\``,
    '',
    '| metric | value |',
    '| --- | --- |',
    ...Object.entries(result).map(([k, v]) => `| ${k} | ${v} |`),
    '',
  ].join('\n');
  writeFileSync(path, `${head}${section}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
