import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolsetOf } from '../src/mcp/toolsets.js';
import { DEFAULT_SCOPES, TOOLSETS } from '../src/tenancy/scopes.js';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { WORKSPACE_B } from './fake-intercom/seed-b.js';
import { bearer, type CreatedConnection, createConnection, type ScopesBody } from './support/connections.js';
import { connectClient } from './support/mcp-clients.js';
import { useTestApp } from './support/use-test-app.js';

const { app, fake } = useTestApp();
let allTools: Tool[];
const clients: Client[] = [];

beforeAll(async () => {
  const full = await connect();
  allTools = (await full.client.listTools()).tools;
});
afterAll(async () => {
  for (const client of clients) await client.close();
});

async function connect(scopes?: ScopesBody, token = WORKSPACE_A.token) {
  const connection = await createConnection(app.url, token, 'us', scopes);
  const client = await connectClient(app.url, connection);
  clients.push(client);
  return { connection, client };
}

/** A connection made through the API with no scopes in the body (what a script or old client sends). */
async function connectWithoutScopes() {
  const response = await fetch(`${app.url}/api/connections`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ intercom_token: WORKSPACE_A.token }),
  });
  expect(response.status).toBe(201);
  const connection = (await response.json()) as CreatedConnection;
  const client = await connectClient(app.url, connection);
  clients.push(client);
  return { connection, client };
}

const names = (tools: Tool[]) => tools.map((t) => t.name).sort();
const textOf = (result: CallToolResult) =>
  result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

/** Minimal valid-looking arguments are not needed: a refused call must be refused before validation. */
async function refused(client: Client, name: string, args: Record<string, unknown> = {}) {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  expect(result.isError, `${name} should be refused`).toBe(true);
  return textOf(result);
}

function patchScopes(connection: CreatedConnection, body: Record<string, unknown>) {
  return fetch(`${app.url}/api/connections/self`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json', ...bearer(connection.token) },
    body: JSON.stringify(body),
  });
}

describe('scopes chosen at connect time', () => {
  it('a read-only connection lists only read-only tools and refuses every write tool by name', async () => {
    const { client, connection } = await connect({ access: 'read', toolsets: [...TOOLSETS] });
    expect(connection.scopes.access).toBe('read');
    const listed = (await client.listTools()).tools;
    expect(listed.length).toBeGreaterThan(0);
    for (const tool of listed) expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
    const writeTools = allTools.filter((t) => !t.annotations?.readOnlyHint);
    expect(writeTools.length).toBeGreaterThan(5);
    expect(names(listed)).toEqual(names(allTools.filter((t) => t.annotations?.readOnlyHint)));
    fake.reset();
    for (const tool of writeTools) {
      const message = await refused(client, tool.name, { confirm: true, contact: { id: 'x' } });
      expect(message).toContain(`${tool.name} is not allowed on this connection`);
      expect(message).toContain('intercom:write');
    }
    // Nothing reached Intercom, not even a lookup.
    expect(fake.requests).toEqual([]);
  });

  it('answers crafted tool names as unknown tools, never as a tool', async () => {
    const { client } = await connect({ access: 'read', toolsets: ['contacts'] });
    fake.reset();
    for (const name of [
      'DELETE_CONTACT',
      'delete_contact ',
      ' delete_contact',
      'delete_contact\u0000',
      '__proto__',
    ]) {
      await expect(client.callTool({ name, arguments: { confirm: true } })).rejects.toThrow(/Unknown tool/);
    }
    expect(fake.requests).toEqual([]);
  });

  it('gives connections made without a choice the safe defaults: no deletion, no bulk sends', async () => {
    const { client, connection } = await connectWithoutScopes();
    expect(connection.scopes).toEqual({
      access: 'write',
      toolsets: [...DEFAULT_SCOPES.toolsets],
      oauth_scope: DEFAULT_SCOPES.key,
    });
    const listed = names((await client.listTools()).tools);
    expect(listed).toContain('send_intercom_message');
    expect(listed).not.toContain('delete_contact');
    expect(listed).not.toContain('get_message_job');
    fake.reset();
    const deletion = await refused(client, 'delete_contact', { contact: { email: 'jane.doe@globex.com' } });
    expect(deletion).toContain('intercom:deletion');
    for (const dryRun of [true, false]) {
      const bulk = await refused(client, 'send_intercom_message', {
        message_type: 'in_app',
        body: 'Hello everyone',
        segment: { name: 'Active users' },
        dry_run: dryRun,
      });
      expect(bulk).toContain('intercom:bulk_messaging');
    }
    expect(fake.requests).toEqual([]);
    // Messages to named people are still allowed.
    const direct = (await client.callTool({
      name: 'send_intercom_message',
      arguments: { message_type: 'in_app', body: 'Hi', recipients: [{ email: 'jane.doe@globex.com' }] },
    })) as CallToolResult;
    expect(direct.isError, textOf(direct)).toBeFalsy();
  });

  it('offers exactly the tools of the chosen toolsets', async () => {
    const combinations: ScopesBody[] = [
      { access: 'write', toolsets: ['conversations'] },
      { access: 'read', toolsets: ['knowledge', 'admin'] },
      { access: 'write', toolsets: ['contacts', 'deletion'] },
      { access: 'write', toolsets: ['messaging', 'bulk_messaging', 'events'] },
    ];
    for (const scopes of combinations) {
      const { client } = await connect(scopes);
      const expected = allTools.filter(
        (t) =>
          scopes.toolsets?.includes(toolsetOf(t.name) as string) &&
          (scopes.access === 'write' || t.annotations?.readOnlyHint),
      );
      expect(names((await client.listTools()).tools), JSON.stringify(scopes)).toEqual(names(expected));
    }
  });

  it('refuses unknown toolsets and empty choices with the valid names', async () => {
    for (const scopes of [
      { toolsets: ['conversation'] },
      { toolsets: [] },
      { access: 'admin' },
      { extra: 1 },
    ]) {
      const response = await fetch(`${app.url}/api/connections`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ intercom_token: WORKSPACE_A.token, scopes }),
      });
      expect(response.status, JSON.stringify(scopes)).toBe(400);
      const body = (await response.json()) as { error: { message: string } };
      expect(body.error.message.length).toBeGreaterThan(10);
    }
    const unknown = await fetch(`${app.url}/api/connections`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ intercom_token: WORKSPACE_A.token, scopes: { toolsets: ['conversation'] } }),
    });
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain(
      'conversations, contacts',
    );
  });
});

describe('changing scopes later, with the same URL', () => {
  it('narrows at once with the connection token alone', async () => {
    const { client, connection } = await connect({ access: 'write', toolsets: ['contacts', 'admin'] });
    expect(names((await client.listTools()).tools)).toContain('create_tag');
    const response = await patchScopes(connection, { scopes: { access: 'read' } });
    expect(response.status).toBe(200);
    const view = (await response.json()) as CreatedConnection;
    expect(view.scopes).toMatchObject({ access: 'read', toolsets: ['contacts', 'admin'] });
    expect(JSON.stringify(view)).not.toContain(connection.token);
    // The same URL (and the same client), right away: verified tokens are cached, and the cache was evicted.
    const listed = (await client.listTools()).tools;
    expect(names(listed)).not.toContain('create_tag');
    expect(names(listed)).toContain('list_tags');
    expect(await refused(client, 'create_tag', { name: 'narrowed' })).toContain('intercom:write');

    const fewer = await patchScopes(connection, { scopes: { toolsets: ['admin'] } });
    expect(fewer.status).toBe(200);
    expect(names((await client.listTools()).tools)).not.toContain('search_contacts');
    const self = await fetch(`${app.url}/api/connections/self`, { headers: bearer(connection.token) });
    expect(((await self.json()) as CreatedConnection).scopes.oauth_scope).toBe(
      'intercom:read intercom:admin',
    );
  });

  it('widens only with an Intercom token of the same workspace', async () => {
    const { client, connection } = await connect({ access: 'read', toolsets: ['contacts'] });
    const wider = { scopes: { access: 'write', toolsets: ['contacts', 'deletion'] } };

    const withoutProof = await patchScopes(connection, wider);
    expect(withoutProof.status).toBe(403);
    expect(((await withoutProof.json()) as { error: { code: string } }).error.code).toBe('owner_required');

    const otherWorkspace = await patchScopes(connection, { ...wider, intercom_token: WORKSPACE_B.token });
    expect(otherWorkspace.status).toBe(403);
    expect(((await otherWorkspace.json()) as { error: { code: string } }).error.code).toBe('other_workspace');

    const rejected = await patchScopes(connection, { ...wider, intercom_token: WORKSPACE_A.revokedToken });
    expect(rejected.status).toBe(401);

    expect(names((await client.listTools()).tools)).not.toContain('delete_contact');
    const proved = await patchScopes(connection, { ...wider, intercom_token: WORKSPACE_A.token });
    expect(proved.status).toBe(200);
    expect(names((await client.listTools()).tools)).toContain('delete_contact');
    expect(app.logs.join('')).not.toContain(WORKSPACE_A.token);
  });

  it('refuses a malformed change and leaves the scopes as they were', async () => {
    const { connection } = await connect({ access: 'read', toolsets: ['contacts'] });
    for (const body of [{}, { scopes: { toolsets: ['nope'] } }, { scopes: {}, token: 'x' }]) {
      expect((await patchScopes(connection, body)).status, JSON.stringify(body)).toBe(400);
    }
    const unauthenticated = await fetch(`${app.url}/api/connections/self`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ scopes: { access: 'read' } }),
    });
    expect(unauthenticated.status).toBe(401);
    const self = await fetch(`${app.url}/api/connections/self`, { headers: bearer(connection.token) });
    expect(((await self.json()) as CreatedConnection).scopes.oauth_scope).toBe(
      'intercom:read intercom:contacts',
    );
  });
});
