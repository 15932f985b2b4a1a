import type { z } from 'zod';
import { listAdmins, listTeams } from '../../intercom/admins.js';
import type { Assignee } from '../../intercom/conversation-parts.js';
import type { IntercomAdmin, IntercomTeam } from '../../intercom/schemas.js';
import { type IntercomTag, listTags } from '../../intercom/tags.js';
import { type ToolContext, ToolError } from '../define-tool.js';
import { DURATION, type inputSchema, type WorkflowAction } from './schema.js';

/** An action with every name resolved and every time computed: nothing left to look up. */
export type PlannedAction =
  | { type: 'assign'; assignee: Assignee; label: string }
  | { type: 'unassign'; from: 'admin' | 'team' }
  | { type: 'note'; body: string }
  | { type: 'close'; body: string | undefined }
  | { type: 'reopen' }
  | { type: 'snooze'; until: number }
  /** `tag` null: no tag of that name yet (tag creates it on first use; untag has nothing to remove). */
  | { type: 'tag' | 'untag'; name: string; tag: IntercomTag | null };

export interface Plan {
  adminId: string;
  actions: PlannedAction[];
}

const MIN_SNOOZE_SECONDS = 60;
const MAX_SNOOZE_SECONDS = 365 * 86_400;
const UNIT_SECONDS: Record<string, number> = { m: 60, h: 3_600, d: 86_400, w: 604_800 };
const MAX_CANDIDATES = 8;

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
const adminLabel = (a: IntercomAdmin) => `${a.name} (id ${a.id}${a.email ? `, ${a.email}` : ''})`;
const teamLabel = (t: IntercomTeam) => `${t.name} (id ${t.id})`;

/** Exact matches, or a not-found/ambiguous problem naming candidates. */
function pick<T extends { id: string; name: string }>(
  what: 'admin' | 'team',
  ref: string,
  all: T[],
  exact: (item: T) => boolean,
  label: (item: T) => string,
): { found: T } | { problem: string } {
  const hits = all.filter(exact);
  if (hits.length === 1 && hits[0]) return { found: hits[0] };
  if (hits.length > 1) {
    const list = hits.slice(0, MAX_CANDIDATES).map(label).join('; ');
    return { problem: `${hits.length} ${what}s match "${ref}": ${list}. Use the id.` };
  }
  const words = norm(ref).split(' ');
  const near = all.filter((item) => words.some((w) => w.length > 1 && norm(item.name).includes(w)));
  const shown = (near.length > 0 ? near : all).slice(0, MAX_CANDIDATES).map(label).join('; ');
  return {
    problem: `no ${what} matches "${ref}". ${near.length > 0 ? 'Close matches' : 'Known'}: ${shown}.`,
  };
}

function resolveAdmin(ref: string, admins: IntercomAdmin[]) {
  const wanted = norm(ref);
  if (/^\d+$/.test(ref)) return pick('admin', ref, admins, (a) => a.id === ref, adminLabel);
  if (ref.includes('@')) return pick('admin', ref, admins, (a) => norm(a.email ?? '') === wanted, adminLabel);
  return pick('admin', ref, admins, (a) => norm(a.name) === wanted, adminLabel);
}

function resolveTeam(ref: string, teams: IntercomTeam[]) {
  const wanted = norm(ref);
  const exact = /^\d+$/.test(ref)
    ? (t: IntercomTeam) => t.id === ref
    : (t: IntercomTeam) => norm(t.name) === wanted;
  return pick('team', ref, teams, exact, teamLabel);
}

function findTag(name: string, tags: IntercomTag[]): { tag: IntercomTag | null } | { problem: string } {
  const exact = tags.find((t) => t.name === name);
  if (exact) return { tag: exact };
  const loose = tags.filter((t) => norm(t.name) === norm(name));
  if (loose.length > 1) {
    return { problem: `several tags match "${name}" ignoring case: ${loose.map((t) => t.name).join(', ')}` };
  }
  return { tag: loose[0] ?? null };
}

function snoozeUntil(
  action: Extract<WorkflowAction, { type: 'snooze' }>,
  now: number,
): { until: number } | { problem: string } {
  let until: number;
  if (action.until !== undefined) {
    until = Math.floor(Date.parse(action.until) / 1000);
  } else {
    const [, n, unit] = DURATION.exec(action.for ?? '') ?? [];
    until = now + Number(n) * (UNIT_SECONDS[unit ?? ''] ?? Number.NaN);
  }
  if (!Number.isFinite(until)) return { problem: 'could not read the snooze time' };
  if (until < now + MIN_SNOOZE_SECONDS) {
    return {
      problem: `snooze time ${new Date(until * 1000).toISOString()} is not at least a minute in the future`,
    };
  }
  if (until > now + MAX_SNOOZE_SECONDS) return { problem: 'snooze time is more than 365 days ahead' };
  return { until };
}

interface Lookups {
  admins: IntercomAdmin[];
  teams: IntercomTeam[];
  tags: IntercomTag[];
  now: number;
}

/** The planned action, or the problem that prevents it. */
function planAction(action: WorkflowAction, { admins, teams, tags, now }: Lookups): PlannedAction | string {
  switch (action.type) {
    case 'assign': {
      const r = action.admin ? resolveAdmin(action.admin, admins) : resolveTeam(action.team ?? '', teams);
      if ('problem' in r) return r.problem;
      const type = action.admin ? 'admin' : 'team';
      return {
        type: 'assign',
        assignee: { type, id: r.found.id },
        label: `${type} ${r.found.name} (${r.found.id})`,
      };
    }
    case 'snooze': {
      const r = snoozeUntil(action, now);
      return 'problem' in r ? r.problem : { type: 'snooze', until: r.until };
    }
    case 'tag':
    case 'untag': {
      const r = findTag(action.name, tags);
      return 'problem' in r ? r.problem : { type: action.type, name: r.tag?.name ?? action.name, tag: r.tag };
    }
    case 'close':
      return { type: 'close', body: action.body };
    default:
      return action;
  }
}

/**
 * Validates every action and resolves every admin, team and tag name before anything is written,
 * so a bad name fails the whole call with nothing changed. Reads only what the actions need.
 */
export async function planWorkflow(
  args: z.output<typeof inputSchema>,
  ctx: ToolContext,
  now = Math.floor(Date.now() / 1000),
): Promise<Plan> {
  const needAdmins = args.admin_id !== undefined || args.actions.some((a) => a.type === 'assign' && a.admin);
  const needTeams = args.actions.some((a) => a.type === 'assign' && a.team);
  const needTags = args.actions.some((a) => a.type === 'tag' || a.type === 'untag');
  const [admins, teams, tags] = await Promise.all([
    needAdmins ? listAdmins(ctx.intercom) : [],
    needTeams ? listTeams(ctx.intercom) : [],
    needTags ? listTags(ctx.intercom) : [],
  ]);
  const problems: string[] = [];
  if (args.admin_id !== undefined && !admins.some((a) => a.id === args.admin_id)) {
    problems.push(`admin_id: no admin with id ${args.admin_id}; see list_admins`);
  }
  const actions: PlannedAction[] = [];
  for (const [i, action] of args.actions.entries()) {
    const planned = planAction(action, { admins, teams, tags, now });
    if (typeof planned === 'string') problems.push(`actions[${i}] (${action.type}): ${planned}`);
    else actions.push(planned);
  }
  if (problems.length > 0) {
    throw new ToolError(`Nothing was changed. Fix these actions and call again:\n- ${problems.join('\n- ')}`);
  }
  return { adminId: args.admin_id ?? ctx.tenant.adminId, actions };
}
