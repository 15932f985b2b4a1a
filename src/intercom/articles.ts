import { z } from 'zod';
import type { IntercomApi } from './client.js';
import { pagesSchema, rawPage } from './pages.js';

const id = z.union([z.string(), z.number()]).transform(String);

export const articleSchema = z.object({
  id,
  title: z.string().nullish(),
  description: z.string().nullish(),
  state: z.string().nullish(),
  url: z.string().nullish(),
  updated_at: z.number().nullish(),
  author_id: id.nullish(),
});
export type IntercomArticle = z.infer<typeof articleSchema>;

const articleListSchema = z.object({
  data: z.array(articleSchema).default([]),
  total_count: z.number().nullish(),
  pages: pagesSchema,
});

export interface ArticlePage {
  articles: IntercomArticle[];
  totalCount: number | null;
  /** The next page number, or null on the last page. */
  nextPage: number | null;
}

/** GET /articles?page&per_page: one page of help center articles (page numbers, not cursors). */
export async function listArticles(
  api: IntercomApi,
  request: { page: number; perPage: number },
): Promise<ArticlePage> {
  const list = await api.read(articleListSchema, async (sdk, o) =>
    rawPage(sdk.articles.list({ page: request.page, per_page: request.perPage }, o)),
  );
  const page = list.pages?.page ?? request.page;
  const totalPages = list.pages?.total_pages;
  const hasNext =
    list.data.length > 0 && (typeof totalPages === 'number' ? page < totalPages : Boolean(list.pages?.next));
  return { articles: list.data, totalCount: list.total_count ?? null, nextPage: hasNext ? page + 1 : null };
}

const articleDetailSchema = articleSchema.extend({ body: z.string().nullish() });
export type IntercomArticleDetail = z.infer<typeof articleDetailSchema>;

const articleSearchSchema = z.object({
  total_count: z.number().nullish(),
  data: z.object({ articles: z.array(articleDetailSchema).default([]) }).nullish(),
});

/**
 * GET /articles/search?phrase&state: help center articles matching the words (title, description and
 * body). Intercom 2.14 takes no page parameters here: one answer holds every match, with bodies.
 */
export async function searchArticles(
  api: IntercomApi,
  request: { phrase: string; state: 'published' | 'draft' | 'all' },
): Promise<{ articles: IntercomArticleDetail[]; totalCount: number | null }> {
  const found = await api.read(articleSearchSchema, (sdk, o) =>
    sdk.articles.search({ phrase: request.phrase, state: request.state }, o),
  );
  return { articles: found.data?.articles ?? [], totalCount: found.total_count ?? null };
}

/** GET /articles/{id}: one article with its body (HTML). */
export function getArticle(api: IntercomApi, articleId: string): Promise<IntercomArticleDetail> {
  return api.read(articleDetailSchema, (sdk, o) =>
    sdk.articles.find({ article_id: Number(articleId) } as Parameters<typeof sdk.articles.find>[0], o),
  );
}
