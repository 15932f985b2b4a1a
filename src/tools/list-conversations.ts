import { z } from 'zod';
import { listConversations } from '../intercom/conversations.js';
import { compactConversationSchema, compactConversations, includeLatestPart } from './common/conversation.js';
import { defineTool } from './define-tool.js';
import { cursor, nextCursor, perPage } from './params.js';

export default defineTool({
  name: 'list_conversations',
  title: 'List conversations',
  description: [
    'Lists the workspace’s conversations as compact rows (excerpts, contact, assignees with names, tags, waiting-since, sentiment).',
    'Use it to browse; search_conversations finds by state, assignee, tag, words or dates, get_conversation reads one.',
    'The latest part costs one extra read per row; include_latest_part: false skips it.',
    'Example: {"per_page":10}',
  ].join('\n'),
  inputSchema: z.object({ per_page: perPage(), cursor, include_latest_part: includeLatestPart }).strict(),
  outputSchema: z.object({
    conversations: z.array(compactConversationSchema),
    total_count: z.number().nullable(),
    next_cursor: nextCursor,
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    const page = await listConversations(ctx.intercom, { perPage: args.per_page, cursor: args.cursor });
    return {
      conversations: await compactConversations(ctx.intercom, page.conversations, {
        includeLatestPart: args.include_latest_part,
        signal: ctx.signal,
        directory: ctx.directory,
      }),
      total_count: page.totalCount,
      next_cursor: page.nextCursor,
    };
  },
});
