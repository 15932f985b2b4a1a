import { z } from 'zod';
import { listTags } from '../intercom/tags.js';
import { defineTool } from './define-tool.js';

const MAX_TAGS = 500;

export default defineTool({
  name: 'list_tags',
  title: 'List tags',
  description: [
    'Lists the tags of the connected Intercom workspace (id and name).',
    'Use it to check which tags exist before tagging, or to find a tag id; manage_conversation_workflow and ' +
      'update_contact_attributes take tag names directly, and create_tag adds a new one.',
    `Intercom returns every tag in one list; name_contains filters it here (case-insensitive). At most ${MAX_TAGS} ` +
      'tags are returned; when truncated is true, narrow with name_contains.',
    'Example: {"name_contains":"bill"} → {"tags":[{"id":"5300003","name":"Billing"}],"total":1,"truncated":false}',
  ].join('\n'),
  inputSchema: z
    .object({
      name_contains: z
        .string()
        .trim()
        .min(1)
        .max(100)
        .optional()
        .describe('Only tags whose name contains this text (case-insensitive); omit for all tags'),
    })
    .strict(),
  outputSchema: z.object({
    tags: z.array(z.object({ id: z.string(), name: z.string() })),
    total: z.number().int().describe('How many tags matched, before the size cap'),
    truncated: z.boolean().describe(`true when more than ${MAX_TAGS} matched; narrow with name_contains`),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    const needle = args.name_contains?.toLowerCase();
    const all = await listTags(ctx.intercom);
    const matched = needle ? all.filter((t) => t.name.toLowerCase().includes(needle)) : all;
    matched.sort((a, b) => a.name.localeCompare(b.name));
    return { tags: matched.slice(0, MAX_TAGS), total: matched.length, truncated: matched.length > MAX_TAGS };
  },
});
