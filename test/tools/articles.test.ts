import { describe, expect, it } from 'vitest';
import { addArticle } from '../fake-intercom/index.js';
import { WORKSPACE_A } from '../fake-intercom/seed-a.js';
import { useToolHarness } from './harness.js';

const h = useToolHarness();

type Summary = { id: string; title: string; state: string; url: string | null; excerpt: string | null };
type Page = { articles: Summary[]; total_count: number | null; next_cursor: string | null };
type Article = Summary & {
  author: { id: string; name: string | null } | null;
  body: string;
  body_chars: number;
  next_offset: number | null;
};

describe('search_articles', () => {
  it('finds published articles by words, with an excerpt, and says what it sent', async () => {
    const out = await h.ok<Page>('search_articles', { query: 'password' });
    expect(out.articles.map((a) => a.title)).toEqual(['Resetting your password']);
    expect(out.articles[0]).toMatchObject({ state: 'published', url: expect.stringMatching(/^https:\/\//) });
    expect(out.articles[0]?.excerpt).toMatch(/cannot log in/);
    expect(out.total_count).toBe(1);
    expect(h.recorded().map((r) => [r.method, r.path, r.query])).toEqual([
      ['GET', '/articles/search', { phrase: 'password', state: 'published' }],
    ]);
  });

  it('searches drafts on request and pages results itself (Intercom answers in one page)', async () => {
    const ws = h.workspaceA;
    for (let i = 0; i < 3; i++) {
      addArticle(ws, {
        title: `Webhook retries ${i}`,
        description: 'Delivery guarantees',
        body: `<p>Webhooks are retried ${i + 2} times.</p>`,
        state: i === 0 ? 'draft' : 'published',
        created_at: 1_731_000_000 + i,
        updated_at: 1_731_000_000 + i,
      });
    }
    const first = await h.ok<Page>('search_articles', {
      query: 'webhooks retried',
      state: 'all',
      per_page: 2,
    });
    expect(first.articles).toHaveLength(2);
    expect(first.total_count).toBe(3);
    expect(first.next_cursor).toBe('2');
    const second = await h.ok<Page>('search_articles', {
      query: 'webhooks retried',
      state: 'all',
      per_page: 2,
      cursor: first.next_cursor,
    });
    expect(second.articles).toHaveLength(1);
    expect(second.next_cursor).toBeNull();
    const titles = [...first.articles, ...second.articles].map((a) => a.title).sort();
    expect(titles).toEqual(['Webhook retries 0', 'Webhook retries 1', 'Webhook retries 2']);
    const drafts = await h.ok<Page>('search_articles', { query: 'webhooks', state: 'draft' });
    expect(drafts.articles.map((a) => a.title)).toEqual(['Webhook retries 0']);
    expect(h.fake.unhandled).toEqual([]);
  });

  it('lists the help center without words, by page number, published only by default', async () => {
    const out = await h.ok<Page>('search_articles', { per_page: 50 });
    expect(out.articles.every((a) => a.state === 'published')).toBe(true);
    expect(out.articles.map((a) => a.title)).toContain('Getting started with Acme');
    expect(out.articles.map((a) => a.title)).not.toContain('API rate limits');
    expect(h.recorded().map((r) => [r.path, r.query])).toEqual([
      ['/articles', { page: '1', per_page: '50' }],
    ]);
  });

  it('answers an empty list when nothing matches, and keeps workspaces apart', async () => {
    expect((await h.ok<Page>('search_articles', { query: 'warranty' })).articles).toEqual([]);
    const b = await h.ok<Page>('search_articles', { query: 'warranty' }, h.clientB);
    expect(b.articles.map((a) => a.title)).toContain('Warranty claims');
  });

  it('refuses a cursor that is not one it gave, before calling Intercom', async () => {
    expect(await h.fails('search_articles', { query: 'password', cursor: 'abc' })).toMatch(/cursor/);
    expect(h.recorded()).toEqual([]);
  });
});

describe('get_article', () => {
  it('reads an article as plain text with its author, by id or help center URL', async () => {
    const found = await h.ok<Page>('search_articles', { query: 'invoice' });
    const summary = found.articles[0] as Summary;
    const byUrl = await h.ok<Article>('get_article', { article_id: summary.url });
    expect(byUrl).toMatchObject({
      id: summary.id,
      title: 'Understanding your invoice',
      body: 'Understanding your invoice\nVAT, credits and refunds explained.',
      next_offset: null,
      author: { id: WORKSPACE_A.admins.alice, name: 'Alice Anders' },
    });
    const byNumber = await h.ok<Article>('get_article', { article_id: Number(summary.id) });
    expect(byNumber.body).toBe(byUrl.body);
    expect(h.recorded().filter((r) => r.path.startsWith('/articles/'))).toHaveLength(3);
  });

  it('returns a long body in parts that join up to the whole text', async () => {
    const paragraphs = Array.from(
      { length: 80 },
      (_, i) => `<p>Step ${i}: ${'configure the thing. '.repeat(8)}</p>`,
    );
    const article = addArticle(h.workspaceA, {
      title: 'A very long guide',
      description: 'Everything',
      body: paragraphs.join(''),
      state: 'published',
      created_at: 1_731_000_000,
      updated_at: 1_731_000_000,
    });
    const parts: string[] = [];
    let offset: number | null = 0;
    let total = 0;
    while (offset !== null) {
      const out: Article = await h.ok<Article>('get_article', { article_id: article.id, offset });
      expect(out.body.length).toBeLessThanOrEqual(6_000);
      parts.push(out.body);
      total = out.body_chars;
      offset = out.next_offset;
    }
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.join('')).toHaveLength(total);
    expect(parts.join('')).toMatch(/^Step 0: configure[\s\S]*Step 79: (configure the thing\. ?)+$/);
  });

  it('says how to find an article when the id does not exist, and refuses an offset past the end', async () => {
    expect(await h.fails('get_article', { article_id: '99999999' })).toMatch(
      /no article has id 99999999.*search_articles/,
    );
    const found = await h.ok<Page>('search_articles', { query: 'password' });
    expect(await h.fails('get_article', { article_id: found.articles[0]?.id, offset: 100_000 })).toMatch(
      /offset: the body has \d+ characters/,
    );
    expect(await h.fails('get_article', { article_id: 'how-to' })).toMatch(/article_id/);
  });
});
