// Writes on a conversation: reply, manage (close/open/snooze/assign), tag and untag.
import { findContact } from './builder.js';
import { addPart } from './conversation-builder.js';
import {
  ApiError,
  adminNotFound,
  conversationNotFound,
  invalid,
  missing,
  NotImplementedError,
  tagNotFound,
  userNotFound,
} from './errors.js';
import { type Ctx, ok, type Route } from './router.js';
import { getConversation } from './routes-conversations.js';
import { conversationJson } from './serialize-conversation.js';
import type { FakeAdmin, FakeContact, FakeConversation, FakeWorkspace } from './types.js';
import { isRecord, nowUnix } from './util.js';

function bodyOf(body: unknown): Record<string, unknown> {
  if (!isRecord(body)) throw invalid('request body must be a JSON object');
  return body;
}

function actingAdmin(ws: FakeWorkspace, body: Record<string, unknown>): FakeAdmin {
  const id = body.admin_id;
  if (id === undefined || id === null || id === '') throw missing('admin_id');
  const admin = ws.admins.get(String(id));
  if (!admin) throw adminNotFound();
  return admin;
}

function setState(
  conv: FakeConversation,
  state: FakeConversation['state'],
  snoozedUntil: number | null = null,
) {
  conv.state = state;
  conv.open = state !== 'closed';
  conv.snoozed_until = state === 'snoozed' ? snoozedUntil : null;
}

const respond = (ctx: Ctx, conv: FakeConversation) =>
  ok(conversationJson(ctx.ws, conv, { withParts: true, version: ctx.version }));

function findReplyingContact(ws: FakeWorkspace, b: Record<string, unknown>): FakeContact {
  const contact = findContact(ws, { id: b.intercom_user_id, user_id: b.user_id, email: b.email });
  if (contact === null)
    throw invalid('one of intercom_user_id, user_id or email is required', 'intercom_user_id');
  if (!contact) throw userNotFound();
  return contact;
}

function reply(ctx: Ctx) {
  const { ws, params } = ctx;
  const conv = getConversation(ws, params.conversation_id);
  const b = bodyOf(ctx.body);
  const now = nowUnix();
  const text = typeof b.body === 'string' ? b.body : '';
  if (b.type === 'admin') {
    if (b.message_type === 'quick_reply')
      throw new NotImplementedError('reply with message_type quick_reply');
    if (b.message_type !== 'comment' && b.message_type !== 'note') {
      throw invalid("message_type must be 'comment' or 'note'", 'message_type');
    }
    const admin = actingAdmin(ws, b);
    if (text.trim() === '') throw invalid('Body is required', 'body');
    addPart(ws, conv, { by: admin.id, type: b.message_type, body: text, at: now });
    if (b.message_type === 'comment') {
      for (const id of conv.contactIds) {
        const c = ws.contacts.get(id);
        if (c) c.last_contacted_at = now;
      }
    }
    return respond(ctx, conv);
  }
  if (b.type === 'user' || b.type === 'contact') {
    if (b.message_type !== 'comment') throw invalid("message_type must be 'comment'", 'message_type');
    const contact = findReplyingContact(ws, b);
    if (text.trim() === '') throw invalid('Body is required', 'body');
    addPart(ws, conv, { by: contact.id, type: 'comment', body: text, at: now });
    contact.last_replied_at = now;
    if (conv.state !== 'open') setState(conv, 'open');
    return respond(ctx, conv);
  }
  throw invalid("type must be 'admin' or 'user'", 'type');
}

function manage(ctx: Ctx) {
  const { ws, params } = ctx;
  const conv = getConversation(ws, params.conversation_id);
  const b = bodyOf(ctx.body);
  const now = nowUnix();
  const body = typeof b.body === 'string' && b.body !== '' ? b.body : null;
  switch (b.message_type) {
    case 'close': {
      if (b.type !== 'admin') throw invalid("type must be 'admin'", 'type');
      const admin = actingAdmin(ws, b);
      addPart(ws, conv, { by: admin.id, type: 'close', body, at: now });
      setState(conv, 'closed');
      return respond(ctx, conv);
    }
    case 'open': {
      const admin = actingAdmin(ws, b);
      addPart(ws, conv, { by: admin.id, type: 'open', body: null, at: now });
      setState(conv, 'open');
      return respond(ctx, conv);
    }
    case 'snoozed': {
      const admin = actingAdmin(ws, b);
      const until = typeof b.snoozed_until === 'string' ? Number(b.snoozed_until) : b.snoozed_until;
      if (until === undefined || until === null) throw missing('snoozed_until');
      if (!Number.isInteger(until)) throw invalid('snoozed_until must be a unix timestamp', 'snoozed_until');
      if ((until as number) <= now) throw invalid('snoozed_until must be in the future', 'snoozed_until');
      addPart(ws, conv, { by: admin.id, type: 'snoozed', body: null, at: now });
      setState(conv, 'snoozed', until as number);
      return respond(ctx, conv);
    }
    case 'assignment':
      return assign(ctx, conv, b, body, now);
    default:
      throw invalid("message_type must be one of 'close', 'open', 'snoozed' or 'assignment'", 'message_type');
  }
}

function assign(
  ctx: Ctx,
  conv: FakeConversation,
  b: Record<string, unknown>,
  body: string | null,
  now: number,
) {
  const { ws } = ctx;
  if (b.type !== 'admin' && b.type !== 'team') throw invalid("type must be 'admin' or 'team'", 'type');
  const admin = actingAdmin(ws, b);
  if (b.assignee_id === undefined || b.assignee_id === null || b.assignee_id === '')
    throw missing('assignee_id');
  const assignee = String(b.assignee_id);
  const unassign = assignee === '0';
  if (b.type === 'admin') {
    if (!unassign && !ws.admins.has(assignee)) throw adminNotFound();
    conv.admin_assignee_id = unassign ? null : Number(assignee);
  } else {
    if (!unassign && !ws.teams.has(assignee)) throw new ApiError(404, 'team_not_found', 'Team not found');
    conv.team_assignee_id = unassign ? null : Number(assignee);
  }
  const reopen = conv.state !== 'open' && !unassign;
  addPart(ws, conv, {
    by: admin.id,
    type: 'assignment',
    body,
    at: now,
    assignedTo: unassign ? { type: 'nobody_admin', id: null } : { type: b.type, id: assignee },
  });
  const part = conv.parts[conv.parts.length - 1];
  if (reopen && part) {
    part.part_type = 'assign_and_reopen';
    setState(conv, 'open');
  }
  return respond(ctx, conv);
}

function getConversationForTags(ws: FakeWorkspace, id: string | undefined): FakeConversation {
  const c = id ? ws.conversations.get(id) : undefined;
  if (!c) throw conversationNotFound();
  return c;
}

function tagConversation({ ws, params, body }: Ctx) {
  const conv = getConversationForTags(ws, params.conversation_id);
  const b = bodyOf(body);
  if (b.id === undefined || b.id === null || b.id === '') throw missing('id');
  const admin = actingAdmin(ws, b);
  const tag = ws.tags.get(String(b.id));
  if (!tag) throw tagNotFound();
  let link = conv.tags.find((t) => t.tagId === tag.id);
  if (!link) {
    link = { tagId: tag.id, applied_at: nowUnix(), applied_by: { type: 'admin', id: admin.id } };
    conv.tags.push(link);
    conv.updated_at = Math.max(conv.updated_at, link.applied_at);
  }
  return ok({
    type: 'tag',
    id: tag.id,
    name: tag.name,
    applied_at: link.applied_at,
    applied_by: link.applied_by,
  });
}

function untagConversation({ ws, params, body }: Ctx) {
  const conv = getConversationForTags(ws, params.conversation_id);
  // The admin_id travels in the JSON body of this DELETE; without it Intercom answers 400.
  const admin = actingAdmin(ws, isRecord(body) ? body : {});
  const tag = ws.tags.get(params.tag_id ?? '');
  const link = tag ? conv.tags.find((t) => t.tagId === tag.id) : undefined;
  if (!tag || !link) throw tagNotFound();
  conv.tags = conv.tags.filter((t) => t !== link);
  conv.updated_at = nowUnix();
  return ok({
    type: 'tag',
    id: tag.id,
    name: tag.name,
    applied_at: link.applied_at,
    applied_by: { type: 'admin', id: admin.id },
  });
}

/**
 * PUT /conversations/{id}: `read`, `title`, `custom_attributes` as the 2.14 description documents, and
 * `priority` ("priority" | "not_priority", the values of the conversation's own field), which the tools
 * set and read back. Anything else is ignored, as Intercom does.
 */
function updateConversation(ctx: Ctx) {
  const conv = getConversation(ctx.ws, ctx.params.conversation_id);
  const b = bodyOf(ctx.body);
  if (b.read !== undefined && typeof b.read !== 'boolean') throw invalid('read must be a boolean', 'read');
  if (b.title !== undefined && typeof b.title !== 'string') throw invalid('title must be a string', 'title');
  if (b.priority !== undefined && b.priority !== 'priority' && b.priority !== 'not_priority') {
    throw invalid('priority must be priority or not_priority', 'priority');
  }
  if (b.custom_attributes !== undefined && !isRecord(b.custom_attributes)) {
    throw invalid('custom_attributes must be an object', 'custom_attributes');
  }
  if (typeof b.read === 'boolean') conv.read = b.read;
  if (typeof b.title === 'string') conv.title = b.title;
  if (b.priority === 'priority' || b.priority === 'not_priority') conv.priority = b.priority;
  if (isRecord(b.custom_attributes)) {
    Object.assign(
      conv.custom_attributes,
      b.custom_attributes as Record<string, string | number | boolean | null>,
    );
  }
  conv.updated_at = nowUnix();
  return ok(
    conversationJson(ctx.ws, conv, {
      withParts: true,
      plaintext: ctx.query.display_as === 'plaintext',
      version: ctx.version,
    }),
  );
}

export const conversationActionRoutes: Route[] = [
  { method: 'PUT', path: '/conversations/{conversation_id}', handler: updateConversation },
  { method: 'POST', path: '/conversations/{conversation_id}/reply', handler: reply },
  { method: 'POST', path: '/conversations/{conversation_id}/parts', handler: manage },
  { method: 'POST', path: '/conversations/{conversation_id}/tags', handler: tagConversation },
  { method: 'DELETE', path: '/conversations/{conversation_id}/tags/{tag_id}', handler: untagConversation },
];
