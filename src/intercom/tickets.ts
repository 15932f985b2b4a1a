import { z } from 'zod';
import type { IntercomApi } from './client.js';
import type { SearchQuery } from './contacts.js';
import { IntercomApiError } from './errors.js';
import { nextCursor, pagesSchema, rawPage } from './pages.js';

const id = z.union([z.string(), z.number()]).transform(String);

export const ticketStateSchema = z.object({
  id,
  category: z.string(),
  internal_label: z.string().nullish(),
  external_label: z.string().nullish(),
});
export type IntercomTicketState = z.infer<typeof ticketStateSchema>;

const ticketTypeAttributeSchema = z.object({
  name: z.string(),
  data_type: z.string().nullish(),
  required_to_create: z.boolean().nullish(),
  archived: z.boolean().nullish(),
});

export const ticketTypeSchema = z.object({
  id,
  name: z.string().default(''),
  category: z.string().nullish(),
  archived: z.boolean().nullish(),
  ticket_type_attributes: z.object({ data: z.array(ticketTypeAttributeSchema).default([]) }).nullish(),
  ticket_states: z.object({ data: z.array(ticketStateSchema).default([]) }).nullish(),
});
export type IntercomTicketType = z.infer<typeof ticketTypeSchema>;

const ticketTypeListSchema = z.object({ data: z.array(ticketTypeSchema).default([]) });

/** GET /ticket_types: every ticket type with its attributes and states (one unpaginated list). */
export async function listTicketTypes(api: IntercomApi): Promise<IntercomTicketType[]> {
  const list = await api.read(ticketTypeListSchema, (sdk, o) => sdk.ticketTypes.list(o));
  return list.data.filter((t) => !t.archived);
}

const partSchema = z.object({
  id,
  part_type: z.string().nullish(),
  body: z.string().nullish(),
  ticket_state: z.string().nullish(),
  created_at: z.number().nullish(),
  assigned_to: z.object({ type: z.string().nullish(), id: id.nullish() }).nullish(),
  author: z.object({ type: z.string().nullish(), id: id.nullish(), name: z.string().nullish() }).nullish(),
});

export const ticketSchema = z.object({
  id,
  ticket_id: id.nullish(),
  category: z.string().nullish(),
  ticket_attributes: z.record(z.string(), z.unknown()).nullish(),
  ticket_state: ticketStateSchema.nullish(),
  ticket_type: z.object({ id, name: z.string().nullish() }).nullish(),
  contacts: z
    .object({ contacts: z.array(z.object({ id, external_id: z.string().nullish() })).default([]) })
    .nullish(),
  admin_assignee_id: id.nullish(),
  team_assignee_id: id.nullish(),
  created_at: z.number().nullish(),
  updated_at: z.number().nullish(),
  open: z.boolean().nullish(),
  snoozed_until: z.number().nullish(),
  is_shared: z.boolean().nullish(),
  ticket_parts: z
    .object({ ticket_parts: z.array(partSchema).default([]), total_count: z.number().nullish() })
    .nullish(),
});
export type IntercomTicket = z.infer<typeof ticketSchema>;

/** GET /tickets/{id} (the API id, not the Inbox number); null when there is none. */
export async function getTicket(api: IntercomApi, ticketId: string): Promise<IntercomTicket | null> {
  try {
    return await api.read(ticketSchema, (sdk, o) => sdk.tickets.get({ ticket_id: ticketId }, o));
  } catch (error) {
    if (error instanceof IntercomApiError && error.kind === 'not_found') return null;
    throw error;
  }
}

const ticketListSchema = z.object({
  tickets: z.array(ticketSchema).default([]),
  total_count: z.number().nullish(),
  pages: pagesSchema,
});

/** One page of POST /tickets/search (the conversation query grammar; pagination in the body). */
export async function searchTickets(
  api: IntercomApi,
  query: SearchQuery,
  page: { perPage: number; cursor?: string | undefined },
): Promise<{ tickets: IntercomTicket[]; totalCount: number | null; nextCursor: string | null }> {
  const pagination = { per_page: page.perPage, ...(page.cursor ? { starting_after: page.cursor } : {}) };
  const list = await api.read(ticketListSchema, (sdk, o) =>
    rawPage(sdk.tickets.search({ query, pagination } as Parameters<typeof sdk.tickets.search>[0], o)),
  );
  return { tickets: list.tickets, totalCount: list.total_count ?? null, nextCursor: nextCursor(list.pages) };
}

export interface NewTicket {
  ticket_type_id: string;
  contacts: [{ id: string }];
  ticket_attributes: Record<string, string | number | boolean>;
  assignment?: { admin_assignee_id?: string; team_assignee_id?: string };
}

/** POST /tickets. Never retried. */
export function createTicket(api: IntercomApi, ticket: NewTicket): Promise<IntercomTicket> {
  return api.write(ticketSchema, (sdk, o) =>
    sdk.tickets.create(ticket as Parameters<typeof sdk.tickets.create>[0], o),
  );
}

export interface TicketChanges {
  ticket_state_id?: string;
  open?: boolean;
  snoozed_until?: number;
  assignee_id?: string;
  /** The admin acting (attributed in the ticket's history). */
  admin_id: number;
}

/** PUT /tickets/{id}. Never retried. */
export function updateTicket(
  api: IntercomApi,
  ticketId: string,
  changes: TicketChanges,
): Promise<IntercomTicket> {
  return api.write(ticketSchema, (sdk, o) => sdk.tickets.update({ ticket_id: ticketId, ...changes }, o));
}
