// Tickets in the fake: ticket types (with their attributes and states), tickets and their parts, and the
// 2.14 JSON shapes of each (`ticket`, `ticket_type`, `ticket_state`, `ticket_part`).
import { nextNumId } from './ids.js';
import type {
  FakeTicket,
  FakeTicketPart,
  FakeTicketState,
  FakeTicketType,
  FakeWorkspace,
  PartAuthor,
  TicketCategory,
  TicketStateCategory,
} from './types.js';
import { nowUnix } from './util.js';

/** The four states every workspace has, shared by its ticket types (as Intercom's workspace states are). */
const STANDARD_STATES: Array<[TicketStateCategory, string, string]> = [
  ['submitted', 'Submitted', 'Submitted'],
  ['in_progress', 'In progress', 'In progress'],
  ['waiting_on_customer', 'Waiting on customer', 'Waiting on you'],
  ['resolved', 'Resolved', 'Resolved'],
];

const standardStates = new WeakMap<FakeWorkspace, FakeTicketState[]>();

function statesOf(ws: FakeWorkspace): FakeTicketState[] {
  let states = standardStates.get(ws);
  if (!states) {
    states = STANDARD_STATES.map(([category, internal_label, external_label]) => ({
      id: nextNumId(ws),
      category,
      internal_label,
      external_label,
    }));
    standardStates.set(ws, states);
  }
  return states;
}

export interface TicketTypeInput {
  name: string;
  category?: TicketCategory;
  description?: string;
  /** Custom attributes beyond title and description: [name, required_to_create]. */
  attributes?: Array<[string, boolean]>;
  /** Extra states of this type only: [category, internal label]. */
  extraStates?: Array<[TicketStateCategory, string]>;
}

export function addTicketType(ws: FakeWorkspace, input: TicketTypeInput): FakeTicketType {
  const attribute = (name: string, required: boolean, isDefault: boolean) => ({
    id: nextNumId(ws),
    name,
    data_type: 'string' as const,
    required_to_create: required,
    default: isDefault,
    archived: false,
  });
  const type: FakeTicketType = {
    id: nextNumId(ws),
    name: input.name,
    description: input.description ?? '',
    category: input.category ?? 'Customer',
    archived: false,
    attributes: [
      attribute('_default_title_', true, true),
      attribute('_default_description_', false, true),
      ...(input.attributes ?? []).map(([name, required]) => attribute(name, required, false)),
    ],
    states: [
      ...statesOf(ws),
      ...(input.extraStates ?? []).map(([category, label]) => ({
        id: nextNumId(ws),
        category,
        internal_label: label,
        external_label: label,
      })),
    ],
    created_at: ws.created_at,
  };
  ws.ticketTypes.set(type.id, type);
  return type;
}

export interface TicketInput {
  typeId: string;
  contactId: string;
  title: string;
  description?: string;
  attributes?: Record<string, string | number | boolean | null>;
  state?: TicketStateCategory;
  open?: boolean;
  adminAssigneeId?: string | null;
  teamAssigneeId?: string | null;
  createdAt?: number;
  author?: PartAuthor;
}

export function addTicket(ws: FakeWorkspace, input: TicketInput): FakeTicket {
  const type = ws.ticketTypes.get(input.typeId);
  if (!type) throw new Error(`fake-intercom: addTicket: unknown ticket type ${input.typeId}`);
  const state = type.states.find((s) => s.category === (input.state ?? 'submitted')) ?? type.states[0];
  const at = input.createdAt ?? nowUnix();
  const ticket: FakeTicket = {
    id: nextNumId(ws),
    ticket_id: String(ws.tickets.size + 1),
    typeId: type.id,
    stateId: state?.id ?? '',
    attributes: {
      _default_title_: input.title,
      _default_description_: input.description ?? null,
      ...input.attributes,
    },
    contactIds: [input.contactId],
    admin_assignee_id: input.adminAssigneeId ?? null,
    team_assignee_id: input.teamAssigneeId ?? null,
    company_id: null,
    open: input.open ?? true,
    is_shared: type.category === 'Customer',
    snoozed_until: null,
    created_at: at,
    updated_at: at,
    parts: [],
  };
  addTicketPart(ws, ticket, {
    part_type: 'ticket_state_updated_by_admin',
    body: null,
    previous_ticket_state: state?.category,
    ticket_state: state?.category,
    assigned_to: null,
    created_at: at,
    author: input.author ?? adminAuthor(ws, ws.ownerAdminId),
  });
  ws.tickets.set(ticket.id, ticket);
  return ticket;
}

export function addTicketPart(ws: FakeWorkspace, ticket: FakeTicket, part: Omit<FakeTicketPart, 'id'>): void {
  ticket.parts.push({ id: nextNumId(ws), ...part });
  ticket.updated_at = Math.max(ticket.updated_at, part.created_at);
}

export function adminAuthor(ws: FakeWorkspace, adminId: string): PartAuthor {
  const admin = ws.admins.get(adminId);
  return { type: 'admin', id: adminId, name: admin?.name ?? null, email: admin?.email ?? null };
}

export function stateOf(ws: FakeWorkspace, ticket: FakeTicket): FakeTicketState | undefined {
  return ws.ticketTypes.get(ticket.typeId)?.states.find((s) => s.id === ticket.stateId);
}

function stateJson(s: FakeTicketState): Record<string, unknown> {
  return { type: 'ticket_state', ...s };
}

export function ticketTypeJson(ws: FakeWorkspace, t: FakeTicketType): Record<string, unknown> {
  return {
    type: 'ticket_type',
    id: t.id,
    name: t.name,
    description: t.description,
    icon: '🎟️',
    workspace_id: ws.id,
    archived: t.archived,
    created_at: t.created_at,
    updated_at: t.created_at,
    is_internal: t.category !== 'Customer',
    ticket_type_attributes: {
      type: 'list',
      data: t.attributes.map((a, order) => ({
        type: 'ticket_type_attribute',
        id: a.id,
        workspace_id: ws.id,
        name: a.name,
        description: '',
        data_type: a.data_type,
        input_options: null,
        order,
        required_to_create: a.required_to_create,
        required_to_create_for_contacts: false,
        visible_on_create: true,
        visible_to_contacts: t.category === 'Customer',
        default: a.default,
        ticket_type_id: Number(t.id),
        archived: a.archived,
        created_at: t.created_at,
        updated_at: t.created_at,
      })),
    },
    category: t.category,
    ticket_states: { type: 'list', data: t.states.map(stateJson) },
  };
}

export function ticketJson(ws: FakeWorkspace, t: FakeTicket): Record<string, unknown> {
  const type = ws.ticketTypes.get(t.typeId) as FakeTicketType;
  const state = stateOf(ws, t);
  const { ticket_states: _states, ...typeJson } = ticketTypeJson(ws, type);
  return {
    type: 'ticket',
    id: t.id,
    ticket_id: t.ticket_id,
    ticket_attributes: { ...t.attributes },
    ticket_state: state ? stateJson(state) : null,
    ticket_type: typeJson,
    contacts: {
      type: 'contact.list',
      contacts: t.contactIds.map((id) => ({
        type: 'contact',
        id,
        external_id: ws.contacts.get(id)?.external_id ?? null,
      })),
    },
    // Unassigned is "0", as in Intercom's examples.
    admin_assignee_id: t.admin_assignee_id ?? '0',
    team_assignee_id: t.team_assignee_id ?? '0',
    created_at: t.created_at,
    updated_at: t.updated_at,
    ...(t.snoozed_until ? { snoozed_until: t.snoozed_until } : {}),
    ticket_parts: {
      type: 'ticket_part.list',
      ticket_parts: t.parts.map((p) => ({
        type: 'ticket_part',
        id: p.id,
        part_type: p.part_type,
        body: p.body,
        ...(p.ticket_state
          ? { ticket_state: p.ticket_state, previous_ticket_state: p.previous_ticket_state }
          : {}),
        created_at: p.created_at,
        updated_at: p.created_at,
        ...(p.assigned_to ? { assigned_to: p.assigned_to } : {}),
        author: p.author,
        attachments: [],
        redacted: false,
      })),
      total_count: t.parts.length,
    },
    open: t.open,
    linked_objects: { type: 'list', data: [], total_count: 0, has_more: false },
    category: type.category,
    is_shared: t.is_shared,
  };
}
