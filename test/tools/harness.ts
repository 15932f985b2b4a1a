import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll } from 'vitest';
import type { FakeIntercom } from '../fake-intercom/index.js';
import { WORKSPACE_A } from '../fake-intercom/seed-a.js';
import { WORKSPACE_B } from '../fake-intercom/seed-b.js';
import type { FakeWorkspace } from '../fake-intercom/types.js';
import type { CreatedConnection } from '../support/connections.js';
import { type DatabaseKind, databaseKinds } from '../support/databases.js';
import { connectInProcess } from '../support/in-process-client.js';
import { connectClient } from '../support/mcp-clients.js';
import type { TestApp } from '../support/test-app.js';
import { callFails, callOk, callTool } from '../support/tool-calls.js';
import { useTestApp } from '../support/use-test-app.js';

export interface ToolHarnessOptions {
  env?: Record<string, string>;
  /**
   * 'in-process' (default): the SDK Client talks to the per-request MCP server production builds, over
   * the SDK's in-memory transport, with the real runtime behind it. 'http': over Streamable HTTP to the
   * app's port, end to end (routes, authentication, limits, JSON or SSE answers).
   */
  transport?: 'in-process' | 'http';
  /** Default: the suite's first kind (Postgres when DATABASE_URL is set, else PGlite). */
  database?: DatabaseKind;
}

export interface ToolHarness {
  fake: FakeIntercom;
  app: TestApp;
  /** Connected to WORKSPACE_A with the SDK Client. */
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
  /** Requests the fake received since its last reset (before each test), for workspace A, minus GET /me. */
  recorded(): FakeIntercom['requests'];
}

/**
 * The tool tests' fixture, on top of `useTestApp`: the fake Intercom, a database, the app, workspaces A
 * and B connected, and an SDK client for each (the fake is reset before each test). Call it at the top
 * level of a test file (or inside a describe, to run the same tests on several databases).
 */
export function useToolHarness(options: ToolHarnessOptions = {}): ToolHarness {
  const transport = options.transport ?? 'in-process';
  const t = useTestApp({
    env: options.env,
    database: options.database ?? databaseKinds()[0],
    workspaces: [WORKSPACE_A, WORKSPACE_B],
  });
  const h = { fake: t.fake, app: t.app } as ToolHarness;
  beforeAll(async () => {
    const [a, b] = t.connections as [CreatedConnection, CreatedConnection];
    const connect = (connection: CreatedConnection) =>
      transport === 'http'
        ? connectClient(t.app.url, connection)
        : connectInProcess(t.app.runtime, connection.token);
    h.connection = a;
    h.client = await connect(a);
    h.clientB = await connect(b);
    h.workspaceA = t.fake.workspaces.get(WORKSPACE_A.id) as FakeWorkspace;
    h.workspaceB = t.fake.workspaces.get(WORKSPACE_B.id) as FakeWorkspace;
  });
  afterAll(async () => {
    await h.client?.close();
    await h.clientB?.close();
  });
  h.call = (name, args, client = h.client) => callTool(client, name, args);
  h.ok = (name, args, client = h.client) => callOk(client, name, args);
  h.fails = (name, args, client = h.client) => callFails(client, name, args);
  h.recorded = () => h.fake.requestsFor(WORKSPACE_A.id).filter((r) => r.path !== '/me');
  return h;
}
