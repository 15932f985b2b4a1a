import { z } from 'zod';
import { listArticles } from '../intercom/articles.js';
import { named, namedRefSchema } from './common/contact.js';
import { defineTool } from './define-tool.js';
import { nextCursor, perPage } from './params.js';
import { untrustedText, untrustedTextOrNull } from './untrusted.js';

const article = z.object({
  id: z.string(),
  title: untrustedText,
  description: untrustedTextOrNull,
  state: z.enum(['published', 'draft']),
  url: z.string().nullable(),
  updated_at: z.string().nullable(),
  author: namedRefSchema.nullable(),
});

export default defineTool({
  name: 'list_articles',
  title: 'List help center articles',
  description: [
    'Lists the help center articles (title, description, state, URL), newest first.',
    'Use it to browse the help center; it returns no article bodies.',
    'total_count counts published and draft articles.',
    'Example: {"per_page":20}',
  ].join('\n'),
  inputSchema: z
    .object({
      per_page: perPage(),
      cursor: z
        .string()
        .regex(/^[1-9]\d{0,4}$/, 'the cursor is the next_cursor of the previous page (a page number from 1)')
        .optional()
        .describe('next_cursor of the previous page'),
    })
    .strict(),
  outputSchema: z.object({
    articles: z.array(article),
    total_count: z.number().int().nullable(),
    next_cursor: nextCursor,
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    // Intercom pages articles by number: the cursor is the next page number.
    const page = Number(args.cursor ?? 1) || 1;
    const [result, admins] = await Promise.all([
      listArticles(ctx.intercom, { page, perPage: args.per_page }),
      ctx.directory.names('admin'),
    ]);
    return {
      articles: result.articles.map((a) => ({
        id: a.id,
        title: a.title ?? '',
        description: a.description || null,
        state: a.state === 'published' ? ('published' as const) : ('draft' as const),
        url: a.url ?? null,
        updated_at: typeof a.updated_at === 'number' ? new Date(a.updated_at * 1000).toISOString() : null,
        author: named(a.author_id, admins),
      })),
      total_count: result.totalCount,
      next_cursor: result.nextPage === null ? null : String(result.nextPage),
    };
  },
});
