import { z } from 'zod';
import { deleteContact } from '../intercom/contacts.js';
import { IntercomApiError } from '../intercom/errors.js';
import { resolveOneContact } from './common/contact.js';
import { defineTool, ToolError } from './define-tool.js';
import { confirm, contactRef } from './params.js';
import { writeError } from './write-outcome.js';

export default defineTool({
  name: 'delete_contact',
  title: 'Delete a contact',
  description: [
    'Permanently deletes one contact (user or lead); this cannot be undone.',
    'Use it only when asked to remove a person from Intercom; check them with get_contact first. To change a contact use update_contact_attributes.',
    'Requires confirm: true. An email or external_id must match exactly one contact.',
    'Example: {"contact":{"id":"6762a0a1000000000000000a"},"confirm":true}',
  ].join('\n'),
  inputSchema: z.object({ contact: contactRef, confirm }).strict(),
  outputSchema: z.object({ id: z.string(), deleted: z.literal(true) }),
  // Destructive. Idempotent: deleting again leaves the same state (the second call reports not found).
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    const id = args.contact.id ?? (await resolveOneContact(ctx.intercom, args.contact)).id;
    let answer: { deleted: boolean };
    try {
      answer = await deleteContact(ctx.intercom, id);
    } catch (error) {
      if (error instanceof IntercomApiError && error.kind === 'not_found') {
        throw new ToolError(
          `contact: No contact has id ${id}; it may already be deleted. Nothing was changed.`,
        );
      }
      throw writeError(error, {
        step: `Deleting contact ${id}`,
        checkHint: 'it may have been deleted. Check with get_contact before retrying.',
      });
    }
    if (!answer.deleted) {
      throw new ToolError(`Intercom answered that contact ${id} was not deleted; check it with get_contact.`);
    }
    return { id, deleted: true as const };
  },
});
