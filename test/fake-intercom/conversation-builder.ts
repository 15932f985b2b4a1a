import { addContact } from './builder.js';
import type { FakeContact, FakeConversation, FakePart, FakeWorkspace, PartAuthor } from './types.js';
import { nowUnix, wordsOf } from './util.js';

// Words of each conversation's source body, computed once (the body never changes).
const sourceWords = new WeakMap<FakeConversation, { body: string; words: Set<string> }>();

export function sourceWordsOf(c: FakeConversation): Set<string> {
  const hit = sourceWords.get(c);
  if (hit && hit.body === c.source.body) return hit.words;
  const words = wordsOf(c.source.body);
  sourceWords.set(c, { body: c.source.body, words });
  return words;
}

export function adminAuthor(ws: FakeWorkspace, adminId: string): PartAuthor {
  const a = ws.admins.get(adminId);
  return { type: 'admin', id: adminId, name: a?.name ?? null, email: a?.email ?? null };
}

export function contactAuthor(c: FakeContact): PartAuthor {
  return { type: c.role, id: c.id, name: c.name, email: c.email };
}

export interface PartInput {
  /** 'contact' (the conversation's first contact) or an admin id. */
  by: string;
  type?: 'comment' | 'note' | 'close' | 'open' | 'snoozed' | 'assignment';
  body?: string | null;
  at?: number;
  assignedTo?: { type: 'admin' | 'team' | 'nobody_admin'; id: string | null };
}

/** Appends a part; keeps `updated_at`, `waiting_since` and `read` consistent. Does not change state. */
export function addPart(ws: FakeWorkspace, conv: FakeConversation, input: PartInput): FakePart {
  const at = input.at ?? nowUnix();
  let author: PartAuthor;
  if (input.by === 'contact' || ws.contacts.has(input.by)) {
    const contactId = input.by === 'contact' ? conv.contactIds[0] : input.by;
    const contact = contactId ? ws.contacts.get(contactId) : undefined;
    author = contact
      ? contactAuthor(contact)
      : { type: 'user', id: contactId ?? '', name: null, email: null };
  } else {
    author = adminAuthor(ws, input.by);
  }
  ws.seq.part += 1;
  const partType = input.type ?? 'comment';
  const part: FakePart = {
    id: String(ws.seq.part),
    part_type: partType,
    body: input.body ?? null,
    created_at: at,
    updated_at: at,
    notified_at: at,
    assigned_to: input.assignedTo ?? null,
    author,
  };
  conv.parts.push(part);
  conv.updated_at = Math.max(conv.updated_at, at);
  if (partType === 'comment') {
    if (author.type === 'admin') {
      conv.waiting_since = null;
    } else {
      conv.waiting_since ??= at;
      conv.read = false;
    }
  }
  return part;
}

export interface ConversationInput {
  id?: string;
  contactId: string;
  body: string;
  subject?: string;
  /** Admin id when the conversation was admin-initiated (an outbound message). */
  initiatedBy?: string;
  createdAt?: number;
  state?: 'open' | 'closed' | 'snoozed';
  snoozedUntil?: number;
  read?: boolean;
  priority?: boolean;
  adminAssigneeId?: string | null;
  teamAssigneeId?: string | null;
  tagIds?: string[];
  title?: string | null;
  parts?: PartInput[];
  rating?: { rating: number; remark: string; adminId: string };
}

export function addConversation(ws: FakeWorkspace, input: ConversationInput): FakeConversation {
  const created = input.createdAt ?? nowUnix();
  const contact = ws.contacts.get(input.contactId);
  if (!contact) throw new Error(`fake-intercom: unknown contact ${input.contactId}`);
  if (!input.id) ws.seq.conversation += 1;
  ws.seq.message += 1;
  const author = input.initiatedBy ? adminAuthor(ws, input.initiatedBy) : contactAuthor(contact);
  const state = input.state ?? 'open';
  const conv: FakeConversation = {
    id: input.id ?? String(ws.seq.conversation),
    title: input.title ?? null,
    created_at: created,
    updated_at: created,
    waiting_since: input.initiatedBy ? null : created,
    snoozed_until: state === 'snoozed' ? (input.snoozedUntil ?? created + 86_400) : null,
    state,
    open: state !== 'closed',
    read: input.read ?? false,
    priority: input.priority ? 'priority' : 'not_priority',
    admin_assignee_id: input.adminAssigneeId ? Number(input.adminAssigneeId) : null,
    team_assignee_id: input.teamAssigneeId ? Number(input.teamAssigneeId) : null,
    tags: (input.tagIds ?? []).map((tagId) => ({
      tagId,
      applied_at: created,
      applied_by: { type: 'admin' as const, id: ws.ownerAdminId },
    })),
    source: {
      type: 'conversation',
      id: String(ws.seq.message),
      delivered_as: input.initiatedBy ? 'admin_initiated' : 'customer_initiated',
      subject: input.subject ?? '',
      body: input.body,
      author,
      url: null,
    },
    contactIds: [contact.id],
    parts: [],
    custom_attributes: {},
    conversation_rating: input.rating
      ? { ...input.rating, created_at: created, contactId: contact.id }
      : null,
  };
  ws.conversations.set(conv.id, conv);
  let t = created;
  for (const p of input.parts ?? []) {
    t = p.at ?? t + 60;
    addPart(ws, conv, { ...p, at: t });
  }
  if (input.read !== undefined) conv.read = input.read;
  return conv;
}

/**
 * Creates a conversation with `parts` alternating contact / admin comments (for size tests, e.g. 300 parts).
 * A contact is created when `contactId` is not given.
 */
export function createConversationWithParts(
  ws: FakeWorkspace,
  parts: number,
  options: { contactId?: string; adminId?: string; createdAt?: number; body?: string } = {},
): FakeConversation {
  const contactId =
    options.contactId ??
    addContact(ws, { role: 'user', email: `bulk-${ws.seq.hex + 1}@example.com`, name: 'Bulk Contact' }).id;
  const adminId = options.adminId ?? ws.ownerAdminId;
  const createdAt = options.createdAt ?? nowUnix() - parts * 60 - 60;
  const conv = addConversation(ws, {
    contactId,
    body: options.body ?? '<p>Hello, I have a question about my account.</p>',
    createdAt,
  });
  for (let i = 0; i < parts; i++) {
    const fromContact = i % 2 === 1;
    addPart(ws, conv, {
      by: fromContact ? contactId : adminId,
      body: fromContact ? `<p>Customer message ${i + 1}</p>` : `<p>Admin reply ${i + 1}</p>`,
      at: createdAt + (i + 1) * 60,
    });
  }
  return conv;
}
