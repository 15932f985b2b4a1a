import { z } from 'zod';
import { listSegmentsWithCounts } from '../intercom/segments.js';
import { defineTool } from './define-tool.js';
import { cursor, nextCursor, perPage } from './params.js';
import { untrustedText } from './untrusted.js';

export default defineTool({
  name: 'list_segments',
  title: 'List segments',
  description: [
    'Lists contact segments (of users or of leads) with contact counts, by name.',
    'Tools take segment names directly; get_company shows a company’s segments.',
    'Example: {}',
  ].join('\n'),
  inputSchema: z.object({ per_page: perPage(), cursor }).strict(),
  outputSchema: z.object({
    segments: z.array(
      z.object({
        id: z.string(),
        name: untrustedText,
        of: z.enum(['users', 'leads']),
        count: z.number().int().nullable(),
      }),
    ),
    total: z.number().int(),
    next_cursor: nextCursor,
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    const all = (await listSegmentsWithCounts(ctx.intercom)).sort((a, b) => a.name.localeCompare(b.name));
    // Intercom returns every segment in one list: pages are cut here, the cursor is the offset.
    const offset = Number(args.cursor ?? 0) || 0;
    const page = all.slice(offset, offset + args.per_page);
    const next = offset + page.length;
    return {
      segments: page.map((s) => ({
        id: s.id,
        name: s.name,
        of: s.person_type === 'contact' ? ('leads' as const) : ('users' as const),
        count: s.count ?? null,
      })),
      total: all.length,
      next_cursor: next < all.length ? String(next) : null,
    };
  },
});
