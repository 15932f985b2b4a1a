import type { z } from 'zod';
import type { NameRef } from '../../directory/directory.js';
import type { DirectoryKind } from '../../directory/lists.js';
import type { Assignee } from '../../intercom/conversation-parts.js';
import type { IntercomTag } from '../../intercom/tags.js';
import { parseTime } from '../../util/time-phrases.js';
import { findTags } from '../common/contact-tags.js';
import { type ToolContext, ToolError } from '../define-tool.js';
import type { inputSchema, WorkflowAction } from './schema.js';

/** An action with every name resolved and every time computed: nothing left to look up. */
export type PlannedAction =
  | { type: 'assign'; assignee: Assignee; label: string }
  | { type: 'unassign'; from: 'admin' | 'team' }
  | { type: 'note'; body: string }
  | { type: 'close'; body: string | undefined }
  | { type: 'reopen' }
  | { type: 'snooze'; until: number; label: string }
  | { type: 'priority'; priority: boolean }
  | { type: 'mark_read' }
  /** `tag` null: no tag of that name yet (tag creates it on first use; untag has nothing to remove). */
  | { type: 'tag' | 'untag'; name: string; tag: IntercomTag | null };

export interface Plan {
  admin: { id: string; name: string | null };
  actions: PlannedAction[];
}

const MIN_SNOOZE_SECONDS = 60;
const MAX_SNOOZE_SECONDS = 365 * 86_400;

/** A directory lookup that reports its problem as text instead of throwing (problems are collected). */
async function lookup(ctx: ToolContext, kind: DirectoryKind, ref: NameRef, argument: string) {
  const match = await ctx.directory.match(kind, ref);
  if (match.status === 'found') return match.item;
  return (await ctx.directory.problem(kind, ref, argument, match)).message;
}

function snoozeUntil(
  action: Extract<WorkflowAction, { type: 'snooze' }>,
  timeZone: string,
  now: Date,
): { until: number; label: string } | string {
  const text = action.until ?? action.for ?? '';
  const parsed = parseTime(text, { timeZone, now, dateOnly: 'morning', direction: 'future' });
  if ('error' in parsed) return parsed.error;
  const nowUnix = Math.floor(now.getTime() / 1000);
  if (parsed.unix < nowUnix + MIN_SNOOZE_SECONDS) {
    return `"${text}" is ${parsed.iso}, not at least a minute in the future`;
  }
  if (parsed.unix > nowUnix + MAX_SNOOZE_SECONDS)
    return `"${text}" is ${parsed.iso}, more than 365 days ahead`;
  return { until: parsed.unix, label: parsed.iso };
}

/** The planned action, or the problem that prevents it. */
async function planAction(
  action: WorkflowAction,
  at: string,
  ctx: ToolContext,
  clock: { timeZone: string; now: Date },
  tags: Map<string, IntercomTag | null>,
): Promise<PlannedAction | string> {
  switch (action.type) {
    case 'assign': {
      const kind = action.admin !== undefined ? 'admin' : 'team';
      const found = await lookup(ctx, kind, action.admin ?? action.team ?? '', `${at}.${kind}`);
      if (typeof found === 'string') return found;
      return {
        type: 'assign',
        assignee: { type: kind, id: found.id },
        label: `${kind} ${found.name} (${found.id})`,
      };
    }
    case 'snooze': {
      const r = snoozeUntil(action, clock.timeZone, clock.now);
      return typeof r === 'string'
        ? `${at}.${action.until !== undefined ? 'until' : 'for'}: ${r}`
        : { type: 'snooze', ...r };
    }
    case 'tag':
    case 'untag': {
      const tag = tags.get(action.name) ?? null;
      return { type: action.type, name: tag?.name ?? action.name, tag };
    }
    case 'close':
      return { type: 'close', body: action.body };
    case 'priority':
      return { type: 'priority', priority: action.priority };
    default:
      return action;
  }
}

/**
 * Validates every action and resolves every admin, team and tag name (one matching rule, the
 * directory's) and every time (in the workspace's zone) before anything is written, so a bad name or
 * time fails the whole call with nothing changed. Reads only what the actions need.
 */
export async function planWorkflow(
  args: z.output<typeof inputSchema>,
  ctx: ToolContext,
  now = new Date(),
): Promise<Plan> {
  const problems: string[] = [];
  const tagNames = [
    ...new Set(args.actions.flatMap((a) => (a.type === 'tag' || a.type === 'untag' ? [a.name] : []))),
  ];
  const needsClock = args.actions.some((a) => a.type === 'snooze');
  const [actingAdmin, found, me] = await Promise.all([
    args.admin_id !== undefined ? lookup(ctx, 'admin', args.admin_id, 'admin_id') : undefined,
    findTags(ctx.directory, tagNames),
    needsClock ? ctx.me() : undefined,
  ]);
  if (typeof actingAdmin === 'string') problems.push(actingAdmin);
  const tags = new Map(tagNames.map((name, i) => [name, found[i] ?? null]));
  const clock = { timeZone: me?.app.timezone || 'UTC', now };
  const planned = await Promise.all(
    args.actions.map((action, i) => planAction(action, `actions[${i}]`, ctx, clock, tags)),
  );
  const actions: PlannedAction[] = [];
  for (const [i, result] of planned.entries()) {
    if (typeof result !== 'string') actions.push(result);
    else
      problems.push(
        result.startsWith('actions[') ? result : `actions[${i}] (${args.actions[i]?.type}): ${result}`,
      );
  }
  if (problems.length > 0) {
    throw new ToolError(`Nothing was changed. Fix these and call again:\n- ${problems.join('\n- ')}`);
  }
  const admin =
    actingAdmin && typeof actingAdmin !== 'string'
      ? { id: actingAdmin.id, name: actingAdmin.name }
      : {
          id: ctx.tenant.adminId,
          name: (await ctx.directory.names('admin')).get(ctx.tenant.adminId) ?? null,
        };
  return { admin, actions };
}
