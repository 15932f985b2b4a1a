import { z } from 'zod';
import type { IntercomApi } from './client.js';

const id = z.union([z.string(), z.number()]).transform(String);

export const tagSchema = z.object({ id, name: z.string().default('') });
export type IntercomTag = { id: string; name: string };

const tagListSchema = z.object({ data: z.array(tagSchema).default([]) });

function compact(tag: z.infer<typeof tagSchema>): IntercomTag {
  return { id: tag.id, name: tag.name };
}

/** GET /tags: every tag of the workspace in one unpaginated list. */
export async function listTags(api: IntercomApi): Promise<IntercomTag[]> {
  const list = await api.read(tagListSchema, (sdk, o) => sdk.tags.list(o));
  return list.data.map(compact);
}

/**
 * POST /tags `{name}`: creates the tag, or returns the existing tag of that name (Intercom does not
 * fail on a duplicate name). Never retried.
 */
export async function createTag(api: IntercomApi, name: string): Promise<IntercomTag> {
  return compact(await api.write(tagSchema, (sdk, o) => sdk.tags.create({ name }, o)));
}

/** POST /conversations/{id}/tags `{id, admin_id}`: attaches an existing tag. Never retried. */
export async function tagConversation(
  api: IntercomApi,
  conversationId: string,
  tagId: string,
  adminId: string,
): Promise<IntercomTag> {
  const tag = await api.write(tagSchema, (sdk, o) =>
    sdk.tags.tagConversation({ conversation_id: conversationId, id: tagId, admin_id: adminId }, o),
  );
  return compact(tag);
}

/**
 * DELETE /conversations/{id}/tags/{tag_id} with the JSON body `{admin_id}` (Intercom answers 400
 * without it; the SDK sends every field but the path parameters as the body). Never retried.
 */
export async function untagConversation(
  api: IntercomApi,
  conversationId: string,
  tagId: string,
  adminId: string,
): Promise<IntercomTag> {
  const tag = await api.write(tagSchema, (sdk, o) =>
    sdk.tags.untagConversation({ conversation_id: conversationId, tag_id: tagId, admin_id: adminId }, o),
  );
  return compact(tag);
}
