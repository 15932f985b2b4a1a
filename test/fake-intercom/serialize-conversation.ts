import { versionAtLeast } from './serialize.js';
import type { FakeConversation, FakePart, FakeWorkspace } from './types.js';
import { stripHtml } from './util.js';

/** GET /conversations/{id} returns at most the 500 newest parts. */
export const MAX_PARTS = 500;

const text = (body: string | null, plain: boolean) => (body === null || !plain ? body : stripHtml(body));

export function partJson(p: FakePart, plain: boolean): Record<string, unknown> {
  return {
    type: 'conversation_part',
    id: p.id,
    part_type: p.part_type,
    body: text(p.body, plain),
    created_at: p.created_at,
    updated_at: p.updated_at,
    notified_at: p.notified_at,
    assigned_to: p.assigned_to,
    author: { ...p.author, from_ai_agent: false, is_ai_answer: false },
    attachments: [],
    external_id: null,
    redacted: false,
    email_message_metadata: null,
    metadata: {},
    tags: [],
    event_details: null,
    app_package_code: null,
  };
}

export interface ConversationJsonOptions {
  withParts: boolean;
  plaintext?: boolean;
  version: string | null;
}

export function conversationJson(
  ws: FakeWorkspace,
  c: FakeConversation,
  opts: ConversationJsonOptions,
): Record<string, unknown> {
  const plain = opts.plaintext ?? false;
  const unassigned = versionAtLeast(opts.version, '2.16') ? 0 : null;
  const teammateIds = new Set<string>();
  for (const p of c.parts) if (p.author.type === 'admin') teammateIds.add(p.author.id);
  const out: Record<string, unknown> = {
    type: 'conversation',
    id: c.id,
    title: c.title,
    created_at: c.created_at,
    updated_at: c.updated_at,
    waiting_since: c.waiting_since,
    snoozed_until: c.snoozed_until,
    source: { ...c.source, body: text(c.source.body, plain), attachments: [], redacted: false },
    contacts: {
      type: 'contact.list',
      contacts: c.contactIds.map((id) => ({
        type: 'contact',
        id,
        external_id: ws.contacts.get(id)?.external_id ?? null,
      })),
    },
    first_contact_reply:
      c.source.delivered_as === 'customer_initiated'
        ? { created_at: c.created_at, type: 'conversation', url: null }
        : null,
    admin_assignee_id: c.admin_assignee_id ?? unassigned,
    team_assignee_id: c.team_assignee_id ?? unassigned,
    open: c.open,
    state: c.state,
    read: c.read,
    tags: {
      type: 'tag.list',
      tags: c.tags.map((t) => ({
        type: 'tag',
        id: t.tagId,
        name: ws.tags.get(t.tagId)?.name ?? '',
        applied_at: t.applied_at,
        applied_by: t.applied_by,
      })),
    },
    priority: c.priority,
    sla_applied: null,
    statistics: statistics(c),
    conversation_rating: c.conversation_rating
      ? {
          rating: c.conversation_rating.rating,
          remark: c.conversation_rating.remark,
          created_at: c.conversation_rating.created_at,
          contact: { type: 'contact', id: c.conversation_rating.contactId },
          teammate: { type: 'admin', id: c.conversation_rating.adminId },
        }
      : null,
    teammates: { type: 'admin.list', teammates: [...teammateIds].map((id) => ({ type: 'admin', id })) },
    custom_attributes: { ...c.custom_attributes },
    topics: {},
    ticket: null,
    linked_objects: { type: 'list', data: [], total_count: 0, has_more: false },
    ai_agent: null,
    ai_agent_participated: false,
  };
  if (opts.withParts) {
    const parts = c.parts.length > MAX_PARTS ? c.parts.slice(c.parts.length - MAX_PARTS) : c.parts;
    out.conversation_parts = {
      type: 'conversation_part.list',
      conversation_parts: parts.map((p) => partJson(p, plain)),
      total_count: parts.length,
    };
  }
  return out;
}

/** The statistics Intercom derives from a conversation's parts (also its searchable `statistics.*` fields). */
export function statistics(c: FakeConversation): Record<string, unknown> {
  let firstAdmin: number | null = null;
  let lastAdmin: number | null = null;
  let lastContact: number | null = null;
  let firstClose: number | null = null;
  let lastClose: number | null = null;
  let reopens = 0;
  let assignments = 0;
  let firstAssignment: number | null = null;
  let lastAssignment: number | null = null;
  for (const p of c.parts) {
    if (p.part_type === 'comment' && p.author.type === 'admin') {
      firstAdmin ??= p.created_at;
      lastAdmin = p.created_at;
    } else if (p.part_type === 'comment') lastContact = p.created_at;
    else if (p.part_type === 'close') {
      firstClose ??= p.created_at;
      lastClose = p.created_at;
    } else if (p.part_type === 'open') reopens += 1;
    else if (p.part_type === 'assignment') {
      assignments += 1;
      firstAssignment ??= p.created_at;
      lastAssignment = p.created_at;
    }
  }
  const contactFirst = c.source.delivered_as === 'customer_initiated' ? c.created_at : null;
  return {
    type: 'conversation_statistics',
    time_to_admin_reply: firstAdmin !== null && contactFirst !== null ? firstAdmin - contactFirst : null,
    time_to_first_close: firstClose !== null ? firstClose - c.created_at : null,
    time_to_last_close: lastClose !== null ? lastClose - c.created_at : null,
    first_contact_reply_at: contactFirst,
    first_admin_reply_at: firstAdmin,
    first_close_at: firstClose,
    last_contact_reply_at: lastContact ?? contactFirst,
    last_admin_reply_at: lastAdmin,
    last_close_at: lastClose,
    first_assignment_at: firstAssignment,
    last_assignment_at: lastAssignment,
    count_reopens: reopens,
    count_assignments: assignments,
    count_conversation_parts: c.parts.length + 1,
  };
}
