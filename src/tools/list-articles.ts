import { z } from 'zod';
import { listArticles } from '../intercom/articles.js';
import { defineTool } from './define-tool.js';
import { perPage } from './params.js';

const article = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  state: z.enum(['published', 'draft']),
  url: z.string().nullable().describe('Public URL; null for drafts that were never published'),
  updated_at: z.string().nullable().describe('ISO 8601 time of the last update'),
  author_id: z.string().nullable().describe('Admin id of the author (see list_admins)'),
});

export default defineTool({
  name: 'list_articles',
  title: 'List help center articles',
  description: [
    'Lists the help center articles of the connected Intercom workspace with their state (published or draft).',
    'Use it to find an article to link in a reply or to review what the help center covers; ' +
      'it returns titles and descriptions, not article bodies.',
    'Articles are paged by page number, not by cursor: pass next_page as page to continue; next_page is null ' +
      'on the last page. total_count counts every article, published and draft.',
    'Example: {"per_page":20} → {"articles":[{"id":"5400001","title":"Resetting your password","state":"published",…}],' +
      '"total_count":42,"page":1,"next_page":2}',
  ].join('\n'),
  inputSchema: z
    .object({
      page: z
        .number()
        .int()
        .min(1)
        .max(10_000)
        .default(1)
        .describe('Page number, starting at 1; use next_page from the previous call'),
      per_page: perPage(50, 20),
    })
    .strict(),
  outputSchema: z.object({
    articles: z.array(article),
    total_count: z.number().int().nullable().describe('Articles in the help center (all pages)'),
    page: z.number().int(),
    next_page: z.number().int().nullable().describe('Pass as page for the next page; null on the last page'),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    const result = await listArticles(ctx.intercom, { page: args.page, perPage: args.per_page });
    return {
      articles: result.articles.map((a) => ({
        id: a.id,
        title: a.title ?? '',
        description: a.description || null,
        state: a.state === 'published' ? ('published' as const) : ('draft' as const),
        url: a.url ?? null,
        updated_at: typeof a.updated_at === 'number' ? new Date(a.updated_at * 1000).toISOString() : null,
        author_id: a.author_id ?? null,
      })),
      total_count: result.totalCount,
      page: args.page,
      next_page: result.nextPage,
    };
  },
});
