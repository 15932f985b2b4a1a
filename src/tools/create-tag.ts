import { z } from 'zod';
import { createTag } from '../intercom/tags.js';
import { findTags } from './common/contact-tags.js';
import { defineTool } from './define-tool.js';
import { tagName } from './params.js';
import { untrustedText } from './untrusted.js';
import { writeError } from './write-outcome.js';

export default defineTool({
  name: 'create_tag',
  title: 'Create a tag',
  description: [
    'Creates a tag, or returns the one of that name (ignoring case). Tools that tag create missing tags themselves.',
    'Renaming and deleting tags are not supported.',
    'Example: {"name":"Refund requested"}',
  ].join('\n'),
  inputSchema: z.object({ name: tagName.describe('Tag name (at most 100 characters)') }).strict(),
  outputSchema: z.object({
    tag: z.object({ id: z.string(), name: untrustedText }),
    already_existed: z.boolean(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    // GET /tags first: Intercom answers POST /tags with the existing tag for a known name, so the
    // response alone cannot tell "created" from "already there".
    const [match] = await findTags(ctx.directory, [args.name]);
    if (match) return { tag: match, already_existed: true };
    const before = await ctx.directory.list('tag');
    const tag = await createTag(ctx.intercom, args.name).catch((error: unknown) => {
      throw writeError(error, {
        checkHint:
          'the tag may have been created. Calling create_tag again is safe (it returns the existing tag).',
      });
    });
    ctx.directory.forget('tag');
    return { tag, already_existed: before.some((t) => t.id === tag.id) };
  },
});
