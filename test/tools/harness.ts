import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { type FakeIntercom, startFakeIntercom } from '../fake-intercom/index.js';
import { WORKSPACE_A } from '../fake-intercom/seed-a.js';
import { WORKSPACE_B } from '../fake-intercom/seed-b.js';
import type { FakeWorkspace } from '../fake-intercom/types.js';
import { type CreatedConnection, createConnection } from '../support/connections.js';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.js';
import { connectClient } from '../support/mcp-clients.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

export interface ToolHarness {
  fake: FakeIntercom;
  app: TestApp;
  /** Connected to WORKSPACE_A over Streamable HTTP with the SDK Client. */
  client: Client;
  /** Connected to WORKSPACE_B, for isolation checks. */
  clientB: Client;
  connection: CreatedConnection;
  workspaceA: FakeWorkspace;
  workspaceB: FakeWorkspace;
  /** Calls a tool and returns the raw result. */
  call(name: string, args: Record<string, unknown>, client?: Client): Promise<CallToolResult>;
  /** Calls a tool, asserts it succeeded, and returns its structuredContent. */
  ok<T = Record<string, unknown>>(name: string, args: Record<string, unknown>, client?: Client): Promise<T>;
  /** Calls a tool, asserts it failed with isError, and returns the error text. */
  fails(name: string, args: Record<string, unknown>, client?: Client): Promise<string>;
  /** Requests the fake received since the last `fake.reset()`, for workspace A, minus GET /me lookups. */
  recorded(): FakeIntercom['requests'];
}

/**
 * Starts the fake Intercom, a fresh database (the real Postgres when DATABASE_URL is set), the app,
 * and SDK clients for two workspaces, once per test file. Call at the top level of a test file.
 */
export function useToolHarness(options: { env?: Record<string, string> } = {}): ToolHarness {
  const h = {} as ToolHarness;
  let database: TestDatabase;
  beforeAll(async () => {
    h.fake = await startFakeIntercom();
    database = await createTestDatabase(databaseKinds()[0] ?? 'pglite');
    h.app = await startTestApp({ database, intercomUrl: h.fake.url, env: options.env });
    h.connection = await createConnection(h.app.url, WORKSPACE_A.token);
    const connectionB = await createConnection(h.app.url, WORKSPACE_B.token);
    h.client = await connectClient(h.app.url, h.connection);
    h.clientB = await connectClient(h.app.url, connectionB);
    h.workspaceA = h.fake.workspaces.get(WORKSPACE_A.id) as FakeWorkspace;
    h.workspaceB = h.fake.workspaces.get(WORKSPACE_B.id) as FakeWorkspace;
    h.fake.reset();
  });
  // The fake answers 501 to anything it does not implement: no test may have reached such a route.
  afterEach(() => {
    expect(h.fake.unhandled, 'requests the fake Intercom does not implement').toEqual([]);
  });
  afterAll(async () => {
    await h.client?.close();
    await h.clientB?.close();
    await h.app?.close();
    await database?.dispose();
    await h.fake?.close();
  });
  h.call = async (name, args, client = h.client) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;
  h.ok = async (name, args, client) => {
    const result = await h.call(name, args, client);
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    expect(result.structuredContent).toBeDefined();
    return result.structuredContent as never;
  };
  h.fails = async (name, args, client) => {
    const result = await h.call(name, args, client);
    expect(result.isError, JSON.stringify(result.structuredContent)).toBe(true);
    const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
    expect(text).not.toMatch(/\n\s+at .*:\d+/);
    return text;
  };
  h.recorded = () => h.fake.requestsFor(WORKSPACE_A.id).filter((r) => r.path !== '/me');
  return h;
}
