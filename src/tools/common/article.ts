import { z } from 'zod';
import type { IntercomArticle } from '../../intercom/articles.js';
import { untrustedText, untrustedTextOrNull } from '../untrusted.js';
import { clip, htmlToText, isoTime } from './text.js';

/** Article outputs shared by search_articles and get_article. */

export const articleSummarySchema = z.object({
  id: z.string(),
  title: untrustedText,
  description: untrustedTextOrNull,
  state: z.enum(['published', 'draft']),
  url: z.string().nullable(),
  updated_at: z.string().nullable(),
});
export type ArticleSummary = z.infer<typeof articleSummarySchema>;

export function toArticleSummary(a: IntercomArticle): ArticleSummary {
  return {
    id: a.id,
    title: a.title ?? '',
    description: a.description || null,
    state: a.state === 'published' ? 'published' : 'draft',
    url: a.url ?? null,
    updated_at: isoTime(a.updated_at),
  };
}

const EXCERPT_CHARS = 240;

/**
 * A short passage of the article's plain text around the first word of `query` it contains (the start
 * when none), so a model can tell which result answers the question before reading it in full.
 */
export function articleExcerpt(bodyHtml: string | null | undefined, query: string): string | null {
  const text = htmlToText(bodyHtml).replace(/\s+/g, ' ');
  if (!text) return null;
  const lower = text.toLowerCase();
  const words = query
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 2);
  const hits = words.map((w) => lower.indexOf(w)).filter((i) => i >= 0);
  const at = hits.length > 0 ? Math.min(...hits) : 0;
  const start = at > EXCERPT_CHARS / 3 ? text.lastIndexOf(' ', at - EXCERPT_CHARS / 3) + 1 : 0;
  const { text: cut } = clip(text.slice(start), EXCERPT_CHARS);
  return start > 0 ? `…${cut}` : cut;
}
