import { beforeAll, describe, expect, it } from 'vitest';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { WORKSPACE_B } from './fake-intercom/seed-b.js';
import { type CreatedConnection, createConnection } from './support/connections.js';
import { useTestApp } from './support/use-test-app.js';

const CALLS = 1_000;

describe('tenant isolation under concurrency', () => {
  const { app, fake } = useTestApp({ env: { LOG_LEVEL: 'info' } });
  const tenants: { connection: CreatedConnection; ownerAdminId: string; adminIds: string[] }[] = [];

  beforeAll(async () => {
    const extra = [1, 2].map((n) =>
      fake.addWorkspace({
        name: `Tenant ${n}`,
        owner: { name: `Owner ${n}`, email: `owner${n}@tenant${n}.test` },
      }),
    );
    const workspaces = [
      { token: WORKSPACE_A.token, owner: WORKSPACE_A.ownerAdminId, id: WORKSPACE_A.id },
      { token: WORKSPACE_B.token, owner: WORKSPACE_B.ownerAdminId, id: WORKSPACE_B.id },
      ...extra.map((ws) => ({ token: ws.token, owner: ws.ownerAdminId, id: ws.id })),
    ];
    for (const ws of workspaces) {
      // Two connections per workspace: isolation must hold between connections, not only workspaces.
      for (let i = 0; i < 2; i++) {
        const adminIds = [...(fake.workspaces.get(ws.id)?.admins.keys() ?? [])].sort();
        tenants.push({
          connection: await createConnection(app.url, ws.token),
          ownerAdminId: ws.owner,
          adminIds,
        });
      }
    }
  });

  it(`answers ${CALLS} concurrent calls with identical JSON-RPC ids, each with its own caller's data`, async () => {
    const calls = Array.from({ length: CALLS }, (_, i) => {
      const tenant = tenants[i % tenants.length] as (typeof tenants)[number];
      const viaBearer = i % 2 === 0;
      return fetch(viaBearer ? `${app.url}/mcp` : tenant.connection.mcp_url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
          ...(viaBearer ? { Authorization: `Bearer ${tenant.connection.token}` } : {}),
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name: 'list_admins', arguments: {} },
        }),
      }).then(async (response) => ({
        tenant,
        status: response.status,
        body: (await response.json()) as never,
      }));
    });
    const answers = await Promise.all(calls);
    let checked = 0;
    for (const { tenant, status, body } of answers) {
      expect(status, JSON.stringify(body)).toBe(200);
      const { id, result } = body as {
        id: number;
        result: {
          isError?: boolean;
          structuredContent: { acting_admin_id: string; admins: { id: string }[] };
        };
      };
      expect(id).toBe(1);
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent.acting_admin_id).toBe(tenant.ownerAdminId);
      expect(result.structuredContent.admins.map((a) => a.id).sort()).toEqual(tenant.adminIds);
      checked++;
    }
    expect(checked).toBe(CALLS);
    expect(new Set(tenants.map((t) => t.ownerAdminId)).size).toBe(4);
    expect(fake.unhandled).toEqual([]);
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
    // A thousand calls in flight at once take long on a loaded machine; nothing here is about speed.
  }, 120_000);
});
