import { z } from 'zod';
import { replyToConversation } from '../intercom/conversations.js';
import { namedRefSchema } from './common/contact.js';
import { defineTool } from './define-tool.js';
import { actingAdmin, conversationId } from './params.js';
import { writeError } from './write-outcome.js';

const inputSchema = z
  .object({
    conversation_id: conversationId,
    message_type: z
      .enum(['comment', 'note'])
      .describe('Required. comment is SENT TO THE CUSTOMER; note is internal (teammates only)'),
    body: z
      .string()
      .trim()
      .min(1, 'the reply body is empty')
      .max(20_000)
      .describe('Plain text or simple HTML'),
    admin_id: actingAdmin,
    attachment_urls: z
      .array(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }))
      .min(1)
      .max(10)
      .optional()
      .describe('Up to 10 public image URLs'),
  })
  .strict();

const outputSchema = z.object({
  conversation_id: z.string(),
  message_type: z.enum(['comment', 'note']),
  visible_to_customer: z.boolean(),
  part_id: z.string().nullable(),
  admin: namedRefSchema.describe('Posted as'),
  state: z.string().nullable(),
});

export default defineTool({
  name: 'reply_to_conversation',
  title: 'Reply to a conversation',
  description: [
    'Posts an admin reply in a conversation: a comment that IS SENT TO THE CUSTOMER, or an internal note.',
    'Use it to answer a customer or leave context for the team; read it first with get_conversation. Assign, close, snooze and tags: manage_conversation_workflow.',
    'Posts as admin_id (id, email, name or "me"; default the token owner). Never retried: when the outcome is unknown, check the conversation first.',
    'Example: {"conversation_id":"64619700001001","message_type":"note","body":"Refund approved","admin_id":"Bob"}',
  ].join('\n'),
  inputSchema,
  outputSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(args, ctx) {
    const admin =
      args.admin_id !== undefined ? await ctx.directory.admin(args.admin_id, 'admin_id') : undefined;
    const adminId = admin?.id ?? ctx.tenant.adminId;
    const adminName = admin?.name ?? (await ctx.directory.names('admin')).get(adminId) ?? null;
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
      admin: { id: adminId, name: adminName },
      state: conversation.state ?? null,
    };
  },
});
