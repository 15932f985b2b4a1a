// The two operations the sections measure, the upstream calls each makes, and the load that exercises
// them (a) straight against the fake Intercom, (b) through the bare proxy, (c) as tools/calls via the app.
import type { LoadRequest, LoadSpec } from '../loadgen.js';
import { type App, type Connection, callToolOnce, MCP_HEADERS, toolCallBody } from './app.js';
import type { BenchContext, FakeInfo, Variant } from './context.js';
import { DURATION, WARMUP } from './settings.js';

export interface Op {
  name: 'get_contact' | 'search_conversations';
  label: string;
  args: Record<string, unknown>;
  steps: { method: 'GET' | 'POST'; path: string; body?: string }[];
}

export function operations(fake: FakeInfo): Op[] {
  return [
    {
      name: 'get_contact',
      label: 'get_contact',
      args: { id: fake.workspaces.main.contactIds[0] },
      steps: [],
    },
    // The per-row latest-part reads (20 more upstream calls, 5 in flight) are turned off: this measures the
    // gateway on one upstream search, not the fan-out.
    {
      name: 'search_conversations',
      label: 'search_conversations {state: open, include_latest_part: false}',
      args: { state: 'open', include_latest_part: false },
      steps: [],
    },
  ];
}

/** The upstream requests one tool call makes (second call: /me is cached by then), read from the fake. */
export async function upstreamSteps(
  app: App,
  conn: Connection,
  fake: FakeInfo,
  op: Op,
): Promise<Op['steps']> {
  const body = toolCallBody(op.name, op.args);
  await callToolOnce(app.url, conn.mcpPath, body);
  await fetch(`${fake.controlUrl}/clear`, { method: 'POST' });
  await callToolOnce(app.url, conn.mcpPath, body);
  const recorded = (await (await fetch(`${fake.controlUrl}/requests`)).json()) as {
    workspaceId: string;
    method: 'GET' | 'POST';
    path: string;
    query: Record<string, string>;
    body?: unknown;
  }[];
  return recorded
    .filter((r) => r.workspaceId === fake.workspaces.main.id)
    .map((r) => {
      const query = new URLSearchParams(r.query).toString();
      return {
        method: r.method,
        path: r.path + (query ? `?${query}` : ''),
        ...(r.body === undefined ? {} : { body: JSON.stringify(r.body) }),
      };
    });
}

function directRequests(op: Op, token: string): LoadRequest[] {
  return op.steps.map((s) => ({
    method: s.method,
    path: s.path,
    headers: {
      Authorization: `Bearer ${token}`,
      Accept: 'application/json',
      'Intercom-Version': '2.14',
      ...(s.body ? { 'Content-Type': 'application/json' } : {}),
    },
    ...(s.body ? { body: s.body } : {}),
  }));
}

export function loadSpec(
  context: BenchContext,
  variant: Variant,
  op: Op,
  connections: number,
  conn: Connection,
  target: App,
): LoadSpec {
  const { fake, proxy, conns } = context;
  const base = { connections, durationSec: DURATION, warmupSec: WARMUP };
  if (variant === 'a') {
    return {
      ...base,
      origin: fake.url,
      requests: directRequests(op, fake.workspaces.main.token),
      check: 'json',
    };
  }
  if (variant === 'b') {
    const headers = { 'Content-Type': 'application/json' };
    return {
      ...base,
      origin: proxy.url,
      requests: [{ method: 'POST', path: `/${op.name}`, headers, body: '{}' }],
      check: 'json',
    };
  }
  const key = (Object.keys(conns) as (keyof typeof conns)[]).find((k) => conns[k] === conn) ?? 'main';
  const contactId = fake.workspaces[key].contactIds[0];
  const body = toolCallBody(op.name, op.name === 'get_contact' ? { id: contactId } : op.args);
  return {
    ...base,
    origin: target.url,
    requests: [{ method: 'POST', path: conn.mcpPath, headers: MCP_HEADERS, body }],
    check: 'mcp',
  };
}

/** Each variant answers successfully once before anything is measured. */
export async function checkVariantsAnswer({ ops, fake, proxy }: BenchContext): Promise<void> {
  for (const op of ops) {
    for (const step of directRequests(op, fake.workspaces.main.token)) {
      const r = await fetch(fake.url + step.path, {
        method: step.method,
        headers: step.headers,
        body: step.body,
      });
      if (!r.ok) throw new Error(`direct ${op.name} ${step.path}: ${r.status} ${await r.text()}`);
    }
    const r = await fetch(`${proxy.url}/${op.name}`, { method: 'POST', body: '{}' });
    if (!r.ok) throw new Error(`bare proxy ${op.name}: ${r.status} ${await r.text()}`);
  }
}
