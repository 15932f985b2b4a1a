import { z } from 'zod';
import type { IntercomApi } from './client.js';

const id = z.union([z.string(), z.number()]).transform(String);

/** The parts of a conversation that workflow actions change; everything else passes through. */
export const conversationStateSchema = z.object({
  id,
  state: z.string().nullish(),
  /** null (up to 2.15) or 0 (2.16) when unassigned. */
  admin_assignee_id: id.nullish(),
  team_assignee_id: id.nullish(),
  snoozed_until: z.number().nullish(),
  read: z.boolean().nullish(),
  priority: z.string().nullish(),
  tags: z.object({ tags: z.array(z.object({ id, name: z.string().default('') })).default([]) }).nullish(),
});
export type ConversationState = z.infer<typeof conversationStateSchema>;

export type Assignee = { type: 'admin' | 'team'; id: string };

/** GET /conversations/{id}: the conversation's state, assignees and tags (a read, safe to retry). */
export function getConversationState(api: IntercomApi, conversationId: string): Promise<ConversationState> {
  return api.read(conversationStateSchema, (sdk, o) =>
    sdk.conversations.find({ conversation_id: conversationId, display_as: 'plaintext' }, o),
  );
}

/** POST /conversations/{id}/parts `{message_type:'close', type:'admin', admin_id, body?}`. Never retried. */
export function closeConversation(
  api: IntercomApi,
  conversationId: string,
  adminId: string,
  body?: string,
): Promise<ConversationState> {
  return api.write(conversationStateSchema, (sdk, o) =>
    sdk.conversations.manage(
      {
        conversation_id: conversationId,
        body: { message_type: 'close', type: 'admin', admin_id: adminId, body },
      },
      o,
    ),
  );
}

/** POST /conversations/{id}/parts `{message_type:'open', admin_id}`. Never retried. */
export function openConversation(
  api: IntercomApi,
  conversationId: string,
  adminId: string,
): Promise<ConversationState> {
  return api.write(conversationStateSchema, (sdk, o) =>
    sdk.conversations.manage(
      { conversation_id: conversationId, body: { message_type: 'open', admin_id: adminId } },
      o,
    ),
  );
}

/** POST /conversations/{id}/parts `{message_type:'snoozed', admin_id, snoozed_until}` (Unix seconds). */
export function snoozeConversation(
  api: IntercomApi,
  conversationId: string,
  adminId: string,
  snoozedUntil: number,
): Promise<ConversationState> {
  return api.write(conversationStateSchema, (sdk, o) =>
    sdk.conversations.manage(
      {
        conversation_id: conversationId,
        body: { message_type: 'snoozed', admin_id: adminId, snoozed_until: snoozedUntil },
      },
      o,
    ),
  );
}

/**
 * POST /conversations/{id}/parts `{message_type:'assignment', type, admin_id, assignee_id, body?}`;
 * assignee id "0" unassigns the admin (type admin) or the team (type team). Never retried.
 */
export function assignConversation(
  api: IntercomApi,
  conversationId: string,
  adminId: string,
  assignee: Assignee,
  body?: string,
): Promise<ConversationState> {
  return api.write(conversationStateSchema, (sdk, o) =>
    sdk.conversations.manage(
      {
        conversation_id: conversationId,
        body: {
          message_type: 'assignment',
          type: assignee.type,
          admin_id: adminId,
          assignee_id: assignee.id,
          body,
        },
      },
      o,
    ),
  );
}

/**
 * POST /conversations/{id}/reply `{message_type:'note', type:'admin', admin_id, body}`: an internal
 * note, never shown to the customer. Never retried (a repeat would add a second note).
 */
export function addNote(
  api: IntercomApi,
  conversationId: string,
  adminId: string,
  body: string,
): Promise<ConversationState> {
  return api.write(conversationStateSchema, (sdk, o) =>
    sdk.conversations.reply(
      {
        conversation_id: conversationId,
        body: { message_type: 'note', type: 'admin', admin_id: adminId, body },
      },
      o,
    ),
  );
}

/**
 * PUT /conversations/{id} `{read?, priority?}`: marks the conversation read, or sets its priority flag
 * ("priority" | "not_priority"; the 2.14 description documents only read, title and custom attributes,
 * so the caller checks the answer to see whether Intercom applied it). Never retried.
 */
export function updateConversation(
  api: IntercomApi,
  conversationId: string,
  changes: { read?: boolean; priority?: 'priority' | 'not_priority' },
): Promise<ConversationState> {
  return api.write(conversationStateSchema, (sdk, o) =>
    sdk.conversations.update(
      { conversation_id: conversationId, ...changes } as Parameters<typeof sdk.conversations.update>[0],
      o,
    ),
  );
}
