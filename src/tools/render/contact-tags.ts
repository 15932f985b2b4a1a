import { z } from 'zod';
import type { IntercomApi } from '../../intercom/client.js';
import { listContactTags, tagContact, untagContact } from '../../intercom/contacts.js';
import { IntercomApiError } from '../../intercom/errors.js';
import { createTag, type IntercomTag, listTags } from '../../intercom/tags.js';
import { classifyWrite } from '../write-outcome.js';

/** Adding and removing a contact's tags by name, with one reported outcome per tag. */

export const tagChangeSchema = z.object({
  tag: z.string(),
  action: z
    .enum(['added', 'already_present', 'removed', 'not_present', 'failed', 'unknown'])
    .describe(
      'unknown: the request may have reached Intercom; check with get_contact before retrying this tag',
    ),
  tag_created: z.boolean().optional().describe('true when the tag did not exist and was created'),
  error: z.string().optional(),
});
export type TagChange = z.infer<typeof tagChangeSchema>;

function failed(tag: string, error: unknown, tagCreated?: boolean): TagChange {
  // Auth and unexpected errors end the call; Intercom errors on one tag do not hide the others.
  if (!(error instanceof IntercomApiError) || error.kind === 'auth') throw error;
  const outcome = classifyWrite(error);
  return {
    tag,
    action: outcome.status,
    ...(tagCreated ? { tag_created: true } : {}),
    error: outcome.status === 'unknown' ? `${outcome.message} The outcome is unknown.` : outcome.message,
  };
}

/**
 * Adds tags (creating missing ones with POST /tags) and removes tags from a contact. Tags it already
 * has, or lacks, are reported without a write. Returns the outcomes, the number of writes sent and
 * the tag names before any change.
 */
export async function applyTagChanges(
  api: IntercomApi,
  contactId: string,
  add: string[],
  remove: string[],
): Promise<{ changes: TagChange[]; writes: number; before: string[] }> {
  const [all, current] = await Promise.all([listTags(api), listContactTags(api, contactId)]);
  const byName = new Map(all.map((t) => [t.name.toLowerCase(), t]));
  const has = new Set(current.map((t) => t.id));
  const changes: TagChange[] = [];
  let writes = 0;
  for (const name of add) {
    let tag: IntercomTag | undefined = byName.get(name.toLowerCase());
    let created = false;
    try {
      if (!tag) {
        writes++;
        tag = await createTag(api, name);
        created = true;
      }
      if (has.has(tag.id)) {
        changes.push({ tag: tag.name, action: 'already_present' });
        continue;
      }
      writes++;
      await tagContact(api, contactId, tag.id);
      changes.push({ tag: tag.name, action: 'added', ...(created ? { tag_created: true } : {}) });
    } catch (error) {
      changes.push(failed(tag?.name ?? name, error, created));
    }
  }
  for (const name of remove) {
    const tag = byName.get(name.toLowerCase());
    if (!tag || !has.has(tag.id)) {
      changes.push({ tag: tag?.name ?? name, action: 'not_present' });
      continue;
    }
    try {
      writes++;
      await untagContact(api, contactId, tag.id);
      changes.push({ tag: tag.name, action: 'removed' });
    } catch (error) {
      changes.push(failed(tag.name, error));
    }
  }
  return { changes, writes, before: current.map((t) => t.name) };
}
