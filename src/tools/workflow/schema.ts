import { z } from 'zod';
import { namedRefSchema } from '../common/contact.js';
import { actingAdmin, adminRef, conversationId, tagName, teamRef, timeInput } from '../params.js';
import { UNTRUSTED } from '../untrusted.js';

/** Input and output schemas of manage_conversation_workflow, built once at module load. */

export const MAX_CONVERSATIONS = 25;
export const MAX_ACTIONS = 20;

const text = (what: string) => z.string().trim().min(1).max(10_000).describe(what);

const assign = z
  .object({ type: z.literal('assign'), admin: adminRef.optional(), team: teamRef.optional() })
  .strict()
  .refine((a) => (a.admin === undefined) !== (a.team === undefined), {
    message: 'give exactly one of admin or team (use two assign actions for both)',
  })
  .describe('Assign to an admin or a team (reopens a closed or snoozed conversation)');

const unassign = z
  .object({
    type: z.literal('unassign'),
    from: z.enum(['admin', 'team']).default('admin'),
  })
  .strict()
  .describe('Remove the admin (default) or team assignee');

const note = z
  .object({
    type: z.literal('note'),
    body: text('Internal note (HTML allowed); teammates only'),
  })
  .strict();

const close = z
  .object({
    type: z.literal('close'),
    body: text('Closing message: it REACHES THE CUSTOMER').optional(),
  })
  .strict();

const reopen = z.object({ type: z.literal('reopen') }).strict();

const snooze = z
  .object({
    type: z.literal('snooze'),
    until: timeInput.optional().describe('"tomorrow 9am", "next Monday", ISO 8601 (workspace time zone)'),
    for: z.string().trim().min(1).max(40).optional().describe('A duration: "90m", "2h", "3d", "1w"'),
  })
  .strict()
  .refine((s) => (s.until === undefined) !== (s.for === undefined), {
    message: 'give exactly one of until or for',
  })
  .describe('Snooze until a time or for a duration (at most 365 days)');

const priority = z
  .object({ type: z.literal('priority'), priority: z.boolean().default(true).describe('false removes it') })
  .strict();

const markRead = z.object({ type: z.literal('mark_read') }).strict();

const tag = z
  .object({ type: z.literal('tag'), name: tagName.describe('Tag name; a missing tag is created') })
  .strict();

const untag = z.object({ type: z.literal('untag'), name: tagName }).strict();

export const workflowAction = z.discriminatedUnion('type', [
  assign,
  unassign,
  note,
  close,
  reopen,
  snooze,
  priority,
  markRead,
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
      .describe(`1-${MAX_CONVERSATIONS} ids or inbox URLs, handled in this order`),
    actions: z
      .array(workflowAction)
      .min(1)
      .max(MAX_ACTIONS)
      .describe(`1-${MAX_ACTIONS} actions, applied in order to each conversation`),
    admin_id: actingAdmin,
  })
  .strict();

const actionStatus = z
  .enum(['done', 'failed', 'skipped', 'unknown'])
  .describe('unknown: may have been applied; check with get_conversation before retrying');

const actionResult = z.object({
  type: z.string(),
  status: actionStatus,
  detail: z.string(),
});

const conversationState = z
  .object({
    state: z.string().nullable(),
    admin_assignee: namedRefSchema.nullable(),
    team_assignee: namedRefSchema.nullable(),
    snoozed_until: z.string().nullable(),
    priority: z.boolean().nullable(),
    read: z.boolean().nullable(),
    tags: z.array(z.string()).describe(`Tag names; ${UNTRUSTED}`),
  })
  .describe('As Intercom last reported it in this call');

export const outputSchema = z.object({
  acting_admin: namedRefSchema,
  summary: z.object({ done: z.number().int(), failed: z.number().int(), unknown: z.number().int() }),
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
