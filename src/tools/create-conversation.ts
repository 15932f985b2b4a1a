import { z } from 'zod';
import { resolveContact } from '../intercom/contacts.js';
import { createContactConversation } from '../intercom/messages.js';
import { defineTool, ToolError } from './define-tool.js';
import { contactRef } from './params.js';
import { writeError } from './write-outcome.js';

export default defineTool({
  name: 'create_conversation',
  title: 'Create a conversation for a contact',
  description: [
    'Starts a new conversation on behalf of a contact: the first message appears in the inbox as written by the contact, not by an admin.',
    'Use it to log a request a customer made elsewhere (phone, form, email to a colleague) so the team can work on it. ' +
      'To message a contact as an admin use send_intercom_message; to answer an existing conversation use ' +
      'reply_to_conversation.',
    'Limits: one contact per call, named by exactly one of id, email or external_id (an unknown or ambiguous ' +
      'contact is an error, never guessed); plain text only. Not retried: if the outcome is unknown, check the ' +
      'contact’s conversations before trying again.',
    'Example: {"contact":{"email":"jane@acme.com"},"body":"My invoice shows the wrong VAT."} → ' +
      '{"message_id":"403918330","conversation_id":"499","contact_id":"6762f0a1…","from_type":"user"}',
  ].join('\n'),
  inputSchema: z
    .object({
      contact: contactRef.describe(
        'The contact who "writes" the message: exactly one of id, email or external_id',
      ),
      body: z
        .string()
        .trim()
        .min(1)
        .max(20_000)
        .describe('The contact’s message, plain text (Intercom does not accept HTML here)'),
    })
    .strict(),
  outputSchema: z.object({
    message_id: z.string().describe('Id of the contact’s first message'),
    conversation_id: z.string().nullable().describe('The new conversation; open it with get_conversation'),
    contact_id: z.string(),
    from_type: z.enum(['user', 'lead', 'contact']).describe('How the contact was named as author (its role)'),
  }),
  // Not idempotent: each call opens another conversation.
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(args, ctx) {
    const resolution = await resolveContact(ctx.intercom, args.contact);
    if (resolution.status === 'not_found') {
      throw new ToolError(`${resolution.reason} Find contacts with search_contacts.`);
    }
    if (resolution.status === 'ambiguous') {
      const candidates = resolution.candidates.map((c) => `${c.id} (${c.role ?? 'unknown role'})`).join(', ');
      throw new ToolError(`${resolution.reason} Candidates: ${candidates}.`);
    }
    const { contact } = resolution;
    const fromType: 'user' | 'lead' | 'contact' =
      contact.role === 'user' || contact.role === 'lead' ? contact.role : 'contact';
    try {
      const message = await createContactConversation(ctx.intercom, {
        from: { type: fromType, id: contact.id },
        body: args.body,
      });
      return {
        message_id: message.id,
        conversation_id: message.conversation_id ?? null,
        contact_id: contact.id,
        from_type: fromType,
      };
    } catch (error) {
      throw writeError(error, {
        checkHint:
          'the conversation may have been created. Check the contact’s conversations ' +
          '(search_conversations) before trying again.',
      });
    }
  },
});
