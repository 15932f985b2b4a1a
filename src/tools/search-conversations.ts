import { z } from 'zod';
import { listAdmins, listTeams } from '../intercom/admins.js';
import { searchConversations } from '../intercom/conversations.js';
import { listTags } from '../intercom/tags.js';
import {
  buildConversationSearchQuery,
  lookupsNeeded,
  type SearchLookups,
} from '../search/build-intercom-query.js';
import { conversationFilterShape } from '../search/conversation-filters.js';
import { interpretConversationSearch } from '../search/interpret-conversation-search.js';
import { compactConversationSchema, compactConversations, includeLatestPart } from './common/conversation.js';
import { defineTool, type ToolContext } from './define-tool.js';
import { cursor, perPage } from './params.js';

const inputSchema = z
  .object({
    query: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .optional()
      .describe(
        'Natural-language search, e.g. "open conversations about refunds from the last 7 days", ' +
          '"unassigned snoozed conversations tagged billing", "conversations from jane@acme.com since ' +
          '2026-10-01". Structured filters given next to it win over its reading.',
      ),
    ...conversationFilterShape,
    include_latest_part: includeLatestPart,
    per_page: perPage(50, 20),
    cursor: cursor.describe(
      'next_cursor from the previous page of the same search (same query and filters); omit for page 1',
    ),
  })
  .strict();

const outputSchema = z.object({
  interpreted_query: z
    .array(z.string())
    .describe('The conditions sent to Intercom, one phrase each, with names resolved to ids'),
  text_reading: z.array(z.string()).describe('How the words of `query` were read (empty without a query)'),
  uninterpreted: z
    .array(z.string())
    .describe('Words of `query` that did not become a condition: rephrase them or use a filter'),
  notes: z.array(z.string()).describe('Filters that overrode a different reading of the query text'),
  intercom_query: z
    .record(z.string(), z.unknown())
    .describe('The query object sent to POST /conversations/search'),
  conversations: z.array(compactConversationSchema),
  total_count: z.number().nullable().describe('How many conversations match in total'),
  next_cursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
});

async function fetchLookups(
  ctx: ToolContext,
  need: ReturnType<typeof lookupsNeeded>,
): Promise<SearchLookups> {
  const [admins, teams, tags] = await Promise.all([
    need.admins ? listAdmins(ctx.intercom) : [],
    need.teams ? listTeams(ctx.intercom) : [],
    need.tags ? listTags(ctx.intercom) : [],
  ]);
  return {
    admins: admins.map((a) => ({ id: a.id, name: a.name, ...(a.email ? { email: a.email } : {}) })),
    teams: teams.map((t) => ({ id: t.id, name: t.name })),
    tags,
  };
}

export default defineTool({
  name: 'search_conversations',
  title: 'Search conversations',
  description: [
    'Finds Intercom conversations from a natural-language query and/or structured filters (state, words, ' +
      'contact, admin or team assignee, tag, dates, priority, read), translated into one Intercom search.',
    'Use it to triage or find conversations by condition; use list_conversations to browse everything, and ' +
      'get_conversation to read one in full. Check interpreted_query and uninterpreted: words not understood ' +
      'are reported, never dropped; fix them with a filter.',
    'Rows are compact: first customer message and latest part excerpts, contact, assignee, tags, ' +
      'timestamps, sentiment of the customer text. The latest part costs one extra read per row; pass ' +
      'include_latest_part:false to skip it. Text matches single words of the first message only. ' +
      'Up to 50 rows per page; pass next_cursor as cursor.',
    'Example: {"query":"open conversations tagged billing"} → {"interpreted_query":["state = open",' +
      '"tag = Billing (id 53)"],"conversations":[{"id":"123","state":"open",…}],"next_cursor":null}',
  ].join('\n'),
  inputSchema,
  outputSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    const { query, per_page, cursor: pageCursor, include_latest_part, ...filters } = args;
    const me = await ctx.me();
    const timeZone = me.app.timezone || 'UTC';
    const interpreted = interpretConversationSearch({ query, filters }, { now: new Date(), timeZone });
    const lookups = await fetchLookups(ctx, lookupsNeeded(interpreted.filters));
    lookups.me = { id: ctx.tenant.adminId, name: me.name || `admin ${ctx.tenant.adminId}` };
    const built = buildConversationSearchQuery(interpreted.filters, lookups, { timeZone });
    const page = await searchConversations(ctx.intercom, built.query, {
      perPage: per_page,
      cursor: pageCursor,
    });
    return {
      interpreted_query: built.interpreted,
      text_reading: interpreted.understood,
      uninterpreted: interpreted.uninterpreted,
      notes: interpreted.notes,
      intercom_query: built.query as unknown as Record<string, unknown>,
      conversations: await compactConversations(ctx.intercom, page.conversations, {
        includeLatestPart: include_latest_part,
        signal: ctx.signal,
      }),
      total_count: page.totalCount,
      next_cursor: page.nextCursor,
    };
  },
});
