import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { cursor, nextCursor, perPage } from './params.js';
import { untrustedText } from './untrusted.js';

export default defineTool({
  name: 'list_tags',
  title: 'List tags',
  description: [
    'Lists tags by name, optionally filtered (name_contains ignores case). Tools take tag names directly.',
    'Example: {"name_contains":"bill"}',
  ].join('\n'),
  inputSchema: z
    .object({
      name_contains: z.string().trim().min(1).max(100).optional().describe('Only names containing this'),
      per_page: perPage(),
      cursor,
    })
    .strict(),
  outputSchema: z.object({
    tags: z.array(z.object({ id: z.string(), name: untrustedText })),
    total: z.number().int(),
    next_cursor: nextCursor,
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    const needle = args.name_contains?.toLowerCase();
    const all = await ctx.directory.list('tag', { fresh: true });
    const matched = (needle ? all.filter((t) => t.name.toLowerCase().includes(needle)) : [...all]).sort(
      (a, b) => a.name.localeCompare(b.name),
    );
    // Intercom returns every tag in one list: pages are cut here, the cursor is the offset.
    const offset = Number(args.cursor ?? 0) || 0;
    const page = matched.slice(offset, offset + args.per_page);
    const next = offset + page.length;
    return {
      tags: page.map((t) => ({ id: t.id, name: t.name })),
      total: matched.length,
      next_cursor: next < matched.length ? String(next) : null,
    };
  },
});
