import { z } from 'zod';

/** `pages.next` is an object `{page, starting_after}` on lists and searches; absent on the last page. */
export const pagesSchema = z
  .object({
    next: z
      .union([z.object({ starting_after: z.string().nullish(), page: z.number().nullish() }), z.string()])
      .nullish(),
    page: z.number().nullish(),
    per_page: z.number().nullish(),
    total_pages: z.number().nullish(),
  })
  .nullish();

/** The cursor for the next page of a list or search, or null on the last page. */
export function nextCursor(pages: z.infer<typeof pagesSchema>): string | null {
  const next = pages?.next;
  if (!next || typeof next === 'string') return null;
  return next.starting_after ?? null;
}

/** The SDK wraps list and search answers in a Page; we keep one page and its raw response. */
export async function rawPage(page: Promise<{ response: unknown }>): Promise<unknown> {
  return (await page).response;
}
