// Help center articles beyond the list: search by words, and one article with its body.
import { ApiError, invalid, NotImplementedError } from './errors.js';
import { type Ctx, ok, type Route } from './router.js';
import { articleJson } from './serialize.js';
import type { FakeArticle } from './types.js';
import { wordsOf } from './util.js';

const STATES = ['published', 'draft', 'all'];

/** Every word of the phrase starts a word of the title, description or body (Intercom matches word forms). */
function matches(article: FakeArticle, phrase: string): boolean {
  const words = wordsOf(`${article.title} ${article.description} ${article.body}`);
  const wanted = [...wordsOf(phrase)];
  return wanted.length > 0 && wanted.every((w) => [...words].some((x) => x.startsWith(w)));
}

/**
 * GET /articles/search?phrase&state: 2.14 takes no page parameters; the answer is one page holding every
 * match (`data.articles`, with bodies, and `data.highlights` only when `highlight=true`).
 */
function searchArticles({ ws, query }: Ctx) {
  const state = query.state ?? 'all';
  if (!STATES.includes(state)) throw invalid('state must be one of published, draft or all', 'state');
  if (query.highlight !== undefined && query.highlight !== 'false')
    throw new NotImplementedError('GET /articles/search with highlight=true');
  const phrase = (query.phrase ?? '').trim();
  const found = [...ws.articles.values()]
    .filter((a) => (state === 'all' || a.state === state) && (phrase === '' || matches(a, phrase)))
    .sort((a, b) => b.updated_at - a.updated_at || Number(b.id) - Number(a.id));
  return ok({
    type: 'list',
    total_count: found.length,
    data: { articles: found.map((a) => articleJson(ws, a)), highlights: [] },
    pages: { type: 'pages', page: 1, per_page: Math.max(found.length, 10), total_pages: 1 },
  });
}

function getArticle({ ws, params }: Ctx) {
  const id = params.article_id ?? '';
  if (!/^\d+$/.test(id)) throw invalid('article_id must be an integer', 'article_id');
  const article = ws.articles.get(id);
  if (!article) throw new ApiError(404, 'not_found', 'Resource Not Found');
  return ok({
    ...articleJson(ws, article),
    statistics: {
      type: 'article_statistics',
      views: 0,
      conversations: 0,
      reactions: 0,
      happy_reaction_percentage: 0,
      neutral_reaction_percentage: 0,
      sad_reaction_percentage: 0,
    },
  });
}

export const articleRoutes: Route[] = [
  // Before /articles/{article_id}: the router takes the first route that matches.
  { method: 'GET', path: '/articles/search', handler: searchArticles },
  { method: 'GET', path: '/articles/{article_id}', handler: getArticle },
];
