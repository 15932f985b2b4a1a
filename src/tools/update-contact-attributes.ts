import { z } from 'zod';
import { contactDetailSchema } from './common/contact.js';
import { attributeValue, fieldsSchema } from './common/contact-changes.js';
import { tagChangeSchema } from './common/contact-tags.js';
import { applyContactUpdate } from './contact-update/apply.js';
import { planContactUpdate } from './contact-update/plan.js';
import { defineTool } from './define-tool.js';
import { contactRef, tagName } from './params.js';

export default defineTool({
  name: 'update_contact_attributes',
  title: 'Update (or create) a contact',
  description: [
    'Updates one contact: standard fields, custom attributes and tags; can create the contact, missing attributes and missing tags.',
    'Use it to record facts about a person or tag them; get_contact reads one. Only values that differ are sent, so repeating a call changes nothing.',
    'create_if_missing creates the contact from its email or external_id. Unknown custom attributes fail the call before anything is written unless create_missing_attributes (type inferred). Removing a tag the contact lacks is reported, not an error.',
    'Example: {"contact":{"email":"jane@globex.com"},"set":{"name":"Jane Doe","owner_id":"me"},"custom_attributes":{"plan":"pro"},"add_tags":["VIP"]}',
  ].join('\n'),
  inputSchema: z
    .object({
      contact: contactRef,
      create_if_missing: z
        .boolean()
        .default(false)
        .describe('Create it (by email or external_id) if none matches'),
      set: fieldsSchema.optional(),
      custom_attributes: z
        .record(z.string().min(1).max(190), attributeValue)
        .refine((o) => Object.keys(o).length <= 50, 'at most 50 custom attributes per call')
        .optional()
        .describe('{name: value}; null clears one'),
      create_missing_attributes: z.boolean().default(false).describe('Create unknown custom attributes'),
      add_tags: z.array(tagName).max(20).optional().describe('Tag names to add; missing tags are created'),
      remove_tags: z.array(tagName).max(20).optional().describe('Tag names to remove'),
    })
    .strict()
    .refine((r) => !(r.create_if_missing && r.contact.id), {
      message: 'create_if_missing needs the contact named by email or external_id (Intercom assigns ids)',
      path: ['create_if_missing'],
    }),
  outputSchema: z.object({
    created: z.boolean(),
    contact: contactDetailSchema,
    changed: z.array(z.string()).describe('Fields written, e.g. name, custom_attributes.plan'),
    unchanged: z.array(z.string()).describe('Already had the value (not sent)'),
    data_attributes_created: z.array(z.object({ name: z.string(), data_type: z.string() })),
    tag_changes: z.array(tagChangeSchema),
    note: z.string().optional(),
  }),
  // Destructive in MCP's sense (updates are not only additive: it overwrites fields and removes tags).
  // Idempotent, creation included:
  // a repeated call finds the contact (by search, or through Intercom's 409 when search lags behind),
  // existing attributes and tags, and sends nothing that already has the requested value.
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    // Reads and checks first: nothing is written unless the whole request is valid.
    const plan = await planContactUpdate(args, ctx);
    return applyContactUpdate(plan, ctx);
  },
});
