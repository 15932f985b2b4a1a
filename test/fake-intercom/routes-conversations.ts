// /conversations: list, contact-initiated create, search, retrieve.
import { addConversation } from './conversation-builder.js';
import { invalid, missing, resourceNotFound, userNotFound } from './errors.js';
import { byNewest, paginate, parsePerPage } from './pagination.js';
import { type Ctx, ok, type Route } from './router.js';
import { compileQuery } from './search.js';
import { conversationSearchSpec } from './search-fields.js';
import { conversationJson } from './serialize-conversation.js';
import type { FakeConversation, FakeWorkspace } from './types.js';
import { isRecord, nowUnix } from './util.js';

const DEFAULT_PER_PAGE = 20;

export function getConversation(ws: FakeWorkspace, id: string | undefined): FakeConversation {
  const c = id ? ws.conversations.get(id) : undefined;
  if (!c) throw resourceNotFound();
  return c;
}

function listResponse(ctx: Ctx, matches: FakeConversation[], perPage: number, startingAfter: unknown) {
  const page = paginate(matches.sort(byNewest), perPage, startingAfter);
  return ok({
    type: 'conversation.list',
    pages: page.pages,
    total_count: page.total,
    conversations: page.items.map((c) =>
      conversationJson(ctx.ws, c, { withParts: false, version: ctx.version }),
    ),
  });
}

function createConversation({ ws, body }: Ctx) {
  if (!isRecord(body)) throw invalid('request body must be a JSON object');
  const from = body.from;
  if (!isRecord(from)) throw missing('from');
  if (!['user', 'lead', 'contact'].includes(String(from.type))) {
    throw invalid("from.type must be one of 'user', 'lead' or 'contact'", 'from.type');
  }
  if (typeof from.id !== 'string' || from.id === '') throw missing('from.id');
  if (typeof body.body !== 'string' || body.body.trim() === '') throw invalid('Body is required', 'body');
  const contact = ws.contacts.get(from.id);
  if (!contact) throw userNotFound();
  const createdAt = Number.isInteger(body.created_at) ? (body.created_at as number) : nowUnix();
  const conv = addConversation(ws, {
    contactId: contact.id,
    body: body.body,
    subject: typeof body.subject === 'string' ? body.subject : '',
    createdAt,
  });
  contact.last_replied_at = createdAt;
  ws.messages.push({
    id: conv.source.id,
    type: 'user_message',
    message_type: 'inapp',
    subject: null,
    body: body.body,
    template: null,
    from: { type: contact.role, id: contact.id },
    to: [],
    created_at: createdAt,
    conversation_id: conv.id,
  });
  return ok({
    type: 'user_message',
    id: conv.source.id,
    created_at: createdAt,
    body: body.body,
    message_type: 'inapp',
    conversation_id: conv.id,
  });
}

function searchConversations(ctx: Ctx) {
  const body = isRecord(ctx.body) ? ctx.body : {};
  const pagination = isRecord(body.pagination) ? body.pagination : {};
  const perPage = parsePerPage(pagination.per_page, DEFAULT_PER_PAGE);
  const pred = compileQuery(body.query, conversationSearchSpec(ctx.ws));
  const matches: FakeConversation[] = [];
  for (const c of ctx.ws.conversations.values()) if (pred(c)) matches.push(c);
  // Only the body cursor counts; a query-string `starting_after` is ignored.
  return listResponse(ctx, matches, perPage, pagination.starting_after);
}

export const conversationRoutes: Route[] = [
  {
    method: 'GET',
    path: '/conversations',
    handler: (ctx) =>
      listResponse(
        ctx,
        [...ctx.ws.conversations.values()],
        parsePerPage(ctx.query.per_page, DEFAULT_PER_PAGE),
        ctx.query.starting_after,
      ),
  },
  { method: 'POST', path: '/conversations', handler: createConversation },
  { method: 'POST', path: '/conversations/search', handler: searchConversations },
  {
    method: 'GET',
    path: '/conversations/{conversation_id}',
    handler: ({ ws, params, query, version }) => {
      const c = getConversation(ws, params.conversation_id);
      if (query.display_as !== undefined && query.display_as !== 'plaintext') {
        throw invalid("display_as must be 'plaintext'", 'display_as');
      }
      return ok(
        conversationJson(ws, c, { withParts: true, plaintext: query.display_as === 'plaintext', version }),
      );
    },
  },
];
