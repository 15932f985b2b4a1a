import { z } from 'zod';
import { listArticles, searchArticles } from '../intercom/articles.js';
import { articleExcerpt, articleSummarySchema, toArticleSummary } from './common/article.js';
import { defineTool, ToolError } from './define-tool.js';
import { cursor, nextCursor, perPage } from './params.js';
import { untrustedTextOrNull } from './untrusted.js';

const OFFSET = /^\d{1,6}$/;

export default defineTool({
  name: 'search_articles',
  title: 'Search help center articles',
  description: [
    'Finds help center articles by words (with an excerpt), or lists them without query.',
    'Use it to answer from the help center; get_article reads one. Only published articles have public links.',
    'Example: {"query":"reset password"}',
  ].join('\n'),
  inputSchema: z
    .object({
      query: z.string().trim().min(1).max(200).optional().describe('Words to find; omit to list all'),
      state: z.enum(['published', 'draft', 'all']).default('published').describe('Article state'),
      per_page: perPage(),
      cursor,
    })
    .strict(),
  outputSchema: z.object({
    articles: z.array(articleSummarySchema.extend({ excerpt: untrustedTextOrNull })),
    total_count: z.number().int().nullable(),
    next_cursor: nextCursor,
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    if (args.cursor !== undefined && !OFFSET.test(args.cursor))
      throw new ToolError('cursor: pass the next_cursor of the previous page, with the same query.');
    const position = Number(args.cursor ?? (args.query ? 0 : 1));
    if (!args.query) {
      // Without words: GET /articles, paged by number (the cursor is the page); state filtered here.
      if (position < 1) throw new ToolError('cursor: pass the next_cursor of the previous page.');
      const page = await listArticles(ctx.intercom, { page: position, perPage: args.per_page });
      const kept = page.articles.filter((a) => args.state === 'all' || a.state === args.state);
      return {
        articles: kept.map((a) => ({ ...toArticleSummary(a), excerpt: null })),
        total_count: args.state === 'all' ? page.totalCount : null,
        next_cursor: page.nextPage === null ? null : String(page.nextPage),
      };
    }
    // Intercom answers a search in one page: pages are cut here, the cursor is the offset.
    const found = await searchArticles(ctx.intercom, { phrase: args.query, state: args.state });
    const slice = found.articles.slice(position, position + args.per_page);
    const next = position + slice.length;
    return {
      articles: slice.map((a) => ({
        ...toArticleSummary(a),
        excerpt: articleExcerpt(a.body, args.query ?? ''),
      })),
      total_count: found.totalCount ?? found.articles.length,
      next_cursor: next < found.articles.length ? String(next) : null,
    };
  },
});
