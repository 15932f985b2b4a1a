import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKSPACE_A } from '../fake-intercom/seed-a.js';
import { WORKSPACE_B } from '../fake-intercom/seed-b.js';
import { databaseKinds } from '../support/databases.js';
import { connectInProcess } from '../support/in-process-client.js';
import { callTool } from '../support/tool-calls.js';
import { useToolHarness } from './harness.js';

const C = WORKSPACE_A.contacts;

// The tool tests talk to the MCP server in process; these go through Streamable HTTP end to end
// (authentication, limits, the JSON answer written from the serialized output, SSE when progress is
// asked for) on both databases, and check that the in-process path answers exactly as HTTP does.
describe.each(databaseKinds())('tools over Streamable HTTP on %s', (kind) => {
  const h = useToolHarness({ transport: 'http', database: kind });
  let inProcess: Client;

  beforeAll(async () => {
    inProcess = await connectInProcess(h.app.runtime, h.connection.token);
  });
  afterAll(async () => {
    await inProcess?.close();
  });

  it('reads through a tool for each workspace, each seeing its own data', async () => {
    const a = await h.ok<{ acting_admin_id: string; admins: { id: string }[] }>('list_admins', {});
    expect(a.acting_admin_id).toBe(WORKSPACE_A.ownerAdminId);
    expect(a.admins.map((x) => x.id).sort()).toEqual(Object.values(WORKSPACE_A.admins).sort());
    const b = await h.ok<{ acting_admin_id: string; admins: { id: string }[] }>('list_admins', {}, h.clientB);
    expect(b.acting_admin_id).toBe(WORKSPACE_B.ownerAdminId);
    expect(b.admins.map((x) => x.id).sort()).toEqual(Object.values(WORKSPACE_B.admins).sort());
    expect(
      h
        .recorded()
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    ).toEqual(['GET /admins', 'GET /teams']);
  });

  it('writes with progress notifications on an SSE answer', async () => {
    const before = h.workspaceA.messages.length;
    const progress: Progress[] = [];
    const result = await h.client.callTool(
      {
        name: 'send_intercom_message',
        arguments: {
          message_type: 'in_app',
          body: 'Over HTTP.',
          recipients: [{ email: C.jane.email }, { id: C.lead1.id }],
        },
      },
      undefined,
      { onprogress: (p) => progress.push(p) },
    );
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    expect((result.structuredContent as { summary: Record<string, number> }).summary).toMatchObject({
      sent: 2,
      failed: 0,
      unknown: 0,
    });
    // Delivered over the SSE stream the request switched to: rising, up to the total.
    expect(progress.length).toBeGreaterThan(1);
    const values = progress.map((p) => p.progress);
    expect(values).toEqual([...values].sort((x, y) => x - y));
    expect(progress.at(-1)?.progress).toBe(progress.at(-1)?.total);
    expect(h.workspaceA.messages.length).toBe(before + 2);
    expect(h.recorded().filter((r) => r.method === 'POST' && r.path === '/messages')).toHaveLength(2);
  });

  it('answers a tool failure with isError and a safe message, and bad arguments naming them', async () => {
    h.fake.inject({ kind: 'status', status: 503, times: 10, match: { path: /^\/admins$/ } });
    expect(await h.fails('list_admins', {})).toMatch(/Intercom is unavailable \(HTTP 503\)/);
    h.fake.clearFaults();
    const text = await h.fails('get_contact', { id: C.jane.id, extra: true });
    expect(text).toMatch(/Invalid arguments for get_contact/);
    expect(text).toMatch(/extra/);
    await expect(h.call('no_such_tool', {})).rejects.toThrow(/Unknown tool: no_such_tool/);
  });

  it('gives the in-process client exactly the answers the HTTP client gets', async () => {
    const calls: [string, Record<string, unknown>][] = [
      ['list_admins', {}],
      ['get_contact', { id: C.jane.id }],
      ['search_contacts', { tag: 'vip' }],
      ['list_tags', {}],
      ['get_contact', { id: 'no-such-contact' }],
      ['list_admins', { page: 2 }],
    ];
    for (const [name, args] of calls) {
      const overHttp = await callTool(h.client, name, args);
      const local = await callTool(inProcess, name, args);
      expect(local, `${name} ${JSON.stringify(args)}`).toStrictEqual(overHttp);
    }
  });
});
