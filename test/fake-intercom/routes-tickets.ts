// Tickets: ticket types, create, get, update and search (the 2.14 request and answer shapes).
import { addContact } from './builder.js';
import { ApiError, adminNotFound, invalid, NotImplementedError, userNotFound } from './errors.js';
import { byNewest, paginate, parsePerPage } from './pagination.js';
import { type Ctx, ok, type Route } from './router.js';
import { compileQuery, type FieldDef, type FieldKind, type SearchSpec } from './search.js';
import { addTicket, addTicketPart, adminAuthor, stateOf, ticketJson, ticketTypeJson } from './tickets.js';
import type { FakeTicket, FakeWorkspace } from './types.js';
import { isRecord, nowUnix } from './util.js';

const ticketNotFound = () => new ApiError(404, 'ticket_not_found', 'Ticket not found');

function getTicket(ws: FakeWorkspace, id: string | undefined): FakeTicket {
  const ticket = ws.tickets.get(id ?? '');
  if (!ticket) throw ticketNotFound();
  return ticket;
}

/** The contact a `contacts[]` entry names; an unknown email creates a lead-less user, as Intercom does. */
function contactFor(ws: FakeWorkspace, entry: unknown): string {
  if (!isRecord(entry)) throw invalid('contacts must be a list of {id | external_id | email}', 'contacts');
  const all = [...ws.contacts.values()];
  if (typeof entry.id === 'string') {
    if (!ws.contacts.has(entry.id)) throw userNotFound();
    return entry.id;
  }
  if (typeof entry.external_id === 'string') {
    const found = all.find((c) => c.external_id === entry.external_id);
    if (!found) throw userNotFound();
    return found.id;
  }
  if (typeof entry.email === 'string') {
    const email = entry.email.toLowerCase();
    return (all.find((c) => c.email === email) ?? addContact(ws, { email, role: 'user' })).id;
  }
  throw invalid('contacts must be a list of {id | external_id | email}', 'contacts');
}

/** `ticket_attributes` checked against the type: known, non-archived names; required ones present. */
function checkAttributes(
  type: { attributes: { name: string; required_to_create: boolean; archived: boolean }[] },
  attributes: Record<string, unknown>,
  creating: boolean,
): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (!type.attributes.some((a) => a.name === name && !a.archived))
      throw invalid(`Ticket attribute ${name} does not exist on this ticket type`, 'ticket_attributes');
    if (value !== null && !['string', 'number', 'boolean'].includes(typeof value))
      throw invalid(`Ticket attribute ${name} has an invalid value`, 'ticket_attributes');
    out[name] = value as string | number | boolean | null;
  }
  if (creating) {
    const missing = type.attributes.filter(
      (a) => a.required_to_create && !a.archived && (out[a.name] === undefined || out[a.name] === ''),
    );
    if (missing.length > 0)
      throw invalid(
        `Missing required ticket attributes: ${missing.map((a) => a.name).join(', ')}`,
        'ticket_attributes',
      );
  }
  return out;
}

function createTicket({ ws, body }: Ctx) {
  if (!isRecord(body)) throw invalid('request body must be a JSON object');
  if (body.ticket_type_id === undefined) throw invalid('ticket_type_id is required', 'ticket_type_id');
  if (body.conversation_to_link_id !== undefined || body.company_id !== undefined)
    throw new NotImplementedError('POST /tickets with conversation_to_link_id or company_id');
  const type = ws.ticketTypes.get(String(body.ticket_type_id));
  if (!type || type.archived) throw invalid('Ticket type not found', 'ticket_type_id');
  const contacts = Array.isArray(body.contacts) ? body.contacts : [];
  if (contacts.length !== 1) throw invalid('Exactly one contact is allowed', 'contacts');
  const contactId = contactFor(ws, contacts[0]);
  const attributes = checkAttributes(
    type,
    isRecord(body.ticket_attributes) ? body.ticket_attributes : {},
    true,
  );
  const assignment = isRecord(body.assignment) ? body.assignment : {};
  const adminAssignee =
    assignment.admin_assignee_id === undefined ? null : String(assignment.admin_assignee_id);
  const teamAssignee = assignment.team_assignee_id === undefined ? null : String(assignment.team_assignee_id);
  if (adminAssignee && !ws.admins.has(adminAssignee))
    throw new ApiError(404, 'assignee_not_found', 'Assignee not found');
  if (teamAssignee && !ws.teams.has(teamAssignee))
    throw new ApiError(404, 'assignee_not_found', 'Assignee not found');
  const ticket = addTicket(ws, {
    typeId: type.id,
    contactId,
    title: String(attributes._default_title_ ?? ''),
    attributes,
    adminAssigneeId: adminAssignee,
    teamAssigneeId: teamAssignee,
    createdAt: typeof body.created_at === 'number' ? body.created_at : nowUnix(),
  });
  if (attributes._default_description_ === undefined) ticket.attributes._default_description_ = null;
  return ok(ticketJson(ws, ticket));
}

const UPDATABLE = new Set([
  'ticket_attributes',
  'ticket_state_id',
  'open',
  'is_shared',
  'snoozed_until',
  'admin_id',
  'assignee_id',
  'skip_notifications',
]);

/**
 * PUT /tickets/{id}: state (by id, of the ticket's type), open, snooze, shared, attributes, and the
 * assignee (an admin or a team id; "0" unassigns) with `admin_id`, the admin acting.
 */
function updateTicket({ ws, params, body }: Ctx) {
  const ticket = getTicket(ws, params.ticket_id);
  if (!isRecord(body)) throw invalid('request body must be a JSON object');
  for (const key of Object.keys(body))
    if (!UPDATABLE.has(key)) throw invalid(`${key} is not a valid parameter`, key);
  const type = ws.ticketTypes.get(ticket.typeId);
  if (!type) throw ticketNotFound();
  const actingId = body.admin_id === undefined ? ws.ownerAdminId : String(body.admin_id);
  if (!ws.admins.has(actingId)) throw adminNotFound();
  const now = nowUnix();
  const author = adminAuthor(ws, actingId);
  const stateId = body.ticket_state_id === undefined ? undefined : String(body.ticket_state_id);
  const state = stateId === undefined ? undefined : type.states.find((s) => s.id === stateId);
  if (stateId !== undefined && !state)
    throw new ApiError(
      400,
      'ticket_state_id_invalid',
      'Ticket state id is not valid or is not associated with the ticket type',
    );
  const assignee = body.assignee_id === undefined ? undefined : String(body.assignee_id);
  if (assignee !== undefined && assignee !== '0' && !ws.admins.has(assignee) && !ws.teams.has(assignee))
    throw new ApiError(404, 'assignee_not_found', 'Assignee not found');
  const attributes = isRecord(body.ticket_attributes)
    ? checkAttributes(type, body.ticket_attributes, false)
    : {};
  // Validated in full before anything changes.
  Object.assign(ticket.attributes, attributes);
  if (state && state.id !== ticket.stateId) {
    const previous = stateOf(ws, ticket)?.category;
    ticket.stateId = state.id;
    addTicketPart(ws, ticket, {
      part_type: 'ticket_state_updated_by_admin',
      body: null,
      previous_ticket_state: previous,
      ticket_state: state.category,
      assigned_to: null,
      created_at: now,
      author,
    });
  }
  if (assignee !== undefined) {
    const isTeam = ws.teams.has(assignee);
    if (assignee === '0') ticket.admin_assignee_id = null;
    else if (isTeam) ticket.team_assignee_id = assignee;
    else ticket.admin_assignee_id = assignee;
    addTicketPart(ws, ticket, {
      part_type: 'assignment',
      body: null,
      assigned_to: assignee === '0' ? null : { type: isTeam ? 'team' : 'admin', id: assignee },
      created_at: now,
      author,
    });
  }
  if (typeof body.open === 'boolean') {
    ticket.open = body.open;
    if (!body.open) ticket.snoozed_until = null; // closing unsnoozes
  }
  if (typeof body.is_shared === 'boolean') ticket.is_shared = body.is_shared;
  if (typeof body.snoozed_until === 'number') ticket.snoozed_until = body.snoozed_until;
  ticket.updated_at = now;
  return ok(ticketJson(ws, ticket));
}

const STRING = ['=', '!=', 'IN', 'NIN', '~', '!~', '^', '$'] as const;
const EXACT = ['=', '!=', 'IN', 'NIN'] as const;
const DATE = ['=', '!=', 'IN', 'NIN', '>', '<', '>=', '<='] as const;
const f = (kind: FieldKind, ops: readonly string[], get: (t: FakeTicket) => unknown, list = false) =>
  ({ kind, ops, get, list }) as FieldDef<FakeTicket>;

/** Category search terms, as the 2.14 description gives them. */
const CATEGORY_TERMS: Record<string, string> = {
  Customer: 'request',
  'Back-office': 'task',
  Tracker: 'tracker',
};

function ticketSearchSpec(ws: FakeWorkspace): SearchSpec<FakeTicket> {
  const fields: Record<string, FieldDef<FakeTicket>> = {
    id: f('string', EXACT, (t) => t.id),
    created_at: f('date', DATE, (t) => t.created_at),
    updated_at: f('date', DATE, (t) => t.updated_at),
    snoozed_until: f('date', DATE, (t) => t.snoozed_until),
    title: f('string', STRING, (t) => t.attributes._default_title_ ?? null),
    description: f('string', STRING, (t) => t.attributes._default_description_ ?? null),
    category: f('string', EXACT, (t) => CATEGORY_TERMS[ws.ticketTypes.get(t.typeId)?.category ?? ''] ?? null),
    ticket_type_id: f('string', EXACT, (t) => t.typeId),
    contact_ids: f('string', EXACT, (t) => t.contactIds, true),
    admin_assignee_id: f('string', EXACT, (t) => t.admin_assignee_id ?? '0'),
    team_assignee_id: f('string', EXACT, (t) => t.team_assignee_id ?? '0'),
    open: f('boolean', ['=', '!='], (t) => t.open),
    state: f('string', EXACT, (t) => stateOf(ws, t)?.category ?? null),
  };
  return {
    dates: 'exact',
    timezone: ws.timezone,
    field: (name) => (Object.hasOwn(fields, name) ? fields[name] : undefined),
  };
}

/** POST /tickets/search: the query grammar of conversations; pagination in the body (default 20 per page). */
function searchTickets({ ws, body }: Ctx) {
  const request = isRecord(body) ? body : {};
  const pagination = isRecord(request.pagination) ? request.pagination : {};
  const perPage = parsePerPage(pagination.per_page, 20);
  const pred = compileQuery(request.query, ticketSearchSpec(ws));
  const matches = [...ws.tickets.values()].filter(pred).sort(byNewest);
  const page = paginate(matches, perPage, pagination.starting_after);
  return ok({
    type: 'ticket.list',
    pages: page.pages,
    total_count: page.total,
    tickets: page.items.map((t) => ticketJson(ws, t)),
  });
}

export const ticketRoutes: Route[] = [
  {
    method: 'GET',
    path: '/ticket_types',
    handler: ({ ws }) =>
      ok({ type: 'list', data: [...ws.ticketTypes.values()].map((t) => ticketTypeJson(ws, t)) }),
  },
  { method: 'POST', path: '/tickets', handler: createTicket },
  // Before /tickets/{ticket_id}.
  { method: 'POST', path: '/tickets/search', handler: searchTickets },
  {
    method: 'GET',
    path: '/tickets/{ticket_id}',
    handler: ({ ws, params }) => ok(ticketJson(ws, getTicket(ws, params.ticket_id))),
  },
  { method: 'PUT', path: '/tickets/{ticket_id}', handler: updateTicket },
];
