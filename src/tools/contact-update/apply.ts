import {
  type ContactFields,
  createContact,
  getContact,
  type IntercomContact,
  listContactTags,
  updateContact,
} from '../../intercom/contacts.js';
import { createContactCustomAttribute } from '../../intercom/data-attributes.js';
import { toContactDetail } from '../common/contact.js';
import { diff } from '../common/contact-changes.js';
import { applyTagChanges, type TagChange } from '../common/contact-tags.js';
import { type ToolContext, ToolError } from '../define-tool.js';
import { writeError } from '../write-outcome.js';
import type { ContactUpdatePlan } from './plan.js';

const CHECK_HINT = 'it may have been applied. Check with get_contact before retrying.';

/** Runs one write; a failure says which step broke and what was already done before it. */
async function step<T>(name: string, done: string[], write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw writeError(error, { step: name, done, checkHint: CHECK_HINT });
  }
}

interface ContactWritten {
  contact: IntercomContact;
  created: boolean;
  changed: string[];
  unchanged: string[];
  note?: string;
}

/** Creates the contact the plan could not find. POST /contacts is not an upsert: a 409 names an existing one. */
async function createPlanned(
  plan: ContactUpdatePlan,
  ctx: ToolContext,
  done: string[],
): Promise<ContactWritten> {
  const { ref, fields, attributes } = plan;
  const identity = ref.email ? { email: ref.email } : { external_id: ref.external_id };
  const body: ContactFields = { role: 'user', ...identity, ...fields };
  if (Object.keys(attributes.values).length > 0) body.custom_attributes = attributes.values;
  const result = await step('Creating the contact', done, () => createContact(ctx.intercom, body));
  if (result.status === 'created') {
    done.push(`created contact ${result.contact.id}`);
    const { custom_attributes: _, ...standardFields } = body;
    const changed = [
      ...Object.keys(standardFields),
      ...Object.keys(attributes.values).map((k) => `custom_attributes.${k}`),
    ];
    return { contact: result.contact, created: true, changed, unchanged: [] };
  }
  // The 409 names a contact search had not indexed yet. It must be the contact we were asked for, not
  // one that merely shares set.email.
  const existing = await getContact(ctx.intercom, result.id);
  const same = ref.email
    ? existing.email?.toLowerCase() === ref.email.toLowerCase()
    : existing.external_id === ref.external_id;
  if (!same) {
    throw new ToolError(
      `Creating the contact failed: Intercom says contact ${result.id} already has these details, ` +
        `but it is not the contact named by ${ref.email ? 'email' : 'external_id'}. ` +
        `Nothing was changed on it.${done.length > 0 ? ` Already done: ${done.join('; ')}.` : ''}`,
    );
  }
  const updated = await updatePlanned(existing, plan, ctx, done);
  return {
    ...updated,
    note: `A contact with these details already existed (id ${result.id}) although search did not find it yet; it was updated instead.`,
  };
}

/** Sends only the fields whose value differs (so a repeated call writes nothing). */
async function updatePlanned(
  contact: IntercomContact,
  plan: ContactUpdatePlan,
  ctx: ToolContext,
  done: string[],
): Promise<ContactWritten> {
  const delta = diff(contact, plan.fields, plan.attributes.values);
  if (delta.changed.length === 0) return { contact, created: false, changed: [], unchanged: delta.unchanged };
  const updated = await step(`Updating contact ${contact.id}`, done, () =>
    updateContact(ctx.intercom, contact.id, delta.body),
  );
  done.push(`updated ${delta.changed.join(', ')}`);
  return { contact: updated, created: false, changed: delta.changed, unchanged: delta.unchanged };
}

/** The tags after the plan's changes, and the contact re-read when tags were written (updated_at, tags). */
async function applyTags(
  contact: IntercomContact,
  plan: ContactUpdatePlan,
  ctx: ToolContext,
  done: string[],
): Promise<{ contact: IntercomContact; tagNames: string[]; tagChanges: TagChange[] }> {
  const api = ctx.intercom;
  if (plan.addTags.length + plan.removeTags.length === 0) {
    return { contact, tagNames: (await listContactTags(api, contact.id)).map((t) => t.name), tagChanges: [] };
  }
  const applied = await step('Changing tags', done, () =>
    applyTagChanges(api, ctx.directory, contact.id, plan.addTags, plan.removeTags),
  );
  if (applied.writes === 0) return { contact, tagNames: applied.before, tagChanges: applied.changes };
  const current = await getContact(api, contact.id);
  const tagNames = (await listContactTags(api, contact.id)).map((t) => t.name);
  return { contact: current, tagNames, tagChanges: applied.changes };
}

/** Writes the plan: missing attributes, then the contact (created or updated), then its tags. */
export async function applyContactUpdate(plan: ContactUpdatePlan, ctx: ToolContext) {
  const done: string[] = [];
  for (const attr of plan.attributes.toCreate) {
    await step(`Creating the custom attribute ${attr.name}`, done, () =>
      createContactCustomAttribute(ctx.intercom, attr.name, attr.data_type),
    );
    done.push(`created custom attribute ${attr.name} (${attr.data_type})`);
  }
  const written = plan.existing
    ? await updatePlanned(plan.existing, plan, ctx, done)
    : await createPlanned(plan, ctx, done);
  const tagged = await applyTags(written.contact, plan, ctx, done);
  const admins = tagged.contact.owner_id ? await ctx.directory.names('admin') : new Map<string, string>();
  return {
    created: written.created,
    contact: toContactDetail(tagged.contact, tagged.tagNames, admins),
    changed: written.changed,
    unchanged: written.unchanged,
    data_attributes_created: plan.attributes.toCreate,
    tag_changes: tagged.tagChanges,
    ...(written.note ? { note: written.note } : {}),
  };
}
