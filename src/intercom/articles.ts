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
