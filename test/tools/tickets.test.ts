import { describe, expect, it } from 'vitest';
import { addTicket } from '../fake-intercom/index.js';
import { WORKSPACE_A } from '../fake-intercom/seed-a.js';
import type { FakeTicketType } from '../fake-intercom/types.js';
import { useToolHarness } from './harness.js';

const h = useToolHarness();
const A = WORKSPACE_A;
const C = A.contacts;

type Ticket = {
  id: string;
  ticket_id: string | null;
  title: string;
  type: string | null;
  state: string | null;
  state_label: string | null;
  open: boolean;
  contact_ids: string[];
  assignee: { id: string; name: string | null } | null;
  team: { id: string; name: string | null } | null;
};
type Tickets = { tickets: Ticket[]; total_count: number | null; next_cursor: string | null };
type Detail = Ticket & {
  description: string | null;
  attributes: Record<string, unknown>;
  parts: { type: string; author: string | null; state: string | null }[];
};

const typeNamed = (name: string) =>
  [...h.workspaceA.ticketTypes.values()].find((t) => t.name === name) as FakeTicketType;
const ticketTitled = (title: string) =>
  [...h.workspaceA.tickets.values()].find((t) => t.attributes._default_title_ === title);

describe('search_tickets', () => {
  it('finds a contact’s open tickets with names, sending one search', async () => {
    const out = await h.ok<Tickets>('search_tickets', { contact: { email: C.jane.email }, open: true });
    expect(out.tickets).toEqual([
      expect.objectContaining({
        title: 'Export button does nothing',
        type: 'Bug report',
        state: 'submitted',
        state_label: 'Submitted',
        open: true,
        contact_ids: [C.jane.id],
        assignee: { id: A.admins.bob, name: 'Bob Brennan' },
        team: null,
      }),
    ]);
    const search = h.recorded().find((r) => r.path === '/tickets/search');
    expect(search?.body).toEqual({
      query: {
        operator: 'AND',
        value: [
          { field: 'contact_ids', operator: '=', value: C.jane.id },
          { field: 'open', operator: '=', value: true },
        ],
      },
      pagination: { per_page: 20 },
    });
  });

  it('filters by type and state names, words and team; lists all without criteria, paged', async () => {
    const bugs = await h.ok<Tickets>('search_tickets', { ticket_type: 'bug', state: 'in_progress' });
    expect(bugs.tickets.map((t) => t.title)).toEqual(['Login page slow in Safari']);
    const words = await h.ok<Tickets>('search_tickets', { text: 'duplicate' });
    expect(words.tickets.map((t) => t.title)).toEqual(['Refund for duplicate charge']);
    const team = await h.ok<Tickets>('search_tickets', { team: 'Billing' });
    expect(team.tickets[0]?.team).toEqual({ id: A.teams.billing, name: expect.stringMatching(/billing/i) });
    const first = await h.ok<Tickets>('search_tickets', { per_page: 2 });
    expect(first.tickets).toHaveLength(2);
    expect(first.next_cursor).not.toBeNull();
    const rest = await h.ok<Tickets>('search_tickets', { per_page: 2, cursor: first.next_cursor });
    expect(new Set([...first.tickets, ...rest.tickets].map((t) => t.id)).size).toBe(
      first.tickets.length + rest.tickets.length,
    );
    expect(h.fake.unhandled).toEqual([]);
  });

  it('names the known ticket types when one does not exist, before searching', async () => {
    const text = await h.fails('search_tickets', { ticket_type: 'Feature wish' });
    expect(text).toMatch(/ticket_type: no ticket type has the id or name "Feature wish"/);
    expect(text).toMatch(/Bug report/);
    expect(h.recorded().some((r) => r.path === '/tickets/search')).toBe(false);
  });
});

describe('get_ticket', () => {
  it('shows a ticket with description, attributes and history', async () => {
    const id = ticketTitled('Export button does nothing')?.id as string;
    const out = await h.ok<Detail>('get_ticket', { ticket_id: Number(id) });
    expect(out).toMatchObject({
      id,
      title: 'Export button does nothing',
      description: expect.stringContaining('E-5521'),
      attributes: { Severity: 'high' },
      parts: [{ type: 'ticket_state_updated_by_admin', author: 'Alice Anders', state: 'submitted' }],
    });
  });

  it('says the id is the API id when none exists', async () => {
    expect(await h.fails('get_ticket', { ticket_id: '424242' })).toMatch(
      /no ticket has id 424242.*not the Inbox number/,
    );
  });
});

describe('create_ticket', () => {
  it('creates a ticket of a type named by the model for a contact named by email, assigned by name', async () => {
    const out = await h.ok<Ticket>('create_ticket', {
      ticket_type: 'refund',
      contact: { email: C.priya.email },
      title: 'Refund for annual plan',
      description: 'Upgraded by mistake.',
      attributes: { 'Order number': 'INV-77' },
      assignee: 'Carla',
    });
    expect(out).toMatchObject({
      title: 'Refund for annual plan',
      type: 'Refund request',
      state: 'submitted',
      contact_ids: [C.priya.id],
      assignee: { id: A.admins.carla },
    });
    const create = h.recorded().find((r) => r.method === 'POST' && r.path === '/tickets');
    expect(create?.body).toEqual({
      ticket_type_id: typeNamed('Refund request').id,
      contacts: [{ id: C.priya.id }],
      ticket_attributes: {
        'Order number': 'INV-77',
        _default_title_: 'Refund for annual plan',
        _default_description_: 'Upgraded by mistake.',
      },
      assignment: { admin_assignee_id: A.admins.carla },
    });
    expect(h.workspaceA.tickets.get(out.id)?.attributes['Order number']).toBe('INV-77');
  });

  it('writes nothing when a required attribute is missing or an attribute is unknown', async () => {
    const before = h.workspaceA.tickets.size;
    const text = await h.fails('create_ticket', {
      ticket_type: 'Refund request',
      contact: { email: C.priya.email },
      title: 'No order number',
      attributes: { 'Order numbr': 'INV-1' },
    });
    expect(text).toMatch(
      /"Order numbr" is not an attribute of Refund request \(did you mean "Order number"\?\)/,
    );
    expect(text).toMatch(/requires "Order number"/);
    expect(text).toMatch(/Nothing was created/);
    expect(h.workspaceA.tickets.size).toBe(before);
    expect(h.recorded().some((r) => r.method === 'POST' && r.path === '/tickets')).toBe(false);
  });

  it('writes nothing for an unknown contact or admin', async () => {
    expect(
      await h.fails('create_ticket', {
        ticket_type: 'Bug report',
        contact: { email: 'ghost@nowhere.test' },
        title: 'x',
      }),
    ).toMatch(/contact: No contact has email ghost@nowhere.test/);
    expect(
      await h.fails('create_ticket', {
        ticket_type: 'Bug report',
        contact: { id: C.liam.id },
        title: 'x',
        assignee: 'Zed Zimmermann',
      }),
    ).toMatch(/assignee: no admin has the id, name or email "Zed Zimmermann".*Alice Anders/);
    expect(h.recorded().some((r) => r.method === 'POST' && r.path === '/tickets')).toBe(false);
  });

  it('reports an outcome it cannot know and how to check', async () => {
    h.fake.inject({ kind: 'drop', when: 'after', match: { method: 'POST', path: /^\/tickets$/ } });
    const text = await h.fails('create_ticket', {
      ticket_type: 'Bug report',
      contact: { id: C.liam.id },
      title: 'Lost answer',
    });
    expect(text).toMatch(/outcome is unknown.*search_tickets/);
  });
});

describe('update_ticket', () => {
  it('moves a ticket to a state by its label, with the acting admin and a snooze phrase', async () => {
    const ticket = addTicket(h.workspaceA, {
      typeId: typeNamed('Engineering escalation').id,
      contactId: C.tom.id,
      title: 'Escalate export bug',
    });
    const out = await h.ok<Ticket & { changed: string[] }>('update_ticket', {
      ticket_id: ticket.id,
      state: 'with dev team',
      snoozed_until: 'tomorrow 9am',
      admin: 'Bob',
    });
    expect(out).toMatchObject({ state: 'in_progress', state_label: 'With Dev Team' });
    expect(out.changed[0]).toBe('state → With Dev Team');
    expect(out.changed[1]).toMatch(/^snoozed until \d{4}-\d\d-\d\dT09:00:00-0[78]:00$/);
    const put = h.recorded().find((r) => r.method === 'PUT');
    expect(put?.path).toBe(`/tickets/${ticket.id}`);
    const withDev = typeNamed('Engineering escalation').states.find(
      (s) => s.internal_label === 'With Dev Team',
    );
    expect(put?.body).toMatchObject({ ticket_state_id: withDev?.id, admin_id: Number(A.admins.bob) });
  });

  it('asks which state when a category has several (a label decides), listing them, and writes nothing', async () => {
    const ticket = addTicket(h.workspaceA, {
      typeId: typeNamed('Engineering escalation').id,
      contactId: C.tom.id,
      title: 'Which state',
    });
    const text = await h.fails('update_ticket', { ticket_id: ticket.id, state: 'in_progress' });
    expect(text).toMatch(/state: "in_progress" matches 2 states of Engineering escalation/);
    expect(text).toMatch(/"With Dev Team" \(in_progress\)/);
    expect(h.recorded().some((r) => r.method === 'PUT')).toBe(false);
  });

  it('assigns to a team, unassigns with "nobody", and closes', async () => {
    const ticket = addTicket(h.workspaceA, {
      typeId: typeNamed('Bug report').id,
      contactId: C.sofia.id,
      title: 'Reassign me',
      adminAssigneeId: A.admins.bob,
    });
    const team = await h.ok<Ticket>('update_ticket', { ticket_id: ticket.id, team: 'tier' });
    expect(team.team?.id).toBe(A.teams.tier1);
    const nobody = await h.ok<Ticket>('update_ticket', {
      ticket_id: ticket.id,
      assignee: 'nobody',
      open: false,
    });
    expect(nobody).toMatchObject({ assignee: null, open: false });
    const puts = h
      .recorded()
      .filter((r) => r.method === 'PUT')
      .map((r) => r.body);
    expect(puts).toEqual([
      { admin_id: Number(A.ownerAdminId), assignee_id: A.teams.tier1 },
      { admin_id: Number(A.ownerAdminId), open: false, assignee_id: '0' },
    ]);
  });

  it('refuses nothing to change, both assignee and team, and an unknown ticket', async () => {
    expect(await h.fails('update_ticket', { ticket_id: '1' })).toMatch(/at least one of state/);
    expect(await h.fails('update_ticket', { ticket_id: '1', assignee: 'Bob', team: 'Billing' })).toMatch(
      /one assignee per update/,
    );
    expect(await h.fails('update_ticket', { ticket_id: '424242', open: false })).toMatch(
      /no ticket has id 424242/,
    );
    expect(h.recorded().some((r) => r.method === 'PUT')).toBe(false);
  });
});
