import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, expect, it } from 'vitest';
import { freePort } from './support/ports.js';

const root = fileURLToPath(new URL('..', import.meta.url));
let child: ChildProcess | undefined;

afterAll(() => {
  // The whole process group (npm, tsx and the demo itself), if the test ended before it stopped.
  if (child?.pid && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

const demoDirs = () => readdirSync(tmpdir()).filter((name) => name.startsWith('intercom-mcp-demo-'));

it('npm run demo serves the fake workspace and prints a working MCP URL, then stops cleanly', async () => {
  const before = new Set(demoDirs());
  const port = await freePort();
  child = spawn('npm', ['run', '--silent', 'demo'], {
    cwd: root,
    detached: true,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d;
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d;
  });
  const exited = new Promise<void>((resolve) => child?.on('exit', () => resolve()));

  await expect.poll(() => output, { timeout: 90_000, interval: 200 }).toContain('Ctrl+C');
  const mcpUrl = /MCP URL:\s+(\S+)/.exec(output)?.[1] as string;
  expect(mcpUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/mcp/icm_`));
  expect(output).toContain(`Connect page:  http://127.0.0.1:${port}/`);

  const client = new Client({ name: 'demo-smoke', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl)));
  const tools = (await client.listTools()).tools.map((t) => t.name);
  expect(tools).toContain('search_conversations');
  const admins = (await client.callTool({ name: 'list_admins', arguments: {} })) as CallToolResult;
  expect(admins.isError, JSON.stringify(admins.content)).toBeFalsy();
  expect(JSON.stringify(admins.structuredContent)).toContain('Alice Anders');
  await client.close();
  expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);

  // Ctrl+C in a terminal signals the whole foreground group: npm and the demo.
  process.kill(-(child.pid as number), 'SIGINT');
  await exited;
  await expect
    .poll(
      () =>
        fetch(`http://127.0.0.1:${port}/healthz`).then(
          () => 'listening',
          () => 'stopped',
        ),
      {
        timeout: 60_000,
      },
    )
    .toBe('stopped');
  expect(output).not.toMatch(/error|could not start/i);
  // Its embedded database and keyring went with it.
  await expect.poll(() => demoDirs().filter((d) => !before.has(d)), { timeout: 60_000 }).toEqual([]);
}, 150_000);
