/**
 * `npm run demo`: the real app against the fake Intercom of the test suite (test/fake-intercom), with
 * its seeded workspace, an embedded database in a temporary folder and a generated keyring. Nothing
 * leaves this machine. Prints a ready MCP URL and the connect page; Ctrl+C stops and cleans up.
 *
 * PORT (default 3000; a free one when taken) and LOG_LEVEL (default warn) may be set.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { type Runtime, startRuntime } from '../src/runtime.js';
import { generateKeyringSpec } from '../src/tenancy/keyring.js';
import { TOOLSETS } from '../src/tenancy/scopes.js';
import { startFakeIntercom } from '../test/fake-intercom/index.js';
import { WORKSPACE_A } from '../test/fake-intercom/seed-a.js';

const dataDir = mkdtempSync(join(tmpdir(), 'intercom-mcp-demo-'));

/**
 * The address it listens on, as a URL host ("localhost" may resolve to ::1 first, where nothing
 * listens); a wildcard becomes the loopback address.
 */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

async function start(port: number, host: string, intercomUrl: string): Promise<Runtime> {
  const config = loadConfig({
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: host,
    PUBLIC_URL: `http://${urlHost(host)}:${port}`,
    DATA_DIR: dataDir,
    ENCRYPTION_KEYS: generateKeyringSpec('demo'),
    INTERCOM_API_BASE_URL: intercomUrl,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  return startRuntime(config, createLogger(config.logLevel));
}

/** Whether the port can be bound on the host (probed before the app opens its database). */
function probe(port: number, host: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, host, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : undefined));
    });
  });
}

/** PORT (default 3000), or a free port when it is taken: the demo must just work. */
async function choosePort(host: string): Promise<number> {
  const wanted = Number(process.env.PORT ?? 3000);
  if ((await probe(wanted, host)) !== undefined) return wanted;
  const free = await probe(0, host);
  if (free === undefined) throw new Error(`cannot listen on ${host}`);
  process.stderr.write(`Port ${wanted} is taken; using ${free} instead.\n`);
  return free;
}

async function main() {
  const fake = await startFakeIntercom();
  let runtime: Runtime | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const removeAndExit = () => {
      // The embedded database may still be writing when the 5 s limit hits: rmSync then meets files
      // appearing under it (ENOTEMPTY) and retries; the demo exits whatever happens.
      try {
        rmSync(dataDir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
      } catch (error) {
        console.error(`Could not remove ${dataDir}: ${(error as Error).message}`);
      }
      process.exit(code);
    };
    // A demo must never linger: whatever is still closing after a few seconds is abandoned.
    setTimeout(removeAndExit, 5_000).unref();
    await runtime?.close().catch(() => {});
    await fake.close().catch(() => {});
    removeAndExit();
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  try {
    const host = process.env.HOST ?? '127.0.0.1';
    runtime = await start(await choosePort(host), host, fake.url);
    const publicUrl = runtime.deps.config.publicUrl;
    // Connected through the public API, like the connect page does; every toolset, since the data is fake.
    const response = await fetch(`${runtime.url}/api/connections`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        intercom_token: WORKSPACE_A.token,
        region: 'us',
        scopes: { access: 'write', toolsets: TOOLSETS },
      }),
    });
    if (response.status !== 201) throw new Error(`connecting the demo workspace failed: ${response.status}`);
    const connection = (await response.json()) as { mcp_url: string; sse_url: string };
    process.stdout.write(
      [
        '',
        `Intercom MCP demo: the fake Intercom workspace "${WORKSPACE_A.name}" (seeded admins, contacts,`,
        'conversations, tags, segments, articles). Nothing leaves this machine.',
        '',
        `  MCP URL:       ${connection.mcp_url}`,
        `  SSE URL:       ${connection.sse_url}`,
        `  Connect page:  ${publicUrl}/   (demo Intercom token: ${WORKSPACE_A.token})`,
        '',
        'Try it:',
        `  claude mcp add --transport http intercom-demo ${connection.mcp_url}`,
        '  npx @modelcontextprotocol/inspector   (Streamable HTTP, paste the MCP URL)',
        '',
        'This connection may use every tool (the data is fake). Ctrl+C stops the demo and deletes its data.',
        '',
      ].join('\n'),
    );
  } catch (error) {
    process.stderr.write(
      error instanceof ConfigError ? `${error.message}\n` : `The demo could not start: ${String(error)}\n`,
    );
    await stop(1);
  }
}

void main();
