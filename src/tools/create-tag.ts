import { z } from 'zod';
import { createTag, listTags } from '../intercom/tags.js';
import { defineTool } from './define-tool.js';
import { tagName } from './params.js';
import { writeError } from './write-outcome.js';

export default defineTool({
  name: 'create_tag',
  title: 'Create a tag',
  description: [
    'Creates a tag in the connected Intercom workspace, or returns the existing tag of that name.',
    'Use it to prepare a tag before applying it elsewhere; manage_conversation_workflow and ' +
      'update_contact_attributes already create missing tags when they tag by name. To see existing tags use list_tags.',
    'Names are compared case-insensitively with the existing tags first: when one matches, nothing is written and ' +
      'already_existed is true. Renaming and deleting tags are not supported.',
    'Example: {"name":"Refund requested"} → {"tag":{"id":"5300006","name":"Refund requested"},"already_existed":false}',
  ].join('\n'),
  inputSchema: z
    .object({ name: tagName.describe('Name of the tag to create (at most 100 characters)') })
    .strict(),
  outputSchema: z.object({
    tag: z.object({ id: z.string(), name: z.string() }),
    already_existed: z.boolean().describe('true when a tag of that name (ignoring case) already existed'),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    // GET /tags first: Intercom answers POST /tags with the existing tag for a known name, so the
    // response alone cannot tell "created" from "already there".
    const existing = await listTags(ctx.intercom);
    const wanted = args.name.toLowerCase();
    const match =
      existing.find((t) => t.name === args.name) ?? existing.find((t) => t.name.toLowerCase() === wanted);
    if (match) return { tag: match, already_existed: true };
    const tag = await createTag(ctx.intercom, args.name).catch((error: unknown) => {
      throw writeError(error, {
        checkHint:
          'the tag may have been created. Calling create_tag again is safe (it returns the existing tag).',
      });
    });
    return { tag, already_existed: existing.some((t) => t.id === tag.id) };
  },
});
