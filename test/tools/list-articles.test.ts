import { describe, expect, it } from 'vitest';
import { useToolHarness } from './harness.js';

const h = useToolHarness();

type Article = { id: string; title: string; state: string; url: string | null; updated_at: string | null };
type Page = { articles: Article[]; total_count: number | null; next_cursor: string | null };

describe('list_articles', () => {
  it('pages through the help center by page number', async () => {
    const first = await h.ok<Page>('list_articles', { per_page: 4 });
    expect(first.articles).toHaveLength(4);
    expect(first.total_count).toBe(6);
    expect(first.next_cursor).toBe('2');
    expect(first.articles[0]).toMatchObject({ title: 'Exporting reports (beta)', state: 'draft', url: null });
    expect(first.articles[0]?.updated_at).toMatch(/^\d{4}-\d\d-\d\dT/);

    const second = await h.ok<Page>('list_articles', { cursor: first.next_cursor, per_page: 4 });
    expect(second.articles).toHaveLength(2);
    expect(second.next_cursor).toBeNull();
    const published = second.articles.find((a) => a.title === 'Getting started with Acme');
    expect(published?.state).toBe('published');
    expect(published?.url).toMatch(/^https:\/\//);
    const ids = [...first.articles, ...second.articles].map((a) => a.id);
    expect(new Set(ids).size).toBe(6);

    // Authors' names come from the admin list (cached per connection).
    expect(
      h
        .recorded()
        .filter((r) => r.path !== '/admins')
        .map((r) => [r.method, r.path, r.query]),
    ).toEqual([
      ['GET', '/articles', { page: '1', per_page: '4' }],
      ['GET', '/articles', { page: '2', per_page: '4' }],
    ]);
    expect(h.fake.unhandled).toEqual([]);
  });

  it('uses 20 per page by default', async () => {
    const out = await h.ok<Page>('list_articles', {});
    expect(out.articles).toHaveLength(6);
    expect(out.next_cursor).toBeNull();
    expect(h.recorded().find((r) => r.path === '/articles')?.query).toEqual({ page: '1', per_page: '20' });
  });

  it('keeps workspaces apart', async () => {
    const b = await h.ok<Page>('list_articles', {}, h.clientB);
    expect(b.articles.map((a) => a.title)).toContain('Warranty claims');
    expect(b.articles.map((a) => a.title)).not.toContain('Getting started with Acme');
  });

  it('rejects per_page above 50 and a page below 1', async () => {
    expect(await h.fails('list_articles', { per_page: 51 })).toMatch(/per_page/);
    expect(await h.fails('list_articles', { page: 0 })).toMatch(/cursor: the cursor is the next_cursor/);
    expect(h.recorded()).toEqual([]);
  });
});
