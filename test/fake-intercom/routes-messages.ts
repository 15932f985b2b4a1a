// POST /messages (admin-initiated outbound), POST /events (data events), GET /events.
import { findContact } from './builder.js';
import { addConversation } from './conversation-builder.js';
import { ApiError, adminNotFound, invalid, missing, userNotFound } from './errors.js';
import { type Ctx, ok, type Route } from './router.js';
import { adminJson } from './serialize.js';
import type { FakeContact, FakeEvent, FakeWorkspace } from './types.js';
import { isRecord, nowUnix } from './util.js';

export const MAX_EVENT_METADATA_KEYS = 10;

function findRecipient(ws: FakeWorkspace, r: unknown): FakeContact {
  if (!isRecord(r)) throw missing('to');
  if (r.type !== 'user' && r.type !== 'lead') throw invalid("to.type must be 'user' or 'lead'", 'to.type');
  const contact = findContact(ws, r);
  if (contact === null) throw missing('to.id');
  if (!contact) throw userNotFound();
  return contact;
}

function createMessage({ ws, body }: Ctx) {
  if (!isRecord(body)) throw invalid('request body must be a JSON object');
  const from = body.from;
  if (!isRecord(from)) throw missing('from');
  if (from.type !== 'admin') throw invalid("from.type must be 'admin'", 'from.type');
  const admin = ws.admins.get(String(from.id ?? ''));
  if (!admin) throw adminNotFound();
  const type = body.message_type;
  if (type !== 'in_app' && type !== 'email')
    throw invalid("message_type must be 'in_app' or 'email'", 'message_type');
  if (typeof body.body !== 'string' || body.body.trim() === '') throw invalid('Body is required', 'body');
  let subject: string | null = null;
  let template: string | null = null;
  if (type === 'email') {
    if (typeof body.subject !== 'string' || body.subject.trim() === '') {
      throw new ApiError(422, 'parameter_not_found', 'No subject supplied for email message');
    }
    if (body.template !== 'plain' && body.template !== 'personal') {
      throw invalid("template must be 'plain' or 'personal'", 'template');
    }
    subject = body.subject;
    template = body.template;
  } else if (typeof body.subject === 'string') subject = body.subject;
  const recipients = (Array.isArray(body.to) ? body.to : [body.to]).map((r) => findRecipient(ws, r));
  const first = recipients[0];
  if (!first) throw missing('to');
  const now = Number.isInteger(body.created_at) ? (body.created_at as number) : nowUnix();
  ws.seq.message += 1;
  const id = String(ws.seq.message);
  let conversationId: string | null = null;
  if (body.create_conversation_without_contact_reply === true) {
    const conv = addConversation(ws, {
      contactId: first.id,
      body: body.body,
      subject: subject ?? '',
      initiatedBy: admin.id,
      createdAt: now,
      read: true,
    });
    conv.source.id = id;
    if (type === 'email') conv.source.type = 'email';
    conversationId = conv.id;
  }
  for (const c of recipients) c.last_contacted_at = now;
  const messageType = type === 'in_app' ? 'inapp' : 'email';
  ws.messages.push({
    id,
    type: 'admin_message',
    message_type: messageType,
    subject,
    body: body.body,
    template,
    from: { type: 'admin', id: admin.id },
    to: recipients.map((c) => ({ type: c.role, id: c.id })),
    created_at: now,
    conversation_id: conversationId,
  });
  const out: Record<string, unknown> = {
    type: 'admin_message',
    id,
    created_at: now,
    subject: subject ?? '',
    body: body.body,
    message_type: messageType,
    owner: adminJson(admin),
  };
  if (conversationId) out.conversation_id = conversationId;
  return ok(out);
}

const eventKeys = new WeakMap<FakeWorkspace, { seen: Set<string>; length: number }>();

function dedupIndex(ws: FakeWorkspace): Set<string> {
  let idx = eventKeys.get(ws);
  if (!idx || idx.length !== ws.events.length) {
    idx = {
      seen: new Set(ws.events.map((e) => `${e.contactId}|${e.event_name}|${e.created_at}`)),
      length: ws.events.length,
    };
    eventKeys.set(ws, idx);
  }
  return idx.seen;
}

/** Events: `id` finds users and leads; `user_id` and `email` find users only (leads need `id`). */
function findUser(ws: FakeWorkspace, by: { id?: unknown; user_id?: unknown; email?: unknown }): FakeContact {
  const contact = findContact(ws, by, 'user');
  if (contact === null) throw invalid('one of id, user_id or email is required', 'user_id');
  if (!contact) throw userNotFound();
  return contact;
}

const isRichLink = (v: Record<string, unknown>) => typeof v.url === 'string' && 'value' in v;
const isMoney = (v: Record<string, unknown>) =>
  typeof v.amount === 'number' && typeof v.currency === 'string';

function createEvent({ ws, body }: Ctx) {
  if (!isRecord(body)) throw invalid('request body must be a JSON object');
  if (typeof body.event_name !== 'string' || body.event_name === '') throw missing('event_name');
  if (body.created_at === undefined || body.created_at === null) throw missing('created_at');
  if (!Number.isInteger(body.created_at)) throw invalid('created_at must be a unix timestamp', 'created_at');
  const contact = findUser(ws, body);
  const metadata: Record<string, unknown> = {};
  if (body.metadata !== undefined) {
    if (!isRecord(body.metadata)) throw invalid('metadata must be an object', 'metadata');
    // Intercom keeps the first 10 keys, in the order sent, and silently ignores the rest.
    for (const [k, v] of Object.entries(body.metadata).slice(0, MAX_EVENT_METADATA_KEYS)) {
      if (isRecord(v) ? !isRichLink(v) && !isMoney(v) : Array.isArray(v)) {
        throw invalid(
          `metadata '${k}' is nested; only flat values, {url,value} and {amount,currency} are supported`,
          'metadata',
        );
      }
      metadata[k] = v;
    }
  }
  const event: FakeEvent = {
    event_name: body.event_name,
    created_at: body.created_at as number,
    contactId: contact.id,
    user_id: contact.external_id,
    email: contact.email,
    metadata,
  };
  const seen = dedupIndex(ws);
  const key = `${event.contactId}|${event.event_name}|${event.created_at}`;
  if (!seen.has(key)) {
    ws.events.push(event);
    seen.add(key);
    const idx = eventKeys.get(ws);
    if (idx) idx.length = ws.events.length;
  }
  return { status: 202 };
}

function listEvents({ ws, query }: Ctx) {
  if (query.type !== 'user') throw invalid("type must be 'user'", 'type');
  const contact = findUser(ws, { id: query.intercom_user_id, user_id: query.user_id, email: query.email });
  const events = ws.events
    .filter((e) => e.contactId === contact.id)
    .sort((a, b) => b.created_at - a.created_at)
    .map((e) => ({
      type: 'event',
      event_name: e.event_name,
      created_at: e.created_at,
      user_id: e.user_id,
      intercom_user_id: e.contactId,
      email: e.email,
      metadata: e.metadata,
    }));
  return ok({ type: 'event.list', events, pages: {} });
}

export const messageRoutes: Route[] = [
  { method: 'POST', path: '/messages', handler: createMessage },
  { method: 'POST', path: '/events', handler: createEvent },
  { method: 'GET', path: '/events', handler: listEvents },
];
