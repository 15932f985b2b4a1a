import { z } from 'zod';
import type { IntercomApi } from './client.js';
import { nextCursor, pagesSchema, rawPage } from './pages.js';
import type { IntercomSearchQuery } from './search-query.js';

const id = z.union([z.string(), z.number()]).transform(String);

/** Who wrote a part or the first message: `admin`, `bot`, `team`, or a contact (`user`, `lead`, `contact`). */
export const conversationAuthorSchema = z.object({
  type: z.string().nullish(),
  id: id.nullish(),
  name: z.string().nullish(),
  email: z.string().nullish(),
});
export type IntercomConversationAuthor = z.infer<typeof conversationAuthorSchema>;

export const conversationPartSchema = z.object({
  id,
  part_type: z.string().nullish(),
  body: z.string().nullish(),
  created_at: z.number().nullish(),
  author: conversationAuthorSchema.nullish(),
  assigned_to: z.object({ type: z.string().nullish(), id: id.nullish() }).nullish(),
});
export type IntercomConversationPart = z.infer<typeof conversationPartSchema>;

/**
 * A conversation as returned by GET /conversations/{id}, list, search and the write endpoints (reply,
 * parts, tags). Only retrieval fills `conversation_parts` (at most the 500 newest); list and search
 * items carry `source` (the first message) and `statistics` instead.
 */
export const conversationSchema = z.object({
  id,
  title: z.string().nullish(),
  created_at: z.number().nullish(),
  updated_at: z.number().nullish(),
  waiting_since: z.number().nullish(),
  snoozed_until: z.number().nullish(),
  open: z.boolean().nullish(),
  state: z.string().nullish(),
  read: z.boolean().nullish(),
  priority: z.string().nullish(),
  /** null (up to 2.15) or 0 (2.16) when unassigned. */
  admin_assignee_id: id.nullish(),
  team_assignee_id: id.nullish(),
  tags: z.object({ tags: z.array(z.object({ id, name: z.string().nullish() })).default([]) }).nullish(),
  source: z
    .object({
      id: id.nullish(),
      type: z.string().nullish(),
      delivered_as: z.string().nullish(),
      subject: z.string().nullish(),
      body: z.string().nullish(),
      author: conversationAuthorSchema.nullish(),
    })
    .nullish(),
  contacts: z
    .object({
      contacts: z.array(z.object({ id, external_id: z.string().nullish() })).default([]),
    })
    .nullish(),
  conversation_rating: z
    .object({
      rating: z.number().nullish(),
      remark: z.string().nullish(),
      created_at: z.number().nullish(),
      teammate: z.object({ id: id.nullish() }).nullish(),
    })
    .nullish(),
  statistics: z
    .object({
      last_contact_reply_at: z.number().nullish(),
      last_admin_reply_at: z.number().nullish(),
      count_conversation_parts: z.number().nullish(),
    })
    .nullish(),
  conversation_parts: z
    .object({
      conversation_parts: z.array(conversationPartSchema).default([]),
      total_count: z.number().nullish(),
    })
    .nullish(),
});
export type IntercomConversation = z.infer<typeof conversationSchema>;

const conversationListSchema = z.object({
  conversations: z.array(conversationSchema).default([]),
  total_count: z.number().nullish(),
  pages: pagesSchema,
});

export interface ConversationPage {
  conversations: IntercomConversation[];
  totalCount: number | null;
  nextCursor: string | null;
}

/** GET /conversations/{id}?display_as=plaintext: bodies as plain text, at most the 500 newest parts. */
export function getConversation(api: IntercomApi, conversationId: string): Promise<IntercomConversation> {
  return api.read(conversationSchema, (sdk, o) =>
    sdk.conversations.find({ conversation_id: conversationId, display_as: 'plaintext' }, o),
  );
}

/** One page of POST /conversations/search; pagination goes in the body (a query-string cursor is ignored). */
export async function searchConversations(
  api: IntercomApi,
  query: IntercomSearchQuery,
  page: { perPage: number; cursor?: string | undefined },
): Promise<ConversationPage> {
  const pagination = { per_page: page.perPage, ...(page.cursor ? { starting_after: page.cursor } : {}) };
  const list = await api.read(conversationListSchema, (sdk, o) =>
    rawPage(
      sdk.conversations.search({ query, pagination } as Parameters<typeof sdk.conversations.search>[0], o),
    ),
  );
  return toPage(list);
}

/** One page of GET /conversations (per_page and starting_after in the query string). */
export async function listConversations(
  api: IntercomApi,
  page: { perPage: number; cursor?: string | undefined },
): Promise<ConversationPage> {
  const list = await api.read(conversationListSchema, (sdk, o) =>
    rawPage(sdk.conversations.list({ per_page: page.perPage, starting_after: page.cursor }, o)),
  );
  return toPage(list);
}

function toPage(list: z.infer<typeof conversationListSchema>): ConversationPage {
  return {
    conversations: list.conversations,
    totalCount: list.total_count ?? null,
    nextCursor: nextCursor(list.pages),
  };
}

export interface AdminReply {
  /** `comment` reaches the customer; `note` is internal (teammates only). */
  messageType: 'comment' | 'note';
  adminId: string;
  body: string;
  /** Up to 10 image URLs Intercom attaches to the part. */
  attachmentUrls?: string[] | undefined;
}

/**
 * POST /conversations/{id}/reply as an admin. Returns the conversation (with its parts). Never retried:
 * Intercom has no idempotency keys, so a repeated reply would post twice.
 */
export function replyToConversation(
  api: IntercomApi,
  conversationId: string,
  reply: AdminReply,
): Promise<IntercomConversation> {
  const body = {
    message_type: reply.messageType,
    type: 'admin' as const,
    admin_id: reply.adminId,
    body: reply.body,
    ...(reply.attachmentUrls?.length ? { attachment_urls: reply.attachmentUrls } : {}),
  };
  return api.write(conversationSchema, (sdk, o) =>
    sdk.conversations.reply({ conversation_id: conversationId, body }, o),
  );
}

/** An assignee id from a conversation, with Intercom's "unassigned" (null, or 0 from 2.16) as null. */
export function assigneeId(value: string | null | undefined): string | null {
  return value && value !== '0' ? value : null;
}

const CONTACT_TYPES = new Set(['user', 'lead', 'contact']);

/** True when an author is a customer (user, lead or contact) rather than an admin, bot or team. */
export function isContactAuthor(author: IntercomConversationAuthor | null | undefined): boolean {
  return CONTACT_TYPES.has(author?.type ?? '');
}
