import { z } from 'zod';
import {
  type ContactFields,
  createContact,
  getContact,
  type IntercomContact,
  listContactTags,
  resolveContact,
  updateContact,
} from '../intercom/contacts.js';
import { createContactCustomAttribute } from '../intercom/data-attributes.js';
import { defineTool, ToolError } from './define-tool.js';
import { contactRef, tagName } from './params.js';
import { ambiguousMessage, contactDetailSchema, toContactDetail } from './render/contact.js';
import {
  attributeValue,
  diff,
  fieldsSchema,
  planAttributes,
  toContactFields,
} from './render/contact-changes.js';
import { applyTagChanges, type TagChange, tagChangeSchema } from './render/contact-tags.js';
import { writeError } from './write-outcome.js';

function dedupe(names: string[] | undefined): string[] {
  const seen = new Map<string, string>();
  for (const n of names ?? []) if (!seen.has(n.toLowerCase())) seen.set(n.toLowerCase(), n);
  return [...seen.values()];
}

export default defineTool({
  name: 'update_contact_attributes',
  title: 'Update (or create) a contact',
  description: [
    'Updates one contact: standard fields, custom attributes and tags; can create the contact, missing attributes and missing tags.',
    'Use it to record facts about a person or tag them; get_contact reads one. Only values that differ are sent, so repeating a call changes nothing.',
    'create_if_missing creates the contact from its email or external_id. Unknown custom attributes fail the call before anything is written unless create_missing_attributes (type inferred). Removing a tag the contact lacks is reported, not an error.',
    'Example: {"contact":{"email":"jane@globex.com"},"set":{"name":"Jane Doe","owner_id":"me"},"custom_attributes":{"plan":"pro"},"add_tags":["VIP"]}',
  ].join('\n'),
  inputSchema: z
    .object({
      contact: contactRef,
      create_if_missing: z
        .boolean()
        .default(false)
        .describe('Create it (by email or external_id) if none matches'),
      set: fieldsSchema.optional(),
      custom_attributes: z
        .record(z.string().min(1).max(190), attributeValue)
        .refine((o) => Object.keys(o).length <= 50, 'at most 50 custom attributes per call')
        .optional()
        .describe('{name: value}; null clears one'),
      create_missing_attributes: z.boolean().default(false).describe('Create unknown custom attributes'),
      add_tags: z.array(tagName).max(20).optional().describe('Tag names to add; missing tags are created'),
      remove_tags: z.array(tagName).max(20).optional().describe('Tag names to remove'),
    })
    .strict()
    .refine((r) => !(r.create_if_missing && r.contact.id), {
      message: 'create_if_missing needs the contact named by email or external_id (Intercom assigns ids)',
      path: ['create_if_missing'],
    }),
  outputSchema: z.object({
    created: z.boolean(),
    contact: contactDetailSchema,
    changed: z.array(z.string()).describe('Fields written, e.g. name, custom_attributes.plan'),
    unchanged: z.array(z.string()).describe('Already had the value (not sent)'),
    data_attributes_created: z.array(z.object({ name: z.string(), data_type: z.string() })),
    tag_changes: z.array(tagChangeSchema),
    note: z.string().optional(),
  }),
  // Destructive in MCP's sense (updates are not only additive: it overwrites fields and removes tags).
  // Idempotent, creation included:
  // a repeated call finds the contact (by search, or through Intercom's 409 when search lags behind),
  // existing attributes and tags, and sends nothing that already has the requested value.
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    const api = ctx.intercom;
    const ref = args.contact;
    const fields = await toContactFields(args.set, ctx);
    const customInput = args.custom_attributes ?? {};
    const addTags = dedupe(args.add_tags);
    const removeTags = dedupe(args.remove_tags);
    const both = addTags.filter((a) => removeTags.some((r) => r.toLowerCase() === a.toLowerCase()));
    if (both.length > 0) throw new ToolError(`Tags both added and removed: ${both.join(', ')}.`);
    const requested = Object.keys(fields).length + Object.keys(customInput).length + addTags.length;
    if (requested + removeTags.length === 0 && !args.create_if_missing) {
      throw new ToolError('Nothing to change: give set, custom_attributes, add_tags or remove_tags.');
    }

    // Reads and checks first: nothing is written unless the whole request is valid.
    const resolution = await resolveContact(api, ref);
    if (resolution.status === 'ambiguous') {
      throw new ToolError(ambiguousMessage('contact', resolution.reason, resolution.candidates));
    }
    if (resolution.status === 'not_found' && !args.create_if_missing) {
      throw new ToolError(
        `contact: ${resolution.reason} Set create_if_missing: true to create it, or find it with search_contacts ` +
          '(a contact created in the last few minutes may not be searchable yet).',
      );
    }
    const plan =
      Object.keys(customInput).length > 0
        ? await planAttributes(api, customInput, args.create_missing_attributes)
        : { values: {}, toCreate: [] };

    const done: string[] = [];
    for (const attr of plan.toCreate) {
      try {
        await createContactCustomAttribute(api, attr.name, attr.data_type);
      } catch (error) {
        throw writeError(error, {
          step: `Creating the custom attribute ${attr.name}`,
          done,
          checkHint: 'it may have been applied. Check with get_contact before retrying.',
        });
      }
      done.push(`created custom attribute ${attr.name} (${attr.data_type})`);
    }

    let contact: IntercomContact;
    let created = false;
    let note: string | undefined;
    let changed: string[] = [];
    let unchanged: string[] = [];
    if (resolution.status === 'found') {
      contact = resolution.contact;
    } else {
      const identity = ref.email ? { email: ref.email } : { external_id: ref.external_id };
      const body: ContactFields = { role: 'user', ...identity, ...fields };
      if (Object.keys(plan.values).length > 0) body.custom_attributes = plan.values;
      let result: Awaited<ReturnType<typeof createContact>>;
      try {
        result = await createContact(api, body);
      } catch (error) {
        throw writeError(error, {
          step: 'Creating the contact',
          done,
          checkHint: 'it may have been applied. Check with get_contact before retrying.',
        });
      }
      if (result.status === 'created') {
        contact = result.contact;
        created = true;
        const { custom_attributes: _, ...standardFields } = body;
        changed = [
          ...Object.keys(standardFields),
          ...Object.keys(plan.values).map((k) => `custom_attributes.${k}`),
        ];
        done.push(`created contact ${contact.id}`);
      } else {
        // POST /contacts is not an upsert: a 409 names the existing contact, which search had not
        // indexed yet. It must be the contact we were asked for, not one that merely shares set.email.
        contact = await getContact(api, result.id);
        const same = ref.email
          ? contact.email?.toLowerCase() === ref.email.toLowerCase()
          : contact.external_id === ref.external_id;
        if (!same) {
          throw new ToolError(
            `Creating the contact failed: Intercom says contact ${result.id} already has these details, ` +
              `but it is not the contact named by ${ref.email ? 'email' : 'external_id'}. ` +
              `Nothing was changed on it.${done.length > 0 ? ` Already done: ${done.join('; ')}.` : ''}`,
          );
        }
        note = `A contact with these details already existed (id ${result.id}) although search did not find it yet; it was updated instead.`;
      }
    }
    if (!created) {
      const delta = diff(contact, fields, plan.values);
      unchanged = delta.unchanged;
      if (delta.changed.length > 0) {
        try {
          contact = await updateContact(api, contact.id, delta.body);
        } catch (error) {
          throw writeError(error, {
            step: `Updating contact ${contact.id}`,
            done,
            checkHint: 'it may have been applied. Check with get_contact before retrying.',
          });
        }
        changed = delta.changed;
        done.push(`updated ${changed.join(', ')}`);
      }
    }

    let tagChanges: TagChange[] = [];
    let tagNames: string[];
    if (addTags.length + removeTags.length > 0) {
      let applied: Awaited<ReturnType<typeof applyTagChanges>>;
      try {
        applied = await applyTagChanges(api, ctx.directory, contact.id, addTags, removeTags);
      } catch (error) {
        throw writeError(error, {
          step: 'Changing tags',
          done,
          checkHint: 'it may have been applied. Check with get_contact before retrying.',
        });
      }
      tagChanges = applied.changes;
      // Re-read after tagging so the contact (updated_at, tags) is current.
      if (applied.writes > 0) contact = await getContact(api, contact.id);
      tagNames =
        applied.writes > 0 ? (await listContactTags(api, contact.id)).map((t) => t.name) : applied.before;
    } else {
      tagNames = (await listContactTags(api, contact.id)).map((t) => t.name);
    }
    const admins = contact.owner_id ? await ctx.directory.names('admin') : new Map<string, string>();
    return {
      created,
      contact: toContactDetail(contact, tagNames, admins),
      changed,
      unchanged,
      data_attributes_created: plan.toCreate,
      tag_changes: tagChanges,
      ...(note ? { note } : {}),
    };
  },
});
