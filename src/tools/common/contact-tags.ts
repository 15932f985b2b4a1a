import { z } from 'zod';
import type { Directory } from '../../directory/directory.js';
import type { IntercomApi } from '../../intercom/client.js';
import { listContactTags, tagContact, untagContact } from '../../intercom/contacts.js';
import { IntercomApiError } from '../../intercom/errors.js';
import { createTag, type IntercomTag } from '../../intercom/tags.js';
import { UNTRUSTED } from '../untrusted.js';
import { classifyWrite } from '../write-outcome.js';

/** Adding and removing a contact's tags by name, with one reported outcome per tag. */

export const tagChangeSchema = z.object({
  tag: z.string().describe(UNTRUSTED),
  action: z
    .enum(['added', 'already_present', 'removed', 'not_present', 'failed', 'unknown'])
    .describe('unknown: may have been applied; check with get_contact before retrying'),
  tag_created: z.boolean().optional(),
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

/** The tags named by `names` that exist (same name ignoring case and accents), or null to create. */
export async function findTags(directory: Directory, names: string[]): Promise<(IntercomTag | null)[]> {
  return Promise.all(
    names.map(async (name) => {
      const match = await directory.match('tag', name, { exact: true });
      if (match.status === 'found') return match.item;
      // Two tags differing only in case: take the one written exactly so, else the first.
      if (match.status === 'ambiguous')
        return match.candidates.find((t) => t.name === name) ?? match.candidates[0] ?? null;
      return null;
    }),
  );
}

/**
 * Adds tags (creating missing ones with POST /tags) and removes tags from a contact. Tags it already
 * has, or lacks, are reported without a write. Returns the outcomes, the number of writes sent and
 * the tag names before any change.
 */
export async function applyTagChanges(
  api: IntercomApi,
  directory: Directory,
  contactId: string,
  add: string[],
  remove: string[],
): Promise<{ changes: TagChange[]; writes: number; before: string[] }> {
  const [toAdd, toRemove, current] = await Promise.all([
    findTags(directory, add),
    findTags(directory, remove),
    listContactTags(api, contactId),
  ]);
  const has = new Set(current.map((t) => t.id));
  const changes: TagChange[] = [];
  let writes = 0;
  for (const [i, name] of add.entries()) {
    let tag = toAdd[i] ?? null;
    let created = false;
    try {
      if (!tag) {
        writes++;
        tag = await createTag(api, name);
        directory.forget('tag');
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
  for (const [i, name] of remove.entries()) {
    const tag = toRemove[i];
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
