// Ticket types and a few tickets for workspaces A and B (ids are generated; find them by name or title).
import { WORKSPACE_A } from './seed-a.js';
import { WORKSPACE_B } from './seed-b.js';
import { addTicket, addTicketType } from './tickets.js';
import type { FakeWorkspace } from './types.js';

const T = 1_730_000_000;
const DAY = 86_400;

export function seedTicketsA(ws: FakeWorkspace): void {
  const A = WORKSPACE_A;
  const bug = addTicketType(ws, { name: 'Bug report', attributes: [['Severity', false]] });
  const refund = addTicketType(ws, { name: 'Refund request', attributes: [['Order number', true]] });
  addTicketType(ws, {
    name: 'Engineering escalation',
    category: 'Back-office',
    extraStates: [['in_progress', 'With Dev Team']],
  });
  addTicket(ws, {
    typeId: bug.id,
    contactId: A.contacts.jane.id,
    title: 'Export button does nothing',
    description: 'Clicking Export on the reports page shows a spinner forever (error E-5521).',
    attributes: { Severity: 'high' },
    adminAssigneeId: A.admins.bob,
    createdAt: T - 3 * DAY,
  });
  addTicket(ws, {
    typeId: refund.id,
    contactId: A.contacts.marcus.id,
    title: 'Refund for duplicate charge',
    description: 'Charged twice for the October invoice.',
    attributes: { 'Order number': 'INV-2024-1002' },
    state: 'resolved',
    open: false,
    teamAssigneeId: A.teams.billing,
    createdAt: T - 10 * DAY,
  });
  addTicket(ws, {
    typeId: bug.id,
    contactId: A.contacts.tom.id,
    title: 'Login page slow in Safari',
    state: 'in_progress',
    createdAt: T - DAY,
  });
}

export function seedTicketsB(ws: FakeWorkspace): void {
  const claim = addTicketType(ws, { name: 'Warranty claim', attributes: [['Frame number', true]] });
  addTicket(ws, {
    typeId: claim.id,
    contactId: WORKSPACE_B.contacts.lena.id,
    title: 'Cracked frame after three months',
    attributes: { 'Frame number': 'NL-88213' },
    createdAt: T - 2 * DAY,
  });
}
