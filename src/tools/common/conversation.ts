import { z } from 'zod';
import type { Directory } from '../../directory/directory.js';
import type { IntercomApi } from '../../intercom/client.js';
import {
  assigneeId,
  getConversation,
  type IntercomConversation,
  isContactAuthor,
} from '../../intercom/conversations.js';
import { IntercomApiError } from '../../intercom/errors.js';
import { scoreSentiment } from '../../search/sentiment.js';
import { mapLimited } from '../../util/map-limited.js';
import { UNTRUSTED, untrustedTextOrNull } from '../untrusted.js';
import { named, namedRefSchema } from './contact.js';
import { excerpt, htmlToText, isoTime } from './text.js';

/** Length of the first-message and latest-part excerpts in list and search rows. */
export const EXCERPT_CHARS = 200;

/** Per-row GET /conversations/{id} reads in flight at once when rows carry their latest part. */
export const LATEST_PART_CONCURRENCY = 5;

export const sentimentSchema = z
  .object({ label: z.enum(['negative', 'neutral', 'positive']), score: z.number().describe('-1 to 1') })
  .describe('Of the customer-written text only');

export const conversationContactSchema = z.object({
  id: z.string().nullable(),
  email: z.string().nullable(),
  name: untrustedTextOrNull,
});

/** Input flag of list_conversations and search_conversations. */
export const includeLatestPart = z
  .boolean()
  .default(true)
  .describe('Add each row’s newest part (one extra read per row); false is faster');

export const latestPartSchema = z.object({
  author_type: z.string().describe('user, lead or contact (customer); admin, bot or team'),
  part_type: z.string().nullable().describe('comment, note (internal), close, assignment…'),
  excerpt: untrustedTextOrNull,
  created_at: z.string().nullable(),
});

/** One conversation as a compact row (list_conversations, search_conversations). */
export const compactConversationSchema = z.object({
  id: z.string(),
  state: z.string().nullable(),
  title: untrustedTextOrNull,
  first_customer_message: untrustedTextOrNull,
  last_reply: z.object({ by: z.enum(['customer', 'teammate']), at: z.string() }).nullable(),
  latest_part: latestPartSchema.nullable().describe('Newest part with text; null when none or not read'),
  hint: z.string().optional(),
  contact: conversationContactSchema.nullable(),
  admin_assignee: namedRefSchema.nullable(),
  team_assignee: namedRefSchema.nullable(),
  tags: z.array(z.string()).describe(`Tag names; ${UNTRUSTED}`),
  priority: z.boolean(),
  read: z.boolean().nullable(),
  waiting_since: z.string().nullable().describe('Since when the customer waits for a reply'),
  snoozed_until: z.string().nullable(),
  created_at: z.string().nullable(),
  updated_at: z.string().nullable(),
  sentiment: sentimentSchema.nullable(),
});
export type CompactConversation = z.infer<typeof compactConversationSchema>;

/** The first message as plain text when a customer wrote it (not an outbound admin message). */
export function customerSourceText(c: IntercomConversation): string | null {
  if (!c.source || !isContactAuthor(c.source.author)) return null;
  return htmlToText(c.source.body) || null;
}

/** Sentiment of customer-written text, or null when there is none to judge. */
export function sentimentOf(texts: (string | null | undefined)[]) {
  const text = texts.filter((t): t is string => Boolean(t?.trim())).join('\n');
  return text ? scoreSentiment(text) : null;
}

/** The conversation's contact: the first listed contact, with email and name from a customer-written source. */
export function contactOf(c: IntercomConversation): z.infer<typeof conversationContactSchema> | null {
  const first = c.contacts?.contacts[0];
  const author = c.source?.author && isContactAuthor(c.source.author) ? c.source.author : null;
  if (!first && !author) return null;
  const sameAsAuthor = author && (!first || author.id === first.id);
  return {
    id: first?.id ?? author?.id ?? null,
    email: sameAsAuthor ? (author?.email ?? null) : null,
    name: sameAsAuthor ? (author?.name ?? null) : null,
  };
}

function lastReply(c: IntercomConversation): CompactConversation['last_reply'] {
  const customer = c.statistics?.last_contact_reply_at ?? 0;
  const teammate = c.statistics?.last_admin_reply_at ?? 0;
  if (!customer && !teammate) return null;
  const by = teammate > customer ? 'teammate' : 'customer';
  return { by, at: isoTime(Math.max(customer, teammate)) ?? '' };
}

export function titleOf(c: IntercomConversation): string | null {
  return c.title?.trim() || c.source?.subject?.trim() || null;
}

/** The newest part that carries text, from a conversation fetched with its parts (oldest first). */
export function latestPartOf(full: IntercomConversation): {
  row: z.infer<typeof latestPartSchema>;
  customerText: string | null;
} | null {
  const parts = full.conversation_parts?.conversation_parts ?? [];
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i];
    const text = htmlToText(part?.body);
    if (!part || !text) continue;
    return {
      row: {
        author_type: part.author?.type ?? 'unknown',
        part_type: part.part_type ?? null,
        excerpt: excerpt(text, EXCERPT_CHARS),
        created_at: isoTime(part.created_at),
      },
      customerText: isContactAuthor(part.author) ? text : null,
    };
  }
  return null;
}

/** What reading the latest part gave: the fetched conversation, a failure to report, or nothing asked. */
type LatestPartResult = { full: IntercomConversation } | { error: IntercomApiError } | undefined;

function unreadableHint(error: IntercomApiError): string {
  const why =
    error.kind === 'not_found'
      ? 'the conversation was not found (deleted or merged since it was listed?)'
      : error.kind === 'rate_limited'
        ? 'the Intercom rate limit was reached'
        : `Intercom answered with an error (${error.kind})`;
  return `latest_part could not be read: ${why}; try get_conversation for this id.`;
}

/** Admin and team names by id, to show beside assignee ids; empty maps show ids only. */
export interface Names {
  admins: Map<string, string>;
  teams: Map<string, string>;
}
const NO_NAMES: Names = { admins: new Map(), teams: new Map() };

/** The admin and team names of the workspace (cached per connection), for rows and conversations. */
export async function namesFrom(directory: Directory | undefined): Promise<Names> {
  if (!directory) return NO_NAMES;
  const [admins, teams] = await Promise.all([directory.names('admin'), directory.names('team')]);
  return { admins, teams };
}

/** The compact row shared by list_conversations and search_conversations. */
export function compactConversation(
  c: IntercomConversation,
  latest?: LatestPartResult,
  names: Names = NO_NAMES,
): CompactConversation {
  const customerText = customerSourceText(c);
  const last = latest && 'full' in latest ? latestPartOf(latest.full) : null;
  return {
    id: c.id,
    state: c.state ?? null,
    title: titleOf(c),
    first_customer_message: customerText ? excerpt(customerText, EXCERPT_CHARS) : null,
    last_reply: lastReply(c),
    latest_part: last?.row ?? null,
    ...(latest && 'error' in latest ? { hint: unreadableHint(latest.error) } : {}),
    ...conversationFacts(c, names),
    sentiment: sentimentOf([customerText, last?.customerText]),
  };
}

/**
 * Compact rows for a page of list or search items. Those items carry no parts, so with `includeLatestPart`
 * each conversation is read once more (GET /conversations/{id}, at most LATEST_PART_CONCURRENCY at a time)
 * for its newest part. A row whose read fails keeps `latest_part: null` and a hint; the page never fails
 * for it, except when the token is rejected or the request was cancelled.
 */
export async function compactConversations(
  api: IntercomApi,
  conversations: IntercomConversation[],
  options: { includeLatestPart: boolean; signal?: AbortSignal | undefined; directory?: Directory },
): Promise<CompactConversation[]> {
  const names = conversations.length > 0 ? await namesFrom(options.directory) : NO_NAMES;
  if (!options.includeLatestPart) return conversations.map((c) => compactConversation(c, undefined, names));
  return mapLimited(conversations, LATEST_PART_CONCURRENCY, async (c) => {
    try {
      return compactConversation(c, { full: await getConversation(api, c.id) }, names);
    } catch (error) {
      if (!(error instanceof IntercomApiError) || error.kind === 'auth' || options.signal?.aborted)
        throw error;
      return compactConversation(c, { error }, names);
    }
  });
}

/** Who, assignment (with names), tags, waiting and timestamps: the facts every conversation output shares. */
export function conversationFacts(c: IntercomConversation, names: Names = NO_NAMES) {
  return {
    contact: contactOf(c),
    admin_assignee: named(assigneeId(c.admin_assignee_id), names.admins),
    team_assignee: named(assigneeId(c.team_assignee_id), names.teams),
    tags: (c.tags?.tags ?? []).map((t) => t.name ?? t.id),
    priority: c.priority === 'priority',
    read: c.read ?? null,
    waiting_since: isoTime(c.waiting_since),
    snoozed_until: c.state === 'snoozed' ? isoTime(c.snoozed_until) : null,
    created_at: isoTime(c.created_at),
    updated_at: isoTime(c.updated_at),
  };
}
