// The app under test as its own process (the built dist/server.js), and the databases it runs on.
import type { TestDatabase as BenchDatabase } from '../../test/support/databases.js';
import { waitForReady } from '../../test/support/ready.js';
import { SERVER_NODE_FLAGS } from './node-flags.js';
import { type Child, freePort, spawnNode } from './processes.js';

export type { BenchDatabase };

/** Limits high enough that our own inbound rate limits are not what is measured. */
const UNLIMITED = '100000000';

export interface App extends Child {
  url: string;
}

export interface AppOptions {
  database: BenchDatabase;
  intercomUrl: string;
  encryptionKeys: string;
  env?: Record<string, string>;
  nodeArgs?: string[];
}

export function appEnv(options: AppOptions, port: number): Record<string, string> {
  return {
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    INTERCOM_API_BASE_URL: options.intercomUrl,
    ENCRYPTION_KEYS: options.encryptionKeys,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_IP_PER_MINUTE: UNLIMITED,
    RATE_LIMIT_PER_CONNECTION_PER_MINUTE: UNLIMITED,
    AUTH_FAILURES_PER_IP_PER_15_MINUTES: UNLIMITED,
    ...options.database.env,
    ...options.env,
  };
}

export async function startApp(options: AppOptions): Promise<App & { readyMs: number }> {
  const port = await freePort();
  const since = performance.now();
  const child = spawnNode(
    [...SERVER_NODE_FLAGS, ...(options.nodeArgs ?? []), 'dist/server.js'],
    appEnv(options, port),
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForReady(url, { timeoutMs: 30_000, intervalMs: 5, process: child });
  return { ...child, url, readyMs: performance.now() - since };
}

export interface Connection {
  token: string;
  mcpPath: string;
  ssePath: string;
}

export async function connect(appUrl: string, intercomToken: string): Promise<Connection> {
  const response = await fetch(`${appUrl}/api/connections`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ intercom_token: intercomToken }),
  });
  const body = (await response.json()) as { token: string; mcp_url: string; sse_url: string };
  if (response.status !== 201) throw new Error(`connect failed: ${response.status} ${JSON.stringify(body)}`);
  return {
    token: body.token,
    mcpPath: new URL(body.mcp_url).pathname,
    ssePath: new URL(body.sse_url).pathname,
  };
}

/** The connection's id (as the audit log records it), from GET /api/connections/self. */
export async function connectionIdOf(app: { url: string }, connection: Connection): Promise<string> {
  const response = await fetch(`${app.url}/api/connections/self`, {
    headers: { Authorization: `Bearer ${connection.token}` },
  });
  const body = (await response.json()) as { connection_id?: string };
  if (!response.ok || !body.connection_id) throw new Error(`GET /api/connections/self: ${response.status}`);
  return body.connection_id;
}

export const MCP_HEADERS = {
  'Content-Type': 'application/json',
  Accept: 'application/json, text/event-stream',
};

export function toolCallBody(name: string, args: Record<string, unknown>): string {
  return JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } });
}

/** One tools/call over HTTP; throws unless it is a success (not a JSON-RPC error, not isError). */
export async function callToolOnce(appUrl: string, mcpPath: string, body: string): Promise<unknown> {
  const response = await fetch(appUrl + mcpPath, { method: 'POST', headers: MCP_HEADERS, body });
  const text = await response.text();
  const json = JSON.parse(text) as {
    result?: { isError?: boolean; structuredContent?: unknown };
    error?: unknown;
  };
  if (response.status !== 200 || !json.result || json.result.isError) {
    throw new Error(`tools/call failed: ${response.status} ${text.slice(0, 500)}`);
  }
  return json.result.structuredContent;
}
