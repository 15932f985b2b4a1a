import { z } from 'zod';
import type { IntercomApi } from './client.js';

const id = z.union([z.string(), z.number()]).transform(String);

/** The message model answered by POST /messages and POST /conversations. */
export const messageSchema = z.object({
  type: z.string().nullish(),
  id,
  conversation_id: id.nullish(),
  message_type: z.string().nullish(),
});
export type IntercomMessage = z.infer<typeof messageSchema>;

export interface AdminMessage {
  messageType: 'in_app' | 'email';
  body: string;
  subject?: string | undefined;
  /** Email only: `plain` or `personal`. */
  template?: 'plain' | 'personal' | undefined;
  /** The sending admin's id (digits); sent as an integer, as Intercom documents. */
  fromAdminId: string;
  to: { type: 'user' | 'lead'; id: string };
  /** Opens a conversation in the inbox right away instead of on the contact's first reply. */
  createConversation?: boolean | undefined;
}

/**
 * POST /messages: one admin-initiated message to one contact. Never retried (a retry can send twice).
 * Requests say `in_app` (the SDK's type says `inapp`, which is what responses use).
 */
export function sendAdminMessage(api: IntercomApi, message: AdminMessage): Promise<IntercomMessage> {
  const request: Record<string, unknown> = {
    message_type: message.messageType,
    body: message.body,
    from: { type: 'admin', id: Number(message.fromAdminId) },
    to: message.to,
    ...(message.subject !== undefined ? { subject: message.subject } : {}),
    ...(message.messageType === 'email' ? { template: message.template ?? 'plain' } : {}),
    ...(message.createConversation ? { create_conversation_without_contact_reply: true } : {}),
  };
  return api.write(messageSchema, (sdk, o) =>
    sdk.messages.create(request as unknown as Parameters<typeof sdk.messages.create>[0], o),
  );
}

/**
 * POST /conversations: a conversation started by a contact (the message appears as written by them).
 * Intercom answers with the message (`user_message`) and its `conversation_id`. Never retried.
 */
export function createContactConversation(
  api: IntercomApi,
  input: { from: { type: 'user' | 'lead' | 'contact'; id: string }; body: string },
): Promise<IntercomMessage> {
  return api.write(messageSchema, (sdk, o) =>
    sdk.conversations.create({ from: input.from, body: input.body }, o),
  );
}

export type Exclusion = { reason: 'archived' | 'no_email' | 'unsubscribed' | 'role'; message: string };

/**
 * Why a contact is not sent a message, or null: archived contacts are not messaged; an email needs an
 * address and is not sent to a contact who unsubscribed from emails; only users and leads are messaged.
 * One rule for named recipients, dry runs and bulk send jobs alike.
 */
export function recipientExclusion(
  contact: {
    role?: string | null | undefined;
    email?: string | null | undefined;
    archived?: boolean | null | undefined;
    unsubscribed_from_emails?: boolean | null | undefined;
  },
  messageType: 'in_app' | 'email',
): Exclusion | null {
  if (contact.archived) return { reason: 'archived', message: 'Contact is archived; it is not messaged.' };
  if (contact.role !== 'user' && contact.role !== 'lead') {
    return {
      reason: 'role',
      message: `Contact has role ${contact.role}; only users and leads can be messaged.`,
    };
  }
  if (messageType === 'email' && !contact.email) {
    return { reason: 'no_email', message: 'Contact has no email address; an email cannot reach them.' };
  }
  if (messageType === 'email' && contact.unsubscribed_from_emails) {
    return {
      reason: 'unsubscribed',
      message: 'Contact unsubscribed from emails; not sent (in_app still reaches them).',
    };
  }
  return null;
}
