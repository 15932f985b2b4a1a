import { z } from 'zod';

/** Parameters shared by several tools: one definition, one description, so the model sees them alike. */

export const contactId = z
  .string()
  .regex(/^[0-9a-f]{24}$/, 'a contact id is 24 hex characters')
  .describe('Intercom contact id (24 hex characters); find one with search_contacts');

export const conversationId = z
  .string()
  .regex(/^\d{1,30}$/, 'a conversation id is a string of digits')
  .describe('Intercom conversation id (digits); find one with search_conversations or list_conversations');

export const adminId = z
  .string()
  .regex(/^\d{1,20}$/, 'an admin id is a string of digits')
  .describe('Intercom admin id (digits); find one with list_admins');

export const actingAdminId = adminId
  .optional()
  .describe('Admin who performs the action; defaults to the owner of the connected token (see list_admins)');

export const email = z.email('must be a valid email address').max(320);

export const externalId = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .describe('Your own user id stored in Intercom as external_id');

export const cursor = z
  .string()
  .min(1)
  .max(1000)
  .optional()
  .describe('next_cursor from the previous page; omit for the first page');

export function perPage(max: number, fallback: number) {
  return z
    .number()
    .int()
    .min(1)
    .max(max)
    .default(fallback)
    .describe(`Results per page (1-${max}, default ${fallback})`);
}

/** One contact named by exactly one of id, email or external_id. */
export const contactRef = z
  .object({
    id: contactId.optional(),
    email: email.optional().describe('Contact email; must match exactly one contact'),
    external_id: externalId.optional(),
  })
  .strict()
  .refine((r) => [r.id, r.email, r.external_id].filter((v) => v !== undefined).length === 1, {
    message: 'name the contact by exactly one of id, email or external_id',
  });
export type ContactRefInput = z.infer<typeof contactRef>;

export const tagName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .describe('Tag name (case-insensitive); see list_tags');

export const confirm = z
  .literal(true, { error: 'set confirm: true to confirm this destructive action' })
  .describe('Must be true: confirms an action that cannot be undone');
