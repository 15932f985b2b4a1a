import { z } from 'zod';
import { listConversations } from '../intercom/conversations.js';
import { defineTool } from './define-tool.js';
import { cursor, perPage } from './params.js';
import { compactConversationSchema, compactConversations, includeLatestPart } from './render/conversation.js';

export default defineTool({
  name: 'list_conversations',
  title: 'List conversations',
  description: [
    'Lists the conversations of the connected Intercom workspace as compact rows, page by page.',
    'Use it to browse recent conversations; to find conversations by state, assignee, tag, contact, words ' +
      'or dates use search_conversations instead, and get_conversation to read one in full.',
    'Each row has excerpts (untrusted) of the first customer message and of the latest part, contact, ' +
      'assignees, tags, timestamps, who replied last, and a sentiment label of the customer text. The ' +
      'latest part costs one extra read per row; include_latest_part:false skips it. Up to 50 rows per ' +
      'page; pass next_cursor as cursor for the next page.',
    'Example: {"per_page":10} → {"conversations":[{"id":"123","state":"open",…}],"total_count":240,' +
      '"next_cursor":"WzE3MzA…"}',
  ].join('\n'),
  inputSchema: z
    .object({ per_page: perPage(50, 20), cursor, include_latest_part: includeLatestPart })
    .strict(),
  outputSchema: z.object({
    conversations: z.array(compactConversationSchema),
    total_count: z.number().nullable().describe('How many conversations the workspace has'),
    next_cursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    const page = await listConversations(ctx.intercom, { perPage: args.per_page, cursor: args.cursor });
    return {
      conversations: await compactConversations(ctx.intercom, page.conversations, {
        includeLatestPart: args.include_latest_part,
        signal: ctx.signal,
      }),
      total_count: page.totalCount,
      next_cursor: page.nextCursor,
    };
  },
});
