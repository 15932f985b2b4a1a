import { describe, expect, it } from 'vitest';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { useToolHarness } from './tools/harness.js';

// A short upstream timeout so that a slow Intercom is detected quickly.
const h = useToolHarness({ env: { INTERCOM_TIMEOUT_MS: '800' } });

describe('upstream faults', () => {
  it('times out a slow read, says so, and keeps other tenants fast meanwhile', async () => {
    h.fake.inject({
      kind: 'slow',
      delayMs: 3_000,
      times: 10,
      match: { workspaceId: WORKSPACE_A.id, path: /^\/admins$/ },
    });
    const started = Date.now();
    const slow = h.fails('list_admins', {});
    const otherStarted = Date.now();
    const other = await h.ok<{ admins: unknown[] }>('list_admins', {}, h.clientB);
    const otherMs = Date.now() - otherStarted;
    expect(other.admins.length).toBeGreaterThan(0);
    expect(otherMs).toBeLessThan(700);
    expect(await slow).toContain('Intercom did not answer in time');
    expect(Date.now() - started).toBeLessThan(3_000 * 3);
    h.fake.clearFaults();
  });

  it('never resends a message whose request timed out, and reports it as unknown', async () => {
    const before = h.workspaceA.messages.length;
    h.fake.inject({ kind: 'slow', delayMs: 1_500, times: 1, match: { path: /^\/messages$/ } });
    const out = await h.ok<{ results: { status: string; error?: string }[] }>('send_intercom_message', {
      message_type: 'in_app',
      body: 'Your export is ready.',
      recipients: [{ email: WORKSPACE_A.contacts.jane.email }],
    });
    expect(out.results[0]?.status).toBe('unknown');
    expect(out.results[0]?.error).toMatch(/did not answer in time/);
    // The slow fake still applies the write after its delay: exactly one message, one request.
    await new Promise((r) => setTimeout(r, 1_200));
    expect(h.recorded().filter((r) => r.path === '/messages')).toHaveLength(1);
    expect(h.workspaceA.messages.length).toBe(before + 1);
  });

  it('never re-posts a note or an event whose request timed out', async () => {
    const conversation = h.workspaceA.conversations.get(WORKSPACE_A.conversations.thanks);
    const partsBefore = conversation?.parts.length ?? 0;
    const eventsBefore = h.workspaceA.events.length;
    h.fake.inject({ kind: 'slow', delayMs: 1_500, times: 1, match: { path: /\/reply$/ } });
    const note = await h.fails('reply_to_conversation', {
      conversation_id: WORKSPACE_A.conversations.thanks,
      message_type: 'note',
      body: 'Customer confirmed the fix.',
    });
    expect(note).toMatch(/did not answer in time/);
    expect(note).toMatch(/unknown/);
    h.fake.inject({ kind: 'slow', delayMs: 1_500, times: 1, match: { path: /^\/events$/ } });
    const events = await h.ok<{ results: { status: string }[] }>('track_user_events', {
      events: [
        { event_name: 'exported-report', email: WORKSPACE_A.contacts.jane.email, created_at: 1_790_000_000 },
      ],
    });
    expect(events.results[0]?.status).toBe('unknown');
    await new Promise((r) => setTimeout(r, 1_200));
    expect(h.recorded().filter((r) => r.path.endsWith('/reply'))).toHaveLength(1);
    expect(h.recorded().filter((r) => r.path === '/events')).toHaveLength(1);
    expect(conversation?.parts.length).toBe(partsBefore + 1);
    expect(h.workspaceA.events.length).toBe(eventsBefore + 1);
  });

  it('passes the client’s cancellation on to Intercom', async () => {
    h.fake.inject({ kind: 'slow', delayMs: 2_000, times: 1, match: { path: /^\/admins$/ } });
    const controller = new AbortController();
    const call = h.client.callTool({ name: 'list_admins', arguments: {} }, undefined, {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort('user cancelled'), 200);
    await expect(call).rejects.toThrow();
    expect((await h.ok<{ admins: unknown[] }>('list_admins', {})).admins.length).toBeGreaterThan(0);
  });

  it('answers unknown tools and methods with JSON-RPC errors', async () => {
    const post = (message: unknown) =>
      fetch(h.connection.mcp_url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
        body: JSON.stringify(message),
      }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { error?: { code: number; message: string } },
      }));
    const unknownTool = await post({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'nope', arguments: {} },
    });
    expect(unknownTool.body.error).toMatchObject({
      code: -32602,
      message: expect.stringContaining('Unknown tool: nope'),
    });
    const unknownMethod = await post({ jsonrpc: '2.0', id: 2, method: 'resources/list' });
    expect(unknownMethod.body.error?.code).toBe(-32601);
    const invalidParams = await post({
      jsonrpc: '2.0',
      id: 3,
      method: 'tools/call',
      params: { arguments: {} },
    });
    expect(invalidParams.body.error?.code).toBe(-32602);
    for (const r of [unknownTool, unknownMethod, invalidParams]) expect(r.status).toBeLessThan(500);
  });
});
