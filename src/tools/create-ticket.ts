import { z } from 'zod';
import { createTicket, type IntercomTicketType, type NewTicket } from '../intercom/tickets.js';
import { suggestArgument } from './arguments.js';
import { resolveOneContact } from './common/contact.js';
import { assigneeNames, DESCRIPTION, TITLE, ticketOutputSchema, toTicketSummary } from './common/ticket.js';
import { defineTool, ToolError } from './define-tool.js';
import { adminRef, contactRef, teamRef, ticketTypeRef } from './params.js';
import { writeError } from './write-outcome.js';

/** The attributes a ticket of `type` takes besides title and description, and which of them it requires. */
function checkAttributes(
  type: IntercomTicketType,
  given: Record<string, string | number | boolean>,
): string[] {
  const all = (type.ticket_type_attributes?.data ?? []).filter((a) => !a.archived);
  const custom = all.filter((a) => a.name !== TITLE && a.name !== DESCRIPTION).map((a) => a.name);
  const problems: string[] = [];
  for (const name of Object.keys(given)) {
    if (custom.includes(name)) continue;
    const near = suggestArgument(name, custom);
    problems.push(`"${name}" is not an attribute of ${type.name}${near ? ` (did you mean "${near}"?)` : ''}`);
  }
  const missing = all
    .filter((a) => a.required_to_create && a.name !== TITLE && given[a.name] === undefined)
    .map((a) => a.name);
  if (missing.length > 0) problems.push(`${type.name} requires ${missing.map((m) => `"${m}"`).join(', ')}`);
  if (problems.length > 0) {
    const known = custom.length > 0 ? custom.map((c) => `"${c}"`).join(', ') : 'none';
    return [`attributes: ${problems.join('; ')}. Its attributes: ${known}.`];
  }
  return [];
}

export default defineTool({
  name: 'create_ticket',
  title: 'Create a ticket',
  description: [
    'Creates a ticket of a type (by name) for one contact, optionally assigned; nothing is created unless all checks out.',
    'Example: {"ticket_type":"Bug report","contact":{"email":"jane@globex.com"},"title":"Export fails"}',
  ].join('\n'),
  inputSchema: z
    .object({
      ticket_type: ticketTypeRef,
      contact: contactRef,
      title: z.string().trim().min(1).max(255).describe('Title'),
      description: z.string().trim().min(1).max(10_000).optional().describe('Description'),
      attributes: z
        .record(z.string().min(1).max(190), z.union([z.string().max(10_000), z.number(), z.boolean()]))
        .optional()
        .describe('{name: value} of the type’s other attributes'),
      assignee: adminRef.optional(),
      team: teamRef.optional(),
    })
    .strict(),
  outputSchema: ticketOutputSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(args, ctx) {
    const [type, contact, admin, team, names] = await Promise.all([
      ctx.directory.resolve('ticket_type', args.ticket_type, 'ticket_type'),
      resolveOneContact(ctx.intercom, args.contact),
      args.assignee ? ctx.directory.admin(args.assignee, 'assignee') : undefined,
      args.team ? ctx.directory.team(args.team, 'team') : undefined,
      assigneeNames(ctx),
    ]);
    const problems = checkAttributes(type, args.attributes ?? {});
    if (problems.length > 0) throw new ToolError(`${problems.join(' ')} Nothing was created.`);
    const ticket: NewTicket = {
      ticket_type_id: type.id,
      contacts: [{ id: contact.id }],
      ticket_attributes: {
        ...args.attributes,
        [TITLE]: args.title,
        ...(args.description ? { [DESCRIPTION]: args.description } : {}),
      },
      ...(admin || team
        ? {
            assignment: {
              ...(admin ? { admin_assignee_id: admin.id } : {}),
              ...(team ? { team_assignee_id: team.id } : {}),
            },
          }
        : {}),
    };
    try {
      return toTicketSummary(await createTicket(ctx.intercom, ticket), names);
    } catch (error) {
      throw writeError(error, {
        checkHint: `search_tickets with this contact shows whether "${args.title}" exists before you create it again.`,
      });
    }
  },
});
