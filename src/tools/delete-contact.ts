import { z } from 'zod';
import { deleteContact } from '../intercom/contacts.js';
import { IntercomApiError } from '../intercom/errors.js';
import { defineTool, ToolError } from './define-tool.js';
import { confirm, contactRef } from './params.js';
import { countContactRefs, ONE_CONTACT_REF, resolveOneContact } from './render/contact.js';
import { writeError } from './write-outcome.js';

export default defineTool({
  name: 'delete_contact',
  title: 'Delete a contact',
  description: [
    'Permanently deletes one Intercom contact (user or lead); this cannot be undone.',
    'Use it only when asked to remove a person from Intercom; to change a contact use ' +
      'update_contact_attributes. Check the contact with get_contact first.',
    'Requires confirm: true. Name the contact by exactly one of id, email or external_id; an email or ' +
      'external_id must match exactly one contact (several matches are reported with their ids).',
    'Example: {"id":"6762a0a1000000000000000a","confirm":true} → {"id":"6762a0a1000000000000000a","deleted":true}',
  ].join('\n'),
  inputSchema: z
    .object({ ...contactRef.shape, confirm })
    .strict()
    .refine((r) => countContactRefs(r) === 1, { message: ONE_CONTACT_REF }),
  outputSchema: z.object({
    id: z.string().describe('Id of the deleted contact'),
    deleted: z.literal(true),
  }),
  // Destructive. Idempotent: deleting again leaves the same state (the second call reports not found).
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    const id = args.id ?? (await resolveOneContact(ctx.intercom, args)).id;
    let answer: { deleted: boolean };
    try {
      answer = await deleteContact(ctx.intercom, id);
    } catch (error) {
      if (error instanceof IntercomApiError && error.kind === 'not_found') {
        throw new ToolError(`No contact has id ${id}; it may already be deleted. Nothing was changed.`);
      }
      throw writeError(error, {
        step: `Deleting contact ${id}`,
        checkHint: 'it may have been applied. Check with get_contact before retrying.',
      });
    }
    if (!answer.deleted) {
      throw new ToolError(`Intercom answered that contact ${id} was not deleted; check it with get_contact.`);
    }
    return { id, deleted: true as const };
  },
});
