import { z } from 'zod';
import { getArticle } from '../intercom/articles.js';
import { IntercomApiError } from '../intercom/errors.js';
import { articleSummarySchema, toArticleSummary } from './common/article.js';
import { named, namedRefSchema } from './common/contact.js';
import { htmlToText } from './common/text.js';
import { defineTool, ToolError } from './define-tool.js';
import { intercomId } from './params.js';
import { untrustedText } from './untrusted.js';

/** Characters of body per call: a long article is read in several calls with `offset`. */
const BODY_CHARS = 6_000;

/** Where to cut `text` at most `max` characters after `start`: at a paragraph or word end when one is near. */
function cutEnd(text: string, start: number, max: number): number {
  const end = start + max;
  if (end >= text.length) return text.length;
  const window = text.slice(start, end);
  for (const mark of ['\n', '. ', ' ']) {
    const at = window.lastIndexOf(mark);
    if (at > max * 0.8) return start + at + mark.length;
  }
  return end;
}

export default defineTool({
  name: 'get_article',
  title: 'Read a help center article',
  description: [
    'Reads one help center article: title, state, link, author, body as plain text.',
    `The body comes in parts of ${BODY_CHARS} characters: pass next_offset as offset for the rest.`,
    'Example: {"article_id":"123"}',
  ].join('\n'),
  inputSchema: z
    .object({
      article_id: intercomId('article', 'Article id or help center URL (from search_articles)'),
      offset: z.number().int().min(0).default(0).describe('next_offset of the last call'),
    })
    .strict(),
  outputSchema: articleSummarySchema.extend({
    author: namedRefSchema.nullable(),
    body: untrustedText,
    body_chars: z.number().int(),
    next_offset: z.number().int().nullable().describe('Pass as offset for more'),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    const [article, admins] = await Promise.all([
      getArticle(ctx.intercom, args.article_id).catch((error: unknown) => {
        if (error instanceof IntercomApiError && error.kind === 'not_found') {
          throw new ToolError(
            `article_id: no article has id ${args.article_id}. Find one with search_articles.`,
          );
        }
        throw error;
      }),
      ctx.directory.names('admin'),
    ]);
    const text = htmlToText(article.body);
    if (args.offset > 0 && args.offset >= text.length) {
      throw new ToolError(`offset: the body has ${text.length} characters; pass an offset below that.`);
    }
    const end = cutEnd(text, args.offset, BODY_CHARS);
    return {
      ...toArticleSummary(article),
      author: named(article.author_id, admins),
      body: text.slice(args.offset, end),
      body_chars: text.length,
      next_offset: end < text.length ? end : null,
    };
  },
});
