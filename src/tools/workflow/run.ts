import {
  addNote,
  assignConversation,
  type ConversationState,
  closeConversation,
  getConversationState,
  openConversation,
  snoozeConversation,
  updateConversation,
} from '../../intercom/conversation-parts.js';
import { IntercomApiError, toIntercomApiError } from '../../intercom/errors.js';
import { createTag, tagConversation, untagConversation } from '../../intercom/tags.js';
import { named } from '../common/contact.js';
import type { Names } from '../common/conversation.js';
import type { ToolContext } from '../define-tool.js';
import { classifyWrite } from '../write-outcome.js';
import type { Plan, PlannedAction } from './plan.js';
import type { ActionResult, StateOutput, WorkflowOutput } from './schema.js';

type ConversationResult = WorkflowOutput['conversations'][number];
type Outcome = { status: 'done' | 'skipped'; detail: string };

const iso = (unix: number) => new Date(unix * 1000).toISOString();
/** Unassigned is null up to 2.15 and 0 from 2.16. */
const assigneeId = (id: string | null | undefined) => (id && id !== '0' ? id : null);

/** What we last learned about one conversation, updated after each action. */
class Known {
  state: StateOutput | null = null;
  tags: { id: string; name: string }[] = [];

  constructor(private readonly names: Names) {}

  update(c: ConversationState) {
    this.tags = (c.tags?.tags ?? []).map((t) => ({ id: t.id, name: t.name }));
    this.state = {
      state: c.state ?? null,
      admin_assignee: named(assigneeId(c.admin_assignee_id), this.names.admins),
      team_assignee: named(assigneeId(c.team_assignee_id), this.names.teams),
      snoozed_until: c.state === 'snoozed' && c.snoozed_until ? iso(c.snoozed_until) : null,
      priority: c.priority ? c.priority === 'priority' : null,
      read: c.read ?? null,
      tags: [],
    };
  }

  output(): StateOutput | null {
    return this.state ? { ...this.state, tags: this.tags.map((t) => t.name) } : null;
  }
}

/** Runs one action; `writing()` marks the moment a write starts, so a lost answer reads as unknown. */
async function perform(
  action: PlannedAction,
  conversationId: string,
  plan: Plan,
  known: Known,
  ctx: ToolContext,
  writing: () => void,
): Promise<Outcome> {
  const api = ctx.intercom;
  const admin = plan.admin.id;
  const changed = (c: ConversationState, detail: string): Outcome => {
    known.update(c);
    return { status: 'done', detail };
  };
  switch (action.type) {
    case 'assign':
      writing();
      return changed(
        await assignConversation(api, conversationId, admin, action.assignee),
        `assigned to ${action.label}`,
      );
    case 'unassign':
      writing();
      return changed(
        await assignConversation(api, conversationId, admin, { type: action.from, id: '0' }),
        `${action.from} assignee removed`,
      );
    case 'note':
      writing();
      return changed(
        await addNote(api, conversationId, admin, action.body),
        'internal note added (not sent to the customer)',
      );
    case 'close':
      writing();
      return changed(
        await closeConversation(api, conversationId, admin, action.body),
        action.body ? 'closed with a message to the customer' : 'closed',
      );
    case 'reopen':
      writing();
      return changed(await openConversation(api, conversationId, admin), 'reopened');
    case 'snooze':
      writing();
      return changed(
        await snoozeConversation(api, conversationId, admin, action.until),
        `snoozed until ${action.label}`,
      );
    case 'priority': {
      writing();
      const value = action.priority ? 'priority' : 'not_priority';
      const after = await updateConversation(api, conversationId, { priority: value });
      known.update(after);
      if (after.priority !== value) {
        // Intercom answered without applying it: nothing changed, so this is a plain failure.
        throw new IntercomApiError(
          'validation',
          `Intercom did not change the priority (it reports "${after.priority ?? 'unknown'}"); set it in the Intercom inbox.`,
          { mayHaveApplied: false },
        );
      }
      return { status: 'done', detail: action.priority ? 'marked as priority' : 'priority removed' };
    }
    case 'mark_read':
      writing();
      return changed(await updateConversation(api, conversationId, { read: true }), 'marked as read');
    case 'tag': {
      writing();
      let created = '';
      if (!action.tag) {
        // Created once, on first use; later conversations reuse it.
        action.tag = await createTag(api, action.name);
        ctx.directory.forget('tag');
        created = ' (tag created)';
      }
      const tag = await tagConversation(api, conversationId, action.tag.id, admin).catch((error: unknown) => {
        if (!created) throw error;
        const e = toIntercomApiError(error, ctx.signal.aborted);
        throw new IntercomApiError(
          e.kind,
          `${e.message} (The tag "${action.name}" itself was created.)`,
          e.extra,
        );
      });
      if (!known.tags.some((t) => t.id === tag.id))
        known.tags.push({ id: tag.id, name: tag.name || action.name });
      return { status: 'done', detail: `tagged "${action.tag.name}"${created}` };
    }
    case 'untag': {
      const tag = action.tag;
      if (!tag)
        return { status: 'skipped', detail: `no tag named "${action.name}" exists in this workspace` };
      if (!known.state) known.update(await getConversationState(api, conversationId));
      if (!known.tags.some((t) => t.id === tag.id)) {
        return { status: 'skipped', detail: `the conversation does not have the tag "${tag.name}"` };
      }
      writing();
      await untagConversation(api, conversationId, tag.id, admin);
      known.tags = known.tags.filter((t) => t.id !== tag.id);
      return { status: 'done', detail: `removed tag "${tag.name}"` };
    }
  }
}

async function runConversation(
  conversationId: string,
  plan: Plan,
  ctx: ToolContext,
  names: Names,
): Promise<{ result: ConversationResult; batchStop?: string }> {
  const known = new Known(names);
  const actions: ActionResult[] = [];
  let status: ConversationResult['status'] = 'done';
  let batchStop: string | undefined;
  for (const action of plan.actions) {
    if (status !== 'done' || ctx.signal.aborted) {
      const reason =
        status === 'failed'
          ? 'an earlier action failed'
          : status === 'unknown'
            ? 'the outcome of an earlier action is unknown'
            : 'the request was cancelled';
      actions.push({ type: action.type, status: 'skipped', detail: reason });
      continue;
    }
    let wrote = false;
    try {
      const outcome = await perform(action, conversationId, plan, known, ctx, () => {
        wrote = true;
      });
      actions.push({ type: action.type, ...outcome });
    } catch (error) {
      const e = toIntercomApiError(error, ctx.signal.aborted);
      ctx.logger.warn(
        {
          conversationId,
          action: action.type,
          kind: e.kind,
          status: e.extra.status,
          code: e.extra.code,
          detail: e.extra.detail,
        },
        'workflow action failed',
      );
      const outcome = classifyWrite(e, wrote);
      // The key, the permission or the rate limit fails every conversation alike: stop the batch.
      if (outcome.stop) batchStop = e.message;
      status = outcome.status;
      const detail =
        outcome.status === 'unknown'
          ? `${outcome.message} It may have been applied: check with get_conversation before retrying.`
          : outcome.message;
      actions.push({ type: action.type, status: outcome.status, detail });
    }
  }
  return { result: { conversation_id: conversationId, status, actions, state: known.output() }, batchStop };
}

/** Runs the plan on each conversation in turn; a failure stops only that conversation's remaining actions. */
export async function runWorkflow(
  plan: Plan,
  conversationIds: string[],
  ctx: ToolContext,
  names: Names,
): Promise<ConversationResult[]> {
  const results: ConversationResult[] = [];
  let stopReason: string | undefined;
  for (const [i, id] of conversationIds.entries()) {
    if (stopReason) {
      const detail = `not attempted: ${stopReason}`;
      results.push({
        conversation_id: id,
        status: 'failed',
        actions: plan.actions.map((a) => ({ type: a.type, status: 'skipped' as const, detail })),
        state: null,
      });
      continue;
    }
    const { result, batchStop } = await runConversation(id, plan, ctx, names);
    results.push(result);
    stopReason = batchStop;
    await ctx.progress(i + 1, conversationIds.length, `conversation ${id}: ${result.status}`);
  }
  return results;
}
