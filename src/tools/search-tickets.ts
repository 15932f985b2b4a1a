import { z } from 'zod';
import type { SearchQuery } from '../intercom/contacts.js';
import { searchTickets } from '../intercom/tickets.js';
import { resolveOneContact } from './common/contact.js';
import { assigneeNames, ticketStates, ticketSummarySchema, toTicketSummary } from './common/ticket.js';
import { defineTool } from './define-tool.js';
import { adminRef, contactRef, cursor, nextCursor, perPage, teamRef, ticketTypeRef } from './params.js';

export default defineTool({
  name: 'search_tickets',
  title: 'Search tickets',
  description: [
    'Finds tickets by words, contact, type, state, open, assignee or team (AND), newest first; all without criteria.',
    'Example: {"contact":{"email":"jane@globex.com"},"open":true}',
  ].join('\n'),
  inputSchema: z
    .object({
      text: z.string().trim().min(1).max(200).optional().describe('In title or description'),
      contact: contactRef.optional(),
      ticket_type: ticketTypeRef.optional(),
      state: z.enum(ticketStates).optional().describe('State category'),
      open: z.boolean().optional().describe('Open or closed only'),
      assignee: adminRef.optional(),
      team: teamRef.optional(),
      per_page: perPage(),
      cursor,
    })
    .strict(),
  outputSchema: z.object({
    tickets: z.array(ticketSummarySchema),
    total_count: z.number().int().nullable(),
    next_cursor: nextCursor,
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    const [contact, type, admin, team, names] = await Promise.all([
      args.contact ? resolveOneContact(ctx.intercom, args.contact) : undefined,
      args.ticket_type ? ctx.directory.resolve('ticket_type', args.ticket_type, 'ticket_type') : undefined,
      args.assignee ? ctx.directory.admin(args.assignee, 'assignee') : undefined,
      args.team ? ctx.directory.team(args.team, 'team') : undefined,
      assigneeNames(ctx),
    ]);
    const filters: SearchQuery[] = [];
    if (args.text) {
      filters.push({
        operator: 'OR',
        value: [
          { field: 'title', operator: '~', value: args.text },
          { field: 'description', operator: '~', value: args.text },
        ],
      });
    }
    if (contact) filters.push({ field: 'contact_ids', operator: '=', value: contact.id });
    if (type) filters.push({ field: 'ticket_type_id', operator: '=', value: type.id });
    if (args.state) filters.push({ field: 'state', operator: '=', value: args.state });
    if (args.open !== undefined) filters.push({ field: 'open', operator: '=', value: args.open });
    if (admin) filters.push({ field: 'admin_assignee_id', operator: '=', value: admin.id });
    if (team) filters.push({ field: 'team_assignee_id', operator: '=', value: team.id });
    // Intercom's search needs a condition: with none, every ticket (created after 1970).
    if (filters.length === 0) filters.push({ field: 'created_at', operator: '>', value: 0 });
    const query: SearchQuery =
      filters.length === 1 ? (filters[0] as SearchQuery) : { operator: 'AND', value: filters };
    const page = await searchTickets(ctx.intercom, query, { perPage: args.per_page, cursor: args.cursor });
    return {
      tickets: page.tickets.map((t) => toTicketSummary(t, names)),
      total_count: page.totalCount,
      next_cursor: page.nextCursor,
    };
  },
});
