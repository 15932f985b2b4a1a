import { z } from 'zod';
import { getTicket } from '../intercom/tickets.js';
import { capCustomAttributes } from './common/contact.js';
import { clip, htmlToText, isoTime } from './common/text.js';
import {
  assigneeNames,
  DESCRIPTION,
  notFound,
  TITLE,
  ticketAttributesSchema,
  ticketIdArg,
  ticketOutputSchema,
  toTicketSummary,
} from './common/ticket.js';
import { defineTool } from './define-tool.js';
import { UNTRUSTED, untrustedTextOrNull } from './untrusted.js';

const MAX_PARTS = 20;
const PART_CHARS = 1_000;

export default defineTool({
  name: 'get_ticket',
  title: 'Get a ticket',
  description: [
    'Shows one ticket: title, description, type, state, contacts, assignees, attributes, history.',
    `The ${MAX_PARTS} newest parts, each cut at ${PART_CHARS} characters.`,
    'Example: {"ticket_id":"631"}',
  ].join('\n'),
  inputSchema: z.object({ ticket_id: ticketIdArg }).strict(),
  outputSchema: ticketOutputSchema.extend({
    description: untrustedTextOrNull,
    attributes: ticketAttributesSchema,
    snoozed_until: z.string().nullable(),
    shared_with_customer: z.boolean().nullable(),
    parts: z
      .array(
        z.object({
          type: z.string(),
          author: z.string().nullable(),
          at: z.string().nullable(),
          text: z.string().nullable(),
          state: z.string().nullable(),
        }),
      )
      .describe(`Oldest first; author and text ${UNTRUSTED}`),
    parts_total: z.number().int(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    const [ticket, names] = await Promise.all([getTicket(ctx.intercom, args.ticket_id), assigneeNames(ctx)]);
    if (!ticket) throw notFound(args.ticket_id);
    const { [TITLE]: _title, [DESCRIPTION]: description, ...rest } = ticket.ticket_attributes ?? {};
    const parts = ticket.ticket_parts?.ticket_parts ?? [];
    return {
      ...toTicketSummary(ticket, names),
      description: typeof description === 'string' ? description : null,
      attributes: capCustomAttributes(rest).values,
      snoozed_until: isoTime(ticket.snoozed_until),
      shared_with_customer: ticket.is_shared ?? null,
      parts: parts.slice(-MAX_PARTS).map((p) => ({
        type: p.part_type ?? 'part',
        author: p.author?.name ?? p.author?.type ?? null,
        at: isoTime(p.created_at),
        text: p.body ? clip(htmlToText(p.body), PART_CHARS).text : null,
        state: p.ticket_state ?? null,
      })),
      parts_total: ticket.ticket_parts?.total_count ?? parts.length,
    };
  },
});
