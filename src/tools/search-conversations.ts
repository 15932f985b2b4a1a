import { z } from 'zod';
import type { DirectoryKind } from '../directory/lists.js';
import { searchConversations } from '../intercom/conversations.js';
import { IntercomApiError } from '../intercom/errors.js';
import { companyMembers, findCompanyByRef } from '../search/company-members.js';
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
        'As a support lead says it (en, es, fr, de, pt): "open about refunds from the last 7 days", ' +
          '"assigned to Bob closed yesterday". Filters beside it override its reading of the same thing.',
      ),
    ...conversationFilterShape,
    include_latest_part: includeLatestPart,
    per_page: perPage(50, 20),
    cursor,
  })
  .strict();

const outputSchema = z.object({
  interpreted_query: z.array(z.string()).describe('`"words" → what was searched`, one per condition'),
  not_understood: z
    .array(z.object({ words: z.string(), hint: z.string() }))
    .describe('Parts NOT applied, with how to say them'),
  ignored_words: z.array(z.string()).describe('Too generic to search for'),
  caveats: z.array(z.string()).describe('What the conditions cannot see'),
  checked_on_results: z.array(z.string()).describe('Applied to each result (Intercom cannot search them)'),
  scan: z
    .object({ scanned: z.number(), limit: z.number(), limit_reached: z.boolean() })
    .nullable()
    .describe('Conversations read for checked_on_results; next_cursor continues a cut scan'),
  notes: z.array(z.string()).describe('Filters that overrode the query'),
  language: z.string().nullable(),
  intercom_query: z.record(z.string(), z.unknown()).describe('Sent to Intercom'),
  conversations: z.array(compactConversationSchema),
  total_count: z.number().nullable().describe('null when results were checked one by one'),
  next_cursor: z.string().nullable(),
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
    'Finds conversations from a plain-language query (5 languages) and/or filters: state, topic words, ' +
      'contact, company, assignee or team, tags, dates (created, updated, closed, replied), priority, rating, waiting ' +
      'on us or the customer, channel, read, customer sentiment.',
    'Read interpreted_query and not_understood first: every part of the query is applied there or listed as ' +
      'not understood. Sentiment and who replied last are checked on each result (at most ' +
      `${SCAN_LIMIT} per call; see scan).`,
    'list_conversations browses; get_conversation reads one. include_latest_part:false skips a read per row.',
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
      company: async (ref, { orNull }) => {
        try {
          const company = await findCompanyByRef(ctx.intercom, ref, { orNull });
          return company
            ? await companyMembers(ctx.intercom, company)
            : { none: `no company is named "${ref}"` };
        } catch (error) {
          // "from Jane Doe" still searches the contact's name when the token may not read companies.
          if (!orNull || !(error instanceof IntercomApiError && error.kind === 'permission')) throw error;
          return { none: 'companies could not be read with this connection, so not checked as a company' };
        }
      },
      meId: ctx.tenant.adminId,
    };
    const compiled = await compileSearch(read.conditions, resolver, {
      now,
      timeZone,
      lang: read.lang,
      customerText: customerSourceText,
    });
    const result = compiled.matchesNothing
      ? { conversations: [], totalCount: 0, nextCursor: null }
      : await runSearch(compiled, (q, page) => searchConversations(ctx.intercom, q, page), {
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
