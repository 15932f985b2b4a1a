import { describe, expect, it } from 'vitest';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { WORKSPACE_B } from './fake-intercom/seed-b.js';
import { bearer, type CreatedConnection, createConnection } from './support/connections.js';
import { databaseKinds, dumpAllRows } from './support/databases.js';
import { connectClient, type TransportKind } from './support/mcp-clients.js';
import { useTestApp } from './support/use-test-app.js';

const TRANSPORTS: TransportKind[] = ['streamable-url', 'streamable-bearer', 'sse-url', 'sse-bearer'];

describe.each(databaseKinds())('core platform on %s', (kind) => {
  const { fake, app } = useTestApp({ database: kind });
  const ourTokens: string[] = [];

  async function connect(token = WORKSPACE_A.token): Promise<CreatedConnection> {
    const created = await createConnection(app.url, token);
    ourTokens.push(created.token);
    return created;
  }

  it('connects a workspace after validating the token with GET /me', async () => {
    const created = await connect();
    expect(created).toMatchObject({
      workspace: { id: WORKSPACE_A.id, name: WORKSPACE_A.name, region: 'us' },
      admin: { id: WORKSPACE_A.ownerAdminId },
    });
    expect(created.token).toMatch(/^icm_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(created.mcp_url).toBe(`${app.url}/mcp/${created.token}`);
    expect(created.sse_url).toBe(`${app.url}/sse/${created.token}`);
    const me = fake.requestsFor(WORKSPACE_A.id).filter((r) => r.path === '/me');
    expect(me.length).toBeGreaterThan(0);
    expect(me.at(-1)?.intercomVersion).toBe('2.14');
  });

  it.each(TRANSPORTS)('lists tools and calls list_admins over %s', async (transport) => {
    const created = await connect();
    const client = await connectClient(app.url, created, transport);
    try {
      const { tools } = await client.listTools();
      const listAdmins = tools.find((t) => t.name === 'list_admins');
      expect(listAdmins?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
      const result = await client.callTool({ name: 'list_admins', arguments: {} });
      expect(result.isError).toBeFalsy();
      const output = result.structuredContent as {
        acting_admin_id: string;
        admins: { id: string }[];
        teams: unknown[];
      };
      expect(output.acting_admin_id).toBe(WORKSPACE_A.ownerAdminId);
      expect(output.admins.map((a) => a.id).sort()).toEqual(Object.values(WORKSPACE_A.admins).sort());
      expect(output.teams).toHaveLength(Object.keys(WORKSPACE_A.teams).length);
    } finally {
      await client.close();
    }
  });

  it('keeps each tenant on its own Intercom workspace', async () => {
    const a = await connect(WORKSPACE_A.token);
    const b = await connect(WORKSPACE_B.token);
    expect(b.workspace).toMatchObject({ id: WORKSPACE_B.id, region: 'eu' });
    const [clientA, clientB] = await Promise.all([connectClient(app.url, a), connectClient(app.url, b)]);
    try {
      const [ra, rb] = await Promise.all([
        clientA.callTool({ name: 'list_admins', arguments: {} }),
        clientB.callTool({ name: 'list_admins', arguments: {} }),
      ]);
      const ids = (r: typeof ra) =>
        (r.structuredContent as { admins: { id: string }[] }).admins.map((x) => x.id);
      expect(ids(ra).sort()).toEqual(Object.values(WORKSPACE_A.admins).sort());
      expect(ids(rb).sort()).toEqual(Object.values(WORKSPACE_B.admins).sort());
    } finally {
      await Promise.all([clientA.close(), clientB.close()]);
    }
  });

  it('describes the connection without any secret', async () => {
    const created = await connect();
    const response = await fetch(`${app.url}/api/connections/self`, { headers: bearer(created.token) });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({
      connection_id: created.connection_id,
      workspace: { id: WORKSPACE_A.id },
    });
    expect(text).not.toContain(created.token);
    expect(text).not.toContain(WORKSPACE_A.token);
  });

  it('rotation kills the old token at once and the new one works', async () => {
    const created = await connect();
    const sse = await connectClient(app.url, created, 'sse-url');
    const rotate = await fetch(`${app.url}/api/connections/self/rotate`, {
      method: 'POST',
      headers: bearer(created.token),
    });
    expect(rotate.status).toBe(200);
    const rotated = (await rotate.json()) as CreatedConnection;
    ourTokens.push(rotated.token);
    expect(rotated.token).not.toBe(created.token);
    expect(rotated.connection_id).toBe(created.connection_id);
    expect(rotated.mcp_url).toBe(`${app.url}/mcp/${rotated.token}`);

    const old = await fetch(`${app.url}/api/connections/self`, { headers: bearer(created.token) });
    expect(old.status).toBe(401);
    const oldMcp = await postJsonRpc(created.mcp_url, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(oldMcp.status).toBe(401);
    expect(oldMcp.headers.get('www-authenticate')).toMatch(/^Bearer /);
    await expect(sse.callTool({ name: 'list_admins', arguments: {} })).rejects.toThrow();
    await sse.close().catch(() => {});

    const client = await connectClient(app.url, rotated);
    const result = await client.callTool({ name: 'list_admins', arguments: {} });
    expect(result.isError).toBeFalsy();
    await client.close();
  });

  it('revocation kills the token and destroys the stored Intercom key', async () => {
    const created = await connect(WORKSPACE_B.token);
    const revoke = await fetch(`${app.url}/api/connections/self`, {
      method: 'DELETE',
      headers: bearer(created.token),
    });
    expect(revoke.status).toBe(200);
    expect(await revoke.json()).toEqual({ connection_id: created.connection_id, revoked: true });
    const after = await postJsonRpc(created.mcp_url, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(after.status).toBe(401);
    const row = JSON.parse(await dumpAllRows(app.runtime.deps.database))['public.connections'].find(
      (r: { id: string }) => r.id === created.connection_id,
    );
    expect(row.revoked_at).not.toBeNull();
    expect(row.secret_ciphertext).toBeNull();
    expect(row.wrapped_data_key).toBeNull();
    expect(row.token_hash).toBe('');
  });

  it('refuses a token Intercom rejects and stores nothing', async () => {
    const before = await connectionCount();
    const response = await fetch(`${app.url}/api/connections`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ intercom_token: WORKSPACE_A.revokedToken }),
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('intercom_token_rejected');
    expect(JSON.stringify(body)).not.toContain(WORKSPACE_A.revokedToken);
    expect(await connectionCount()).toBe(before);
  });

  it('answers 502 and stores nothing when Intercom is unreachable', async () => {
    const before = await connectionCount();
    fake.inject({ kind: 'drop', times: 1, when: 'before', match: { path: /^\/me$/ } });
    const response = await fetch(`${app.url}/api/connections`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ intercom_token: WORKSPACE_A.token, region: 'us' }),
    });
    fake.clearFaults();
    expect(response.status).toBe(502);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('intercom_unreachable');
    expect(await connectionCount()).toBe(before);
  });

  it('answers bad input with clear statuses and stays healthy', async () => {
    const created = await connect();
    const cases: [string, RequestInit & { url?: string }, number][] = [
      ['malformed JSON', { body: '{"jsonrpc":', headers: { 'Content-Type': 'application/json' } }, 400],
      ['wrong content type', { body: 'hello', headers: { 'Content-Type': 'text/plain' } }, 415],
      [
        'oversized body',
        {
          body: JSON.stringify({ x: 'a'.repeat(1_200_000) }),
          headers: { 'Content-Type': 'application/json' },
        },
        413,
      ],
      [
        'wrong Origin',
        { body: '{}', headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example' } },
        403,
      ],
    ];
    for (const [name, init, status] of cases) {
      const response = await fetch(created.mcp_url, { method: 'POST', ...init });
      expect(response.status, name).toBe(status);
      const text = await response.text();
      expect(text, name).not.toMatch(/at .*\.(ts|js):\d+/);
      if (status === 400) expect(JSON.parse(text).error.code).toBe(-32700);
    }
    const unknown = await postJsonRpc(`${app.url}/mcp/icm_0123456789abcdef_${'x'.repeat(43)}`, {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/list',
    });
    expect(unknown.status).toBe(401);
    const garbage = await fetch(`${app.url}/mcp`, {
      method: 'POST',
      headers: { Authorization: 'Bearer nope' },
      body: '{}',
    });
    expect(garbage.status).toBe(401);
    const noAuth = await fetch(`${app.url}/api/connections/self`);
    expect(noAuth.status).toBe(401);
    expect(noAuth.headers.get('www-authenticate')).toMatch(/^Bearer /);
    const evil = { Origin: 'https://evil.example' };
    for (const [url, init] of [
      [created.sse_url, { headers: evil }],
      [
        `${app.url}/mcp`,
        { method: 'POST', headers: { ...evil, Authorization: `Bearer ${created.token}` }, body: '{}' },
      ],
      [`${app.url}/api/connections/self`, { headers: { ...evil, Authorization: `Bearer ${created.token}` } }],
      [
        `${app.url}/api/connections`,
        { method: 'POST', headers: { ...evil, 'Content-Type': 'application/json' }, body: '{}' },
      ],
    ] as const) {
      expect((await fetch(url, init)).status, `Origin check on ${url.replace(created.token, '…')}`).toBe(403);
    }
    const get = await fetch(created.mcp_url);
    expect(get.status).toBe(405);
    const badConnect = await fetch(`${app.url}/api/connections`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ intercom_token: WORKSPACE_A.token, region: 'mars' }),
    });
    expect(badConnect.status).toBe(400);
    expect(await badConnect.text()).not.toContain(WORKSPACE_A.token);
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${app.url}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', database: kind });
  });

  it('tolerates clients that accept only one of JSON or SSE', async () => {
    const created = await connect();
    const message = {
      jsonrpc: '2.0',
      id: 7,
      method: 'tools/call',
      params: { name: 'list_admins', arguments: {} },
    };
    const json = await postJsonRpc(created.mcp_url, message, 'application/json');
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toContain('application/json');
    expect(((await json.json()) as { id: number }).id).toBe(7);
    const sse = await postJsonRpc(created.mcp_url, message, 'text/event-stream');
    expect(sse.status).toBe(200);
    expect(sse.headers.get('content-type')).toContain('text/event-stream');
    expect(await sse.text()).toMatch(/"id":7/);
  });

  it('keeps every secret out of the database and the logs', async () => {
    expect(ourTokens.length).toBeGreaterThan(5);
    const dump = await dumpAllRows(app.runtime.deps.database);
    expect(dump).toContain(WORKSPACE_A.id);
    const logs = app.logs.join('');
    expect(logs.length).toBeGreaterThan(0);
    const secrets = [WORKSPACE_A.token, WORKSPACE_B.token, WORKSPACE_A.revokedToken, ...ourTokens];
    for (const key of app.encryptionKeys.split(',')) secrets.push(key.split(':')[1] as string);
    for (const secret of secrets) {
      expect(dump.includes(secret), 'secret found in the database').toBe(false);
      expect(logs.includes(secret), 'secret found in the logs').toBe(false);
    }
  });

  async function connectionCount(): Promise<number> {
    return JSON.parse(await dumpAllRows(app.runtime.deps.database))['public.connections'].length;
  }
});

function postJsonRpc(url: string, body: unknown, accept = 'application/json, text/event-stream') {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: accept },
    body: JSON.stringify(body),
  });
}
