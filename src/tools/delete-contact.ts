import { z } from 'zod';
import { deleteContact } from '../intercom/contacts.js';
import { IntercomApiError } from '../intercom/errors.js';
import { resolveOneContact } from './common/contact.js';
import {
  confirmationMissing,
  confirmationOutput,
  confirmationToken,
  issueConfirmation,
  requireConfirmation,
} from './confirmation.js';
import { defineTool, ToolError } from './define-tool.js';
import { contactRef } from './params.js';
import { untrustedTextOrNull } from './untrusted.js';
import { writeError } from './write-outcome.js';

export default defineTool({
  name: 'delete_contact',
  title: 'Delete a contact',
  description: [
    'Permanently deletes one contact (user or lead); this cannot be undone.',
    'Use it only when asked to remove a person from Intercom; to change a contact use update_contact_attributes.',
    'Two calls: dry_run: true shows who would be deleted and returns confirmation_token; show the user, and once they agree repeat the call with confirmation_token (valid 10 minutes, once). An email or external_id must match exactly one contact.',
    'Example: {"contact":{"email":"jane@acme.com"},"dry_run":true} then {"contact":{"email":"jane@acme.com"},"confirmation_token":"icmc_…"}',
  ].join('\n'),
  inputSchema: z
    .object({
      contact: contactRef,
      dry_run: z.boolean().default(false).describe('Show who would be deleted; delete nothing'),
      confirmation_token: confirmationToken,
    })
    .strict(),
  outputSchema: z.object({
    id: z.string(),
    deleted: z.boolean(),
    dry_run: z.boolean(),
    contact: z
      .object({
        role: z.string().nullable(),
        name: untrustedTextOrNull,
        email: z.string().nullable(),
        external_id: z.string().nullable(),
      })
      .optional()
      .describe('Dry run: who would be deleted'),
    confirmation: confirmationOutput.optional(),
  }),
  // Destructive. Idempotent: deleting again leaves the same state (the second call reports not found).
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    if (args.dry_run) {
      const found = await resolveOneContact(ctx.intercom, args.contact);
      return {
        id: found.id,
        deleted: false,
        dry_run: true,
        contact: {
          role: found.role ?? null,
          name: found.name ?? null,
          email: found.email ?? null,
          external_id: found.external_id ?? null,
        },
        confirmation: await issueConfirmation(
          ctx,
          'delete_contact',
          { contact: found.id },
          `deleting contact ${found.id}`,
        ),
      };
    }
    // Checked before anything is read: without a token the call does nothing at all.
    if (args.confirmation_token === undefined) throw confirmationMissing(ctx, 'Deleting a contact');
    const id = args.contact.id ?? (await resolveOneContact(ctx.intercom, args.contact)).id;
    await requireConfirmation(
      ctx,
      args.confirmation_token,
      'delete_contact',
      { contact: id },
      `Deleting contact ${id}`,
    );
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
    return { id, deleted: true, dry_run: false };
  },
});
