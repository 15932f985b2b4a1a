import { z } from 'zod';
import { replyToConversation } from '../intercom/conversations.js';
import { defineTool } from './define-tool.js';
import { actingAdminId, conversationId } from './params.js';
import { writeError } from './write-outcome.js';

const inputSchema = z
  .object({
    conversation_id: conversationId,
    message_type: z
      .enum(['comment', 'note'])
      .describe(
        'Required, no default. "comment" is SENT TO THE CUSTOMER; "note" is internal, only teammates see it',
      ),
    body: z
      .string()
      .trim()
      .min(1, 'the reply body is empty')
      .max(20_000)
      .describe('Text of the reply; plain text or simple HTML (<p>, <b>, <a href>, <br>)'),
    admin_id: actingAdminId,
    attachment_urls: z
      .array(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }))
      .min(1)
      .max(10)
      .optional()
      .describe('Up to 10 public image URLs Intercom attaches to the reply'),
  })
  .strict();

const outputSchema = z.object({
  conversation_id: z.string(),
  message_type: z.enum(['comment', 'note']),
  visible_to_customer: z
    .boolean()
    .describe('true for a comment (the customer receives it), false for an internal note'),
  part_id: z.string().nullable().describe('Id of the new conversation part, when Intercom returned it'),
  admin_id: z.string().describe('The admin the reply was posted as'),
  state: z.string().nullable().describe('Conversation state after the reply'),
});

export default defineTool({
  name: 'reply_to_conversation',
  title: 'Reply to a conversation',
  description: [
    'Posts an admin reply in an Intercom conversation: a "comment" that IS SENT TO THE CUSTOMER, or a ' +
      '"note" that is internal and only teammates see.',
    'Use it to answer a customer or leave context for the team; read the conversation with ' +
      'get_conversation first. For assign, close, snooze or tags use manage_conversation_workflow.',
    'Acts as admin_id (default: the owner of the connected token). Not idempotent and never retried: if ' +
      'the outcome is unknown (timeout, dropped connection), check the conversation before trying again.',
    'Example: {"conversation_id":"123","message_type":"note","body":"Refund approved by finance"} → ' +
      '{"visible_to_customer":false,"part_id":"987","state":"open",…}',
  ].join('\n'),
  inputSchema,
  outputSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(args, ctx) {
    const adminId = args.admin_id ?? ctx.tenant.adminId;
    const what = args.message_type === 'comment' ? 'reply to the customer' : 'internal note';
    let conversation: Awaited<ReturnType<typeof replyToConversation>>;
    try {
      conversation = await replyToConversation(ctx.intercom, args.conversation_id, {
        messageType: args.message_type,
        adminId,
        body: args.body,
        attachmentUrls: args.attachment_urls,
      });
    } catch (error) {
      throw writeError(error, {
        checkHint:
          `the ${what} may have been posted. Check the conversation with get_conversation ` +
          `(conversation_id ${args.conversation_id}) before retrying, or it may be posted twice.`,
      });
    }
    // The new part is the newest one this admin wrote with this type (the reply returns the conversation).
    const parts = conversation.conversation_parts?.conversation_parts ?? [];
    const mine = parts.findLast((p) => p.part_type === args.message_type && p.author?.id === adminId);
    return {
      conversation_id: conversation.id,
      message_type: args.message_type,
      visible_to_customer: args.message_type === 'comment',
      part_id: mine?.id ?? null,
      admin_id: adminId,
      state: conversation.state ?? null,
    };
  },
});
