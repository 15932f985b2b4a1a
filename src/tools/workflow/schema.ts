import { z } from 'zod';
import { actingAdminId, conversationId, tagName } from '../params.js';

/** Input and output schemas of manage_conversation_workflow, built once at module load. */

export const MAX_CONVERSATIONS = 25;
export const MAX_ACTIONS = 20;

const text = (what: string) => z.string().trim().min(1).max(10_000).describe(what);

const assign = z
  .object({
    type: z.literal('assign'),
    admin: z
      .string()
      .trim()
      .min(1)
      .max(320)
      .optional()
      .describe('Admin to assign: id, exact name or email (see list_admins)'),
    team: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('Team to assign: id or exact name (see list_admins)'),
  })
  .strict()
  .refine((a) => (a.admin === undefined) !== (a.team === undefined), {
    message: 'give exactly one of admin or team (use two assign actions for both)',
  })
  .describe('Assign to an admin or a team; assigning a closed or snoozed conversation reopens it');

const unassign = z
  .object({
    type: z.literal('unassign'),
    from: z
      .enum(['admin', 'team'])
      .default('admin')
      .describe('Remove the admin assignee (default) or the team assignee'),
  })
  .strict()
  .describe('Remove the admin (or team) assignee');

const note = z
  .object({
    type: z.literal('note'),
    body: text('Note text (HTML allowed); internal, never shown to the customer'),
  })
  .strict()
  .describe('Add an internal note');

const close = z
  .object({
    type: z.literal('close'),
    body: text(
      'Optional closing message; it is posted in the conversation and reaches the customer',
    ).optional(),
  })
  .strict()
  .describe('Close the conversation');

const reopen = z
  .object({ type: z.literal('reopen') })
  .strict()
  .describe('Reopen a closed or snoozed conversation');

export const DURATION = /^(\d{1,6})\s*([mhdw])$/;

const snooze = z
  .object({
    type: z.literal('snooze'),
    until: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('ISO 8601 time to snooze until, in the future, e.g. 2026-11-02T09:00:00Z'),
    for: z
      .string()
      .trim()
      .regex(DURATION, 'a duration is a number and a unit m, h, d or w, e.g. "90m", "2h", "3d", "1w"')
      .optional()
      .describe(
        'Snooze for a duration from now: minutes, hours, days or weeks, e.g. "90m", "2h", "3d", "1w"',
      ),
  })
  .strict()
  .refine((s) => (s.until === undefined) !== (s.for === undefined), {
    message: 'give exactly one of until or for',
  })
  .describe('Snooze until a time or for a duration (at most 365 days)');

const tag = z
  .object({ type: z.literal('tag'), name: tagName.describe('Tag name; a missing tag is created') })
  .strict()
  .describe('Add a tag by name');

const untag = z
  .object({
    type: z.literal('untag'),
    name: tagName.describe('Tag name; reported as skipped when the conversation does not have it'),
  })
  .strict()
  .describe('Remove a tag by name');

export const workflowAction = z.discriminatedUnion('type', [
  assign,
  unassign,
  note,
  close,
  reopen,
  snooze,
  tag,
  untag,
]);
export type WorkflowAction = z.infer<typeof workflowAction>;
export type ActionType = WorkflowAction['type'];

export const inputSchema = z
  .object({
    conversation_ids: z
      .array(conversationId)
      .min(1)
      .max(MAX_CONVERSATIONS)
      .refine((ids) => new Set(ids).size === ids.length, { message: 'conversation ids must be distinct' })
      .describe(`Conversations to act on (1-${MAX_CONVERSATIONS} ids), processed in this order`),
    actions: z
      .array(workflowAction)
      .min(1)
      .max(MAX_ACTIONS)
      .describe(`Actions applied in order to each conversation (1-${MAX_ACTIONS})`),
    admin_id: actingAdminId,
  })
  .strict();

const actionStatus = z
  .enum(['done', 'failed', 'skipped', 'unknown'])
  .describe('unknown: Intercom may have applied it; check with get_conversation before retrying');

const actionResult = z.object({
  type: z.enum(['assign', 'unassign', 'note', 'close', 'reopen', 'snooze', 'tag', 'untag']),
  status: actionStatus,
  detail: z.string().describe('What happened, or why it failed or was skipped'),
});

const conversationState = z
  .object({
    state: z.string().nullable().describe('open, closed or snoozed'),
    admin_assignee_id: z.string().nullable(),
    team_assignee_id: z.string().nullable(),
    snoozed_until: z.string().nullable().describe('ISO 8601'),
    tags: z.array(z.string()).describe('Tag names'),
  })
  .describe('The conversation as Intercom last reported it during this call');

export const outputSchema = z.object({
  acting_admin_id: z.string(),
  summary: z.object({
    done: z.number().int().describe('Conversations where every action was done (or harmlessly skipped)'),
    failed: z.number().int().describe('Conversations stopped by a failed action'),
    unknown: z.number().int().describe('Conversations with an action of unknown outcome'),
  }),
  conversations: z.array(
    z.object({
      conversation_id: z.string(),
      status: z.enum(['done', 'failed', 'unknown']),
      actions: z.array(actionResult),
      state: conversationState.nullable(),
    }),
  ),
});
export type WorkflowOutput = z.input<typeof outputSchema>;
export type ActionResult = z.input<typeof actionResult>;
export type StateOutput = z.input<typeof conversationState>;
