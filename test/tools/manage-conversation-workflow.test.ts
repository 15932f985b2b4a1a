import { afterEach, describe, expect, it } from 'vitest';
import { createConversationWithParts } from '../fake-intercom/index.js';
import { WORKSPACE_A } from '../fake-intercom/seed-a.js';
import { WORKSPACE_B } from '../fake-intercom/seed-b.js';
import type { FakeConversation } from '../fake-intercom/types.js';
import { createConnection } from '../support/connections.js';
import { connectClient } from '../support/mcp-clients.js';
import { useToolHarness } from './harness.js';

const h = useToolHarness();
const TOOL = 'manage_conversation_workflow';
const OWNER = WORKSPACE_A.ownerAdminId;
const A = WORKSPACE_A;

type Action = { type: string; status: string; detail: string };
type Result = {
  acting_admin: { id: string; name: string | null };
  summary: { done: number; failed: number; unknown: number };
  conversations: {
    conversation_id: string;
    status: string;
    actions: Action[];
    state: {
      state: string | null;
      admin_assignee: { id: string; name: string | null } | null;
      team_assignee: { id: string; name: string | null } | null;
      snoozed_until: string | null;
      tags: string[];
    } | null;
  }[];
};

function fresh(tagIds: string[] = []): FakeConversation {
  const conv = createConversationWithParts(h.workspaceA, 2);
  for (const tagId of tagIds)
    conv.tags.push({ tagId, applied_at: conv.created_at, applied_by: { type: 'admin', id: OWNER } });
  return conv;
}

const writes = () => h.recorded().filter((r) => r.method !== 'GET');
const line = (r: { method: string; path: string; body: unknown }) => ({
  method: r.method,
  path: r.path,
  body: r.body,
});

describe('manage_conversation_workflow', () => {
  afterEach(() => {
    expect(h.fake.unhandled).toEqual([]);
    h.fake.clearFaults();
  });

  it('runs several actions on two conversations, in order, with Intercom’s exact request shapes', async () => {
    const c1 = fresh([A.tags.bug]);
    const c2 = fresh([A.tags.bug]);
    const newTag = `Escalated ${Date.now()}`;
    const out = await h.ok<Result>(TOOL, {
      conversation_ids: [c1.id, c2.id],
      actions: [
        { type: 'assign', admin: 'bob brennan' },
        { type: 'assign', team: 'Billing' },
        { type: 'note', body: 'Refund approved by finance' },
        { type: 'tag', name: newTag },
        { type: 'untag', name: 'bug' },
        { type: 'close' },
      ],
    });
    const created = [...h.workspaceA.tags.values()].find((t) => t.name === newTag);
    expect(created).toBeDefined();
    const tagId = created?.id;
    const reads = h
      .recorded()
      .filter((r) => r.method === 'GET')
      .map((r) => r.path);
    expect(reads.sort()).toEqual(['/admins', '/tags', '/teams']);
    const forConversation = (id: string) => [
      {
        method: 'POST',
        path: `/conversations/${id}/parts`,
        body: { message_type: 'assignment', type: 'admin', admin_id: OWNER, assignee_id: A.admins.bob },
      },
      {
        method: 'POST',
        path: `/conversations/${id}/parts`,
        body: { message_type: 'assignment', type: 'team', admin_id: OWNER, assignee_id: A.teams.billing },
      },
      {
        method: 'POST',
        path: `/conversations/${id}/reply`,
        body: { message_type: 'note', type: 'admin', admin_id: OWNER, body: 'Refund approved by finance' },
      },
      { method: 'POST', path: `/conversations/${id}/tags`, body: { id: tagId, admin_id: OWNER } },
      { method: 'DELETE', path: `/conversations/${id}/tags/${A.tags.bug}`, body: { admin_id: OWNER } },
      {
        method: 'POST',
        path: `/conversations/${id}/parts`,
        body: { message_type: 'close', type: 'admin', admin_id: OWNER },
      },
    ];
    const [first, ...rest] = forConversation(c1.id);
    expect(writes().map(line)).toEqual([
      first,
      ...rest.slice(0, 2),
      { method: 'POST', path: '/tags', body: { name: newTag } }, // created once, reused for c2
      ...rest.slice(2),
      ...forConversation(c2.id),
    ]);

    expect(out.acting_admin).toEqual({ id: OWNER, name: 'Alice Anders' });
    expect(out.summary).toEqual({ done: 2, failed: 0, unknown: 0 });
    for (const [i, conv] of [c1, c2].entries()) {
      const r = out.conversations[i];
      expect(r?.conversation_id).toBe(conv.id);
      expect(r?.status).toBe('done');
      expect(r?.actions.map((a) => a.status)).toEqual(['done', 'done', 'done', 'done', 'done', 'done']);
      expect(r?.actions[0]?.detail).toContain('Bob Brennan');
      expect(r?.state).toMatchObject({
        state: 'closed',
        admin_assignee: { id: A.admins.bob, name: 'Bob Brennan' },
        team_assignee: { id: A.teams.billing, name: 'Billing' },
        tags: [newTag],
      });
      expect(conv.state).toBe('closed');
      expect(conv.admin_assignee_id).toBe(Number(A.admins.bob));
      expect(conv.team_assignee_id).toBe(Number(A.teams.billing));
      expect(conv.tags.map((t) => t.tagId)).toEqual([tagId]);
      expect(conv.parts.some((p) => p.part_type === 'note')).toBe(true);
    }
    expect(out.conversations[0]?.actions[3]?.detail).toContain('tag created');
    expect(out.conversations[1]?.actions[3]?.detail).not.toContain('tag created');
    expect(h.fake.unhandled).toEqual([]);
  });

  it('snoozes for a duration, assigns by email, unassigns and reports progress per conversation', async () => {
    const c1 = fresh();
    const c2 = fresh();
    const progress: number[] = [];
    const before = Math.floor(Date.now() / 1000);
    const result = await h.client.callTool(
      {
        name: TOOL,
        arguments: {
          conversation_ids: [c1.id, c2.id],
          actions: [
            { type: 'assign', admin: 'DEV@acme-support.test' },
            { type: 'unassign' },
            { type: 'snooze', for: '2h' },
          ],
        },
      },
      undefined,
      { onprogress: (p) => void progress.push(p.progress) },
    );
    expect(result.isError).toBeFalsy();
    const out = result.structuredContent as Result;
    expect(progress).toEqual([1, 2]);
    const bodies = writes().map((r) => r.body as Record<string, unknown>);
    expect(bodies[0]).toEqual({
      message_type: 'assignment',
      type: 'admin',
      admin_id: OWNER,
      assignee_id: A.admins.dev,
    });
    expect(bodies[1]).toEqual({
      message_type: 'assignment',
      type: 'admin',
      admin_id: OWNER,
      assignee_id: '0',
    });
    const snooze = bodies[2] as { message_type: string; admin_id: string; snoozed_until: number };
    expect(Object.keys(snooze).sort()).toEqual(['admin_id', 'message_type', 'snoozed_until']);
    expect(snooze.message_type).toBe('snoozed');
    expect(snooze.snoozed_until).toBeGreaterThanOrEqual(before + 7200);
    expect(snooze.snoozed_until).toBeLessThanOrEqual(before + 7200 + 10);
    expect((bodies[5] as { snoozed_until: number }).snoozed_until).toBe(snooze.snoozed_until);
    expect(c1.state).toBe('snoozed');
    expect(c1.snoozed_until).toBe(snooze.snoozed_until);
    expect(c1.admin_assignee_id).toBeNull();
    expect(out.conversations[0]?.state).toMatchObject({
      state: 'snoozed',
      admin_assignee: null,
      snoozed_until: new Date(snooze.snoozed_until * 1000).toISOString(),
    });
    // Only the directory's lists are read (cached per connection), never the conversations.
    const reads = h
      .recorded()
      .filter((r) => r.method === 'GET')
      .map((r) => r.path);
    expect(reads.every((p) => p === '/admins' || p === '/teams')).toBe(true);
  });

  it('snoozes until an ISO time, reopens, and acts as the admin_id given', async () => {
    const conv = fresh();
    const until = new Date(Date.now() + 3 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const out = await h.ok<Result>(TOOL, {
      conversation_ids: [conv.id],
      admin_id: A.admins.carla,
      actions: [{ type: 'snooze', until }, { type: 'reopen' }],
    });
    expect(writes().map(line)).toEqual([
      {
        method: 'POST',
        path: `/conversations/${conv.id}/parts`,
        body: { message_type: 'snoozed', admin_id: A.admins.carla, snoozed_until: Date.parse(until) / 1000 },
      },
      {
        method: 'POST',
        path: `/conversations/${conv.id}/parts`,
        body: { message_type: 'open', admin_id: A.admins.carla },
      },
    ]);
    expect(out.acting_admin).toEqual({ id: A.admins.carla, name: 'Carla Cruz' });
    expect(out.conversations[0]?.state?.state).toBe('open');
    expect(conv.state).toBe('open');
  });

  it('rejects a snooze time in the past before writing anything', async () => {
    const conv = fresh();
    const text = await h.fails(TOOL, {
      conversation_ids: [conv.id],
      actions: [{ type: 'close' }, { type: 'snooze', until: '2020-01-01T00:00:00Z' }],
    });
    expect(text).toMatch(/Nothing was changed/);
    expect(text).toMatch(
      /actions\[1\]\.until: "2020-01-01T00:00:00Z" is 2019-12-31T16:00:00-08:00, not at least a minute in the future/,
    );
    expect(writes()).toEqual([]);
    expect(conv.state).toBe('open');
  });

  it('fails with candidates and writes nothing when an admin or team name is unknown', async () => {
    const conv = fresh();
    const text = await h.fails(TOOL, {
      conversation_ids: [conv.id],
      actions: [
        { type: 'note', body: 'x' },
        { type: 'assign', admin: 'Bob Brenan' },
        { type: 'assign', team: 'Sales' },
      ],
    });
    expect(text).toMatch(/Nothing was changed/);
    expect(text).toMatch(
      /actions\[1\]\.admin: no admin has the id, name or email "Bob Brenan"\. Did you mean "Bob Brennan" \(id 5100002\)\?/,
    );
    expect(text).toMatch(
      /actions\[2\]\.team: no team has the id or name "Sales"\. Known teams: Billing \(5200002\), Tier 1 Support/,
    );
    expect(writes()).toEqual([]);
    expect(conv.parts.some((p) => p.part_type === 'note')).toBe(false);
  });

  it('reports an ambiguous admin name with both candidates', async () => {
    const bob = h.workspaceA.admins.get(A.admins.bob);
    if (!bob) throw new Error('seed admin bob missing');
    h.workspaceA.admins.set('5100099', { ...bob, id: '5100099', email: 'bob2@acme-support.test' });
    // A new connection: the admin list is cached per connection, and this one has not read it yet.
    const client = await connectClient(h.app.url, await createConnection(h.app.url, WORKSPACE_A.token));
    try {
      const text = await h.fails(
        TOOL,
        { conversation_ids: [fresh().id], actions: [{ type: 'assign', admin: 'Bob Brennan' }] },
        client,
      );
      expect(text).toMatch(
        /actions\[0\]\.admin: "Bob Brennan" matches 2 admins: .*5100002.*5100099.*Name one by id/,
      );
      expect(writes()).toEqual([]);
    } finally {
      h.workspaceA.admins.delete('5100099');
      await client.close();
    }
  });

  it('stops a conversation at its first failure and continues with the next one', async () => {
    const c1 = fresh();
    const c2 = fresh();
    const missing = '99999999999999';
    const out = await h.ok<Result>(TOOL, {
      conversation_ids: [c1.id, missing, c2.id],
      actions: [
        { type: 'note', body: 'Checked' },
        { type: 'close', body: 'Closing, thanks!' },
      ],
    });
    expect(out.summary).toEqual({ done: 2, failed: 1, unknown: 0 });
    const failed = out.conversations[1];
    expect(failed?.status).toBe('failed');
    expect(failed?.actions[0]).toMatchObject({
      status: 'failed',
      detail: expect.stringMatching(/Not found/),
    });
    expect(failed?.actions[1]).toEqual({
      type: 'close',
      status: 'skipped',
      detail: 'an earlier action failed',
    });
    expect(out.conversations[2]?.actions.map((a) => a.status)).toEqual(['done', 'done']);
    expect(writes().map((r) => r.path)).toEqual([
      `/conversations/${c1.id}/reply`,
      `/conversations/${c1.id}/parts`,
      `/conversations/${missing}/reply`,
      `/conversations/${c2.id}/reply`,
      `/conversations/${c2.id}/parts`,
    ]);
    expect(writes()[1]?.body).toEqual({
      message_type: 'close',
      type: 'admin',
      admin_id: OWNER,
      body: 'Closing, thanks!',
    });
    expect(c2.state).toBe('closed');
  });

  it('reports a dropped close as unknown, does not retry it, and skips what follows', async () => {
    const c1 = fresh();
    const c2 = fresh();
    h.fake.inject({
      kind: 'drop',
      when: 'after',
      times: 1,
      match: { path: new RegExp(`^/conversations/${c1.id}/parts$`) },
    });
    const out = await h.ok<Result>(TOOL, {
      conversation_ids: [c1.id, c2.id],
      actions: [{ type: 'note', body: 'Handled' }, { type: 'close' }, { type: 'tag', name: 'VIP' }],
    });
    const r1 = out.conversations[0];
    expect(r1?.status).toBe('unknown');
    expect(r1?.actions.map((a) => a.status)).toEqual(['done', 'unknown', 'skipped']);
    expect(r1?.actions[1]?.detail).toMatch(/may have been applied.*get_conversation/);
    expect(r1?.actions[2]?.detail).toBe('the outcome of an earlier action is unknown');
    expect(h.recorded().filter((r) => r.path === `/conversations/${c1.id}/parts`)).toHaveLength(1);
    expect(c1.state).toBe('closed'); // the drop came after Intercom applied it
    expect(out.conversations[1]?.actions.map((a) => a.status)).toEqual(['done', 'done', 'done']);
    expect(out.summary).toEqual({ done: 1, failed: 0, unknown: 1 });
  });

  it('reports a 5xx on a tag write as unknown without retrying it', async () => {
    const conv = fresh();
    const path = new RegExp(`^/conversations/${conv.id}/tags$`);
    h.fake.inject({ kind: 'status', status: 500, times: 1, match: { method: 'POST', path } });
    const out = await h.ok<Result>(TOOL, {
      conversation_ids: [conv.id],
      actions: [{ type: 'tag', name: 'Bug' }, { type: 'close' }],
    });
    expect(out.conversations[0]?.actions).toEqual([
      { type: 'tag', status: 'unknown', detail: expect.stringMatching(/HTTP 500.*may have been applied/) },
      { type: 'close', status: 'skipped', detail: 'the outcome of an earlier action is unknown' },
    ]);
    expect(h.recorded().filter((r) => path.test(r.path))).toHaveLength(1);
    expect(writes()).toHaveLength(1);
  });

  it('skips an untag when the conversation does not have the tag or the tag does not exist', async () => {
    const conv = fresh();
    conv.state = 'closed';
    conv.open = false;
    const out = await h.ok<Result>(TOOL, {
      conversation_ids: [conv.id],
      actions: [
        { type: 'untag', name: 'VIP' },
        { type: 'untag', name: `No such tag ${Date.now()}` },
        { type: 'reopen' },
      ],
    });
    expect(out.conversations[0]?.actions).toEqual([
      { type: 'untag', status: 'skipped', detail: 'the conversation does not have the tag "VIP"' },
      { type: 'untag', status: 'skipped', detail: expect.stringMatching(/^no tag named .* exists/) },
      { type: 'reopen', status: 'done', detail: 'reopened' },
    ]);
    expect(out.conversations[0]?.status).toBe('done');
    const lists = ['/tags', '/admins', '/teams'];
    expect(
      h
        .recorded()
        .filter((r) => !lists.includes(r.path))
        .map((r) => `${r.method} ${r.path}`),
    ).toEqual([`GET /conversations/${conv.id}`, `POST /conversations/${conv.id}/parts`]);
  });

  it('sets priority, marks read and snoozes until a phrase read in the workspace time zone', async () => {
    const conv = fresh();
    conv.read = false;
    const out = await h.ok<Result>(TOOL, {
      conversation_ids: [Number(conv.id)],
      admin_id: 'me',
      actions: [{ type: 'priority' }, { type: 'mark_read' }, { type: 'snooze', until: 'tomorrow 9am' }],
    });
    expect(writes().map(line).slice(0, 2)).toEqual([
      { method: 'PUT', path: `/conversations/${conv.id}`, body: { priority: 'priority' } },
      { method: 'PUT', path: `/conversations/${conv.id}`, body: { read: true } },
    ]);
    expect(conv.priority).toBe('priority');
    expect(conv.read).toBe(true);
    const snooze = writes()[2]?.body as { snoozed_until: number };
    // 09:00 in Los Angeles (workspace A) is 16:00 or 17:00 UTC, depending on daylight saving.
    expect([16, 17]).toContain(new Date(snooze.snoozed_until * 1000).getUTCHours());
    expect(out.conversations[0]?.actions.map((a) => a.detail)).toEqual([
      'marked as priority',
      'marked as read',
      expect.stringMatching(/^snoozed until \d{4}-\d\d-\d\dT09:00:00-0[78]:00$/),
    ]);
    expect(out.conversations[0]?.state).toMatchObject({ priority: true, read: true, state: 'snoozed' });
    expect(out.acting_admin.id).toBe(OWNER);
  });

  it('validates arguments', async () => {
    const id = fresh().id;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ conversation_ids: [], actions: [{ type: 'reopen' }] }, /conversation_ids/],
      [
        {
          conversation_ids: Array.from({ length: 26 }, (_, i) => String(i + 1)),
          actions: [{ type: 'reopen' }],
        },
        /conversation_ids/,
      ],
      [{ conversation_ids: [id, id], actions: [{ type: 'reopen' }] }, /distinct/],
      [{ conversation_ids: [id], actions: [] }, /actions/],
      [
        { conversation_ids: [id], actions: [{ type: 'assign', admin: 'Bob Brennan', team: 'Billing' }] },
        /exactly one of admin or team/,
      ],
      [
        { conversation_ids: [id], actions: [{ type: 'snooze', for: '2h', until: '2030-01-01T00:00:00Z' }] },
        /exactly one of until or for/,
      ],
      [
        { conversation_ids: [id], actions: [{ type: 'snooze', for: 'soonish' }] },
        /actions\[0\]\.for: "soonish" is not a time/,
      ],
      [{ conversation_ids: [id], actions: [{ type: 'archive' }] }, /actions\[0\]/],
      [{ conversation_ids: [id], actions: [{ type: 'note', body: '  ' }] }, /body/],
      [{ conversation_ids: [id], actions: [{ type: 'snooze', for: '400d' }] }, /more than 365 days/],
      [
        { conversation_ids: [id], admin_id: '42', actions: [{ type: 'reopen' }] },
        /admin_id: no admin has the id, name or email "42"/,
      ],
    ];
    for (const [args, expected] of cases) expect(await h.fails(TOOL, args)).toMatch(expected);
    expect(writes()).toEqual([]);
  });

  it('keeps workspaces apart: names resolve and ids exist only in the caller’s workspace', async () => {
    const conv = fresh();
    const byName = await h.fails(
      TOOL,
      { conversation_ids: [conv.id], actions: [{ type: 'assign', team: 'Billing' }] },
      h.clientB,
    );
    expect(byName).toMatch(/actions\[0\]\.team: no team has the id or name "Billing"/);
    const out = await h.ok<Result>(
      TOOL,
      { conversation_ids: [conv.id], actions: [{ type: 'close' }] },
      h.clientB,
    );
    expect(out.acting_admin.id).toBe(WORKSPACE_B.ownerAdminId);
    expect(out.conversations[0]?.actions[0]?.status).toBe('failed');
    expect(conv.state).toBe('open');
    expect(h.fake.requestsFor(WORKSPACE_B.id).find((r) => r.method === 'POST')?.body).toMatchObject({
      admin_id: WORKSPACE_B.ownerAdminId,
    });
    expect(writes()).toEqual([]);
  });
});
