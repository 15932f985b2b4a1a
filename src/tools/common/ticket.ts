import { z } from 'zod';
import type { IntercomTicket } from '../../intercom/tickets.js';
import { type ToolContext, ToolError } from '../define-tool.js';
import { intercomId } from '../params.js';
import { UNTRUSTED } from '../untrusted.js';
import { named } from './contact.js';
import { isoTime } from './text.js';

/** Ticket outputs shared by the ticket tools. */

export const TITLE = '_default_title_';
export const DESCRIPTION = '_default_description_';

export const ticketIdArg = intercomId('ticket', 'Ticket id (from search_tickets, not the Inbox number)');

export const ticketStates = ['submitted', 'in_progress', 'waiting_on_customer', 'resolved'] as const;

const TICKET_UNTRUSTED = `Texts and names ${UNTRUSTED}; ticket_id is the Inbox number`;

const ticketFields = z.object({
  id: z.string(),
  ticket_id: z.string().nullable(),
  title: z.string(),
  type: z.string().nullable(),
  state: z.string().nullable(),
  state_label: z.string().nullable(),
  open: z.boolean(),
  contact_ids: z.array(z.string()),
  assignee: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  team: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  created_at: z.string().nullable(),
  updated_at: z.string().nullable(),
});
/** A ticket's summary: marked UNTRUSTED once (title, type and state labels, names), not field by field. */
export const ticketSummarySchema = ticketFields.describe(TICKET_UNTRUSTED);
/** The same fields as the whole answer of a tool (a top-level description is the tool's own). */
export const ticketOutputSchema = ticketFields.extend({
  title: z.string().describe(`${UNTRUSTED}, as are type, state_label and names`),
  ticket_id: z.string().nullable().describe('Inbox number'),
});
export type TicketSummary = z.infer<typeof ticketSummarySchema>;

/** "0" and null both mean nobody. */
const assigned = (id: string | null | undefined) => (id && id !== '0' ? id : null);

export function toTicketSummary(
  t: IntercomTicket,
  names: { admins: Map<string, string>; teams: Map<string, string> },
): TicketSummary {
  const title = t.ticket_attributes?.[TITLE];
  return {
    id: t.id,
    ticket_id: t.ticket_id ?? null,
    title: typeof title === 'string' ? title : '',
    type: t.ticket_type?.name ?? null,
    state: t.ticket_state?.category ?? null,
    state_label: t.ticket_state?.internal_label ?? null,
    open: t.open ?? true,
    contact_ids: (t.contacts?.contacts ?? []).map((c) => c.id),
    assignee: named(assigned(t.admin_assignee_id), names.admins),
    team: named(assigned(t.team_assignee_id), names.teams),
    created_at: isoTime(t.created_at),
    updated_at: isoTime(t.updated_at),
  };
}

/** Admin and team names, to show beside assignee ids. */
export async function assigneeNames(ctx: ToolContext) {
  const [admins, teams] = await Promise.all([ctx.directory.names('admin'), ctx.directory.names('team')]);
  return { admins, teams };
}

/** Ticket attributes other than title and description, as `{name: value}` (strings untrusted). */
export const ticketAttributesSchema = z.record(z.string(), z.unknown()).describe(UNTRUSTED);

export function notFound(id: string): ToolError {
  return new ToolError(
    `ticket_id: no ticket has id ${id}. Use the id from search_tickets (not the Inbox number).`,
  );
}
