import { z } from 'zod';
import { normalizeName } from '../directory/match.js';
import {
  getTicket,
  type IntercomTicketState,
  type TicketChanges,
  updateTicket,
} from '../intercom/tickets.js';
import {
  assigneeNames,
  notFound,
  ticketIdArg,
  ticketOutputSchema,
  toTicketSummary,
} from './common/ticket.js';
import { defineTool, type ToolContext, ToolError } from './define-tool.js';
import { actingAdmin, adminRef, resolveTime, teamRef, timeInput } from './params.js';
import { writeError } from './write-outcome.js';

const NOBODY = /^(nobody|none|unassigned?|no one)$/i;

/** The state of the ticket's type that `wanted` names: its label, else its category (when only one has it). */
function pickState(states: IntercomTicketState[], wanted: string, typeName: string): IntercomTicketState {
  const text = normalizeName(wanted);
  const byLabel = states.filter(
    (s) => normalizeName(s.internal_label ?? '') === text || normalizeName(s.external_label ?? '') === text,
  );
  const byCategory = states.filter((s) => s.category === text.replace(/[\s-]+/g, '_'));
  const found = byLabel.length > 0 ? byLabel : byCategory;
  if (found.length === 1 && found[0]) return found[0];
  const list = states.map((s) => `"${s.internal_label}" (${s.category})`).join(', ');
  const why =
    found.length > 1 ? `"${wanted}" matches ${found.length} states` : `no state is called "${wanted}"`;
  throw new ToolError(`state: ${why} of ${typeName}. Its states: ${list}. Name one by its label.`);
}

async function stateChange(ctx: ToolContext, typeId: string | undefined, wanted: string) {
  const types = await ctx.directory.list('ticket_type');
  const type = types.find((t) => t.id === typeId);
  if (!type)
    throw new ToolError('state: this ticket’s type is archived or unknown; its state cannot be set here.');
  return pickState(type.ticket_states?.data ?? [], wanted, type.name);
}

export default defineTool({
  name: 'update_ticket',
  title: 'Update a ticket',
  description: [
    'Sets a ticket’s state (a label of its type or a category), open, assignee ("nobody" unassigns) or team, or snoozes it.',
    'Nothing is written unless every part checks out.',
    'Example: {"ticket_id":"631","state":"resolved"}',
  ].join('\n'),
  inputSchema: z
    .object({
      ticket_id: ticketIdArg,
      state: z.string().trim().min(1).max(100).optional().describe('State label or category'),
      open: z.boolean().optional().describe('false closes the ticket'),
      assignee: adminRef.optional().describe('Admin, or "nobody"'),
      team: teamRef.optional(),
      snoozed_until: timeInput.optional(),
      admin: actingAdmin,
    })
    .strict(),
  outputSchema: ticketOutputSchema.extend({ changed: z.array(z.string()) }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    const asked = ['state', 'open', 'assignee', 'team', 'snoozed_until'].filter(
      (k) => args[k as keyof typeof args] !== undefined,
    );
    if (asked.length === 0)
      throw new ToolError('Give at least one of state, open, assignee, team or snoozed_until.');
    if (args.assignee !== undefined && args.team !== undefined) {
      throw new ToolError(
        'assignee and team: Intercom takes one assignee per update; give one, then the other.',
      );
    }
    const unassign = args.assignee !== undefined && NOBODY.test(args.assignee);
    const [ticket, actor, assignee, team, names] = await Promise.all([
      getTicket(ctx.intercom, args.ticket_id),
      args.admin ? ctx.directory.admin(args.admin, 'admin') : undefined,
      args.assignee && !unassign ? ctx.directory.admin(args.assignee, 'assignee') : undefined,
      args.team ? ctx.directory.team(args.team, 'team') : undefined,
      assigneeNames(ctx),
    ]);
    if (!ticket) throw notFound(args.ticket_id);
    const changes: TicketChanges = { admin_id: Number(actor?.id ?? ctx.tenant.adminId) };
    const changed: string[] = [];
    if (args.state) {
      const state = await stateChange(ctx, ticket.ticket_type?.id, args.state);
      changes.ticket_state_id = state.id;
      changed.push(`state → ${state.internal_label ?? state.category}`);
    }
    if (args.snoozed_until !== undefined) {
      const until = await resolveTime(ctx, args.snoozed_until, 'snoozed_until', {
        direction: 'future',
        dateOnly: 'morning',
      });
      if (until.unix <= Date.now() / 1000) throw new ToolError(`snoozed_until: ${until.iso} is in the past.`);
      changes.snoozed_until = until.unix;
      changed.push(`snoozed until ${until.iso}`);
    }
    if (args.open !== undefined) {
      changes.open = args.open;
      changed.push(args.open ? 'opened' : 'closed');
    }
    if (unassign) {
      changes.assignee_id = '0';
      changed.push('unassigned');
    } else if (assignee || team) {
      changes.assignee_id = (assignee ?? team)?.id;
      changed.push(`assigned to ${(assignee ?? team)?.name}`);
    }
    try {
      return { ...toTicketSummary(await updateTicket(ctx.intercom, ticket.id, changes), names), changed };
    } catch (error) {
      throw writeError(error, { checkHint: 'get_ticket shows whether the change was applied.' });
    }
  },
});
