import { z } from 'zod';
import { createContactConversation } from '../intercom/messages.js';
import { resolveOneContact } from './common/contact.js';
import { defineTool } from './define-tool.js';
import { contactRef } from './params.js';
import { writeError } from './write-outcome.js';

export default defineTool({
  name: 'create_conversation',
  title: 'Create a conversation for a contact',
  description: [
    'Starts a conversation on behalf of a contact: the message appears in the inbox as written by the contact.',
    'Use it to log a request made elsewhere (phone, form). To message a contact as an admin use send_intercom_message; to answer a conversation, reply_to_conversation.',
    'One contact, plain text. Not retried: when the outcome is unknown, check the contact’s conversations first.',
    'Example: {"contact":{"email":"jane@acme.com"},"body":"My invoice shows the wrong VAT."}',
  ].join('\n'),
  inputSchema: z
    .object({
      contact: contactRef,
      body: z.string().trim().min(1).max(20_000).describe('The contact’s message, plain text'),
    })
    .strict(),
  outputSchema: z.object({
    message_id: z.string(),
    conversation_id: z.string().nullable(),
    contact_id: z.string(),
    from_type: z.enum(['user', 'lead', 'contact']),
  }),
  // Not idempotent: each call opens another conversation.
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(args, ctx) {
    const contact = await resolveOneContact(ctx.intercom, args.contact);
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
