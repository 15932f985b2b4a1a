import { z } from 'zod';
import type { DirectoryKind } from '../directory/lists.js';
import { searchConversations } from '../intercom/conversations.js';
import { IntercomApiError } from '../intercom/errors.js';
import { compileSearch, type NameResolver } from '../search/compile-search.js';
import { conversationFilterShape } from '../search/conversation-filters.js';
import { interpretConversationSearch, MAX_QUERY_CHARS } from '../search/interpret-conversation-search.js';
import type { WorkspaceNames } from '../search/name-gazetteer.js';
import { runSearch, SCAN_LIMIT } from '../search/run-search.js';
import {
  compactConversationSchema,
  compactConversations,
  customerSourceText,
  includeLatestPart,
} from './common/conversation.js';
import { defineTool, type ToolContext } from './define-tool.js';
import { cursor, perPage } from './params.js';

const inputSchema = z
  .object({
    query: z
      .string()
      .max(MAX_QUERY_CHARS * 20)
      .optional()
      .describe(
        'What to find, as a support lead would say it, in English, Spanish, French, German or Portuguese: ' +
          '"open conversations about refunds from the last 7 days", "assigned to Bob that were closed yesterday", ' +
          '"angry customers this week", "waiting on the customer for more than 3 days", "bad rating", ' +
          '"conversaciones abiertas sobre facturación". Structured filters given next to it replace its reading ' +
          'of the same thing.',
      ),
    ...conversationFilterShape,
    include_latest_part: includeLatestPart,
    per_page: perPage(50, 20),
    cursor: cursor.describe('next_cursor from the previous page of the same search; omit for page 1'),
  })
  .strict();

const outputSchema = z.object({
  interpreted_query: z
    .array(z.string())
    .describe(
      'Each condition as `"the words it came from" → what was searched`; read it before trusting the rows',
    ),
  not_understood: z
    .array(z.object({ words: z.string(), hint: z.string() }))
    .describe('Parts of the query that were NOT applied, each with how to express them'),
  ignored_words: z
    .array(z.string())
    .describe('Words too generic to search for ("problems", "issues", "new")'),
  caveats: z
    .array(z.string())
    .describe('What the applied conditions cannot see (e.g. topic words written in other languages)'),
  checked_on_results: z
    .array(z.string())
    .describe('Conditions Intercom cannot search, applied to each result instead (see scan)'),
  scan: z
    .object({ scanned: z.number(), limit: z.number(), limit_reached: z.boolean() })
    .nullable()
    .describe(
      'With checked_on_results: conversations read; when limit_reached, next_cursor continues the scan',
    ),
  notes: z.array(z.string()).describe('Filters that replaced the query’s reading of the same thing'),
  language: z.string().nullable().describe('Language the query was read in'),
  intercom_query: z.record(z.string(), z.unknown()).describe('The query sent to POST /conversations/search'),
  conversations: z.array(compactConversationSchema),
  total_count: z.number().nullable().describe('Matches in total; null when results were checked one by one'),
  next_cursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
});

/** The workspace's names, to recognise them in the query; a list Intercom refuses just goes unrecognised. */
async function workspaceNames(ctx: ToolContext): Promise<WorkspaceNames> {
  const list = async (kind: DirectoryKind) => {
    try {
      return await ctx.directory.list(kind);
    } catch (error) {
      if (error instanceof IntercomApiError && error.kind !== 'auth') return [];
      throw error;
    }
  };
  const [admins, teams, tags] = await Promise.all([list('admin'), list('team'), list('tag')]);
  return { admins, teams, tags } as WorkspaceNames;
}

export default defineTool({
  name: 'search_conversations',
  title: 'Search conversations',
  description: [
    'Finds Intercom conversations from a natural-language query (5 languages) and/or structured filters: state, ' +
      'topic words (stemmed), contact, assignee or team by name, tags (and exclusions), dates (created, updated, ' +
      'closed, replied), priority, rating, waiting on us or on the customer, channel, read, customer sentiment.',
    'Read interpreted_query and not_understood first: every part of the query is either applied there or ' +
      'listed as not understood, never dropped. Sentiment and "who replied last" are checked on each result ' +
      `(at most ${SCAN_LIMIT} conversations per call; scan says when the limit cut it).`,
    'Use list_conversations to browse everything, get_conversation to read one. Rows are compact (excerpts, ' +
      'contact, assignee names, tags, sentiment); include_latest_part:false skips one read per row.',
    'Example: {"query":"open conversations tagged billing"} → {"interpreted_query":["\\"open\\" → state = open",' +
      '"\\"tagged billing\\" → tag = Billing (id 53)"],"not_understood":[],…,"conversations":[…]}',
  ].join('\n'),
  inputSchema,
  outputSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    const { query, per_page, cursor: pageCursor, include_latest_part, ...filters } = args;
    const me = await ctx.me();
    const timeZone = me.app.timezone || 'UTC';
    const now = new Date();
    const names = query?.trim() ? await workspaceNames(ctx) : undefined;
    const read = interpretConversationSearch({ query, filters }, { now, timeZone, names });
    const resolver: NameResolver = {
      admin: (name) => ctx.directory.admin(name, 'admin_assignee'),
      team: (name) => ctx.directory.team(name, 'team_assignee'),
      tag: (name) => ctx.directory.tag(name, 'tag'),
      meId: ctx.tenant.adminId,
    };
    const compiled = await compileSearch(read.conditions, resolver, {
      now,
      timeZone,
      lang: read.lang,
      customerText: customerSourceText,
    });
    const result = await runSearch(compiled, (q, page) => searchConversations(ctx.intercom, q, page), {
      perPage: per_page,
      cursor: pageCursor,
      signal: ctx.signal,
    });
    return {
      interpreted_query: compiled.interpreted,
      not_understood: read.notUnderstood,
      ignored_words: read.ignored,
      caveats: compiled.caveats,
      checked_on_results: compiled.postFilters.map((p) => p.label),
      scan: result.scan
        ? { scanned: result.scan.scanned, limit: SCAN_LIMIT, limit_reached: result.scan.limitReached }
        : null,
      notes: read.notes,
      language: read.lang,
      intercom_query: compiled.query as unknown as Record<string, unknown>,
      conversations: await compactConversations(ctx.intercom, result.conversations, {
        includeLatestPart: include_latest_part,
        signal: ctx.signal,
        directory: ctx.directory,
      }),
      total_count: result.totalCount,
      next_cursor: result.nextCursor,
    };
  },
});
