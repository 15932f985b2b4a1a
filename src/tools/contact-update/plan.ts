import type { z } from 'zod';
import {
  type ContactFields,
  type ContactRef,
  type IntercomContact,
  resolveContact,
} from '../../intercom/contacts.js';
import type { AttributeValue } from '../../intercom/data-attributes.js';
import { ambiguousMessage } from '../common/contact.js';
import {
  type AttributePlan,
  type fieldsSchema,
  planAttributes,
  toContactFields,
} from '../common/contact-changes.js';
import { type ToolContext, ToolError } from '../define-tool.js';

export interface ContactUpdateArgs {
  contact: ContactRef;
  create_if_missing: boolean;
  set?: z.infer<typeof fieldsSchema>;
  custom_attributes?: Record<string, AttributeValue>;
  create_missing_attributes: boolean;
  add_tags?: string[];
  remove_tags?: string[];
}

/** Everything checked and looked up before the first write: applying it only writes. */
export interface ContactUpdatePlan {
  ref: ContactRef;
  /** The contact to update, or null when it is to be created. */
  existing: IntercomContact | null;
  fields: ContactFields;
  /** Custom attribute values in Intercom's types, and the attributes to create first. */
  attributes: AttributePlan;
  addTags: string[];
  removeTags: string[];
}

function dedupe(names: string[] | undefined): string[] {
  const seen = new Map<string, string>();
  for (const n of names ?? []) if (!seen.has(n.toLowerCase())) seen.set(n.toLowerCase(), n);
  return [...seen.values()];
}

/** Validates the request and resolves the contact and attributes; throws ToolError before anything is written. */
export async function planContactUpdate(
  args: ContactUpdateArgs,
  ctx: ToolContext,
): Promise<ContactUpdatePlan> {
  const api = ctx.intercom;
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

  const resolution = await resolveContact(api, args.contact);
  if (resolution.status === 'ambiguous') {
    throw new ToolError(ambiguousMessage('contact', resolution.reason, resolution.candidates));
  }
  if (resolution.status === 'not_found' && !args.create_if_missing) {
    throw new ToolError(
      `contact: ${resolution.reason} Set create_if_missing: true to create it, or find it with search_contacts ` +
        '(a contact created in the last few minutes may not be searchable yet).',
    );
  }
  const attributes =
    Object.keys(customInput).length > 0
      ? await planAttributes(api, customInput, args.create_missing_attributes)
      : { values: {}, toCreate: [] };
  return {
    ref: args.contact,
    existing: resolution.status === 'found' ? resolution.contact : null,
    fields,
    attributes,
    addTags,
    removeTags,
  };
}
