import { z } from 'zod';
import type { IntercomApi } from '../../intercom/client.js';
import type { ContactFields, IntercomContact } from '../../intercom/contacts.js';
import {
  ATTRIBUTE_NAME,
  type AttributeValue,
  coerceAttributeValue,
  type DataAttributeType,
  inferDataType,
  isoToUnix,
  listContactDataAttributes,
} from '../../intercom/data-attributes.js';
import { suggestArgument } from '../arguments.js';
import { type ToolContext, ToolError } from '../define-tool.js';
import { adminRef, email, externalId, resolveTime, timeInput } from '../params.js';

/** What update_contact_attributes writes: standard fields, checked custom attributes, and the diff. */

export const fieldsSchema = z
  .object({
    name: z.string().trim().min(1).max(255).nullable().optional(),
    email: email.optional(),
    phone: z.string().trim().min(3).max(50).nullable().optional(),
    external_id: externalId.optional(),
    role: z.enum(['user', 'lead']).optional(),
    avatar: z.url().max(2000).nullable().optional(),
    signed_up_at: timeInput.optional(),
    last_seen_at: timeInput.describe('Like signed_up_at').optional(),
    owner_id: adminRef.nullable().optional().describe('Owner: admin id, email, name or "me"'),
    unsubscribed_from_emails: z.boolean().optional(),
  })
  .strict()
  .describe('Standard fields to set; null clears one');

export const attributeValue = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]);

/** The fields as Intercom takes them: times read in the workspace zone, the owner resolved to an id. */
export async function toContactFields(
  set: z.infer<typeof fieldsSchema> | undefined,
  ctx: Pick<ToolContext, 'me' | 'directory'>,
): Promise<ContactFields> {
  const { signed_up_at, last_seen_at, owner_id, ...rest } = set ?? {};
  const fields: ContactFields = { ...rest };
  const past = { direction: 'past' as const };
  if (signed_up_at !== undefined) {
    fields.signed_up_at = (await resolveTime(ctx, signed_up_at, 'set.signed_up_at', past)).unix;
  }
  if (last_seen_at !== undefined) {
    fields.last_seen_at = (await resolveTime(ctx, last_seen_at, 'set.last_seen_at', past)).unix;
  }
  if (owner_id !== undefined) {
    fields.owner_id =
      owner_id === null ? null : Number((await ctx.directory.admin(owner_id, 'set.owner_id')).id);
  }
  return fields;
}

export interface AttributePlan {
  values: Record<string, AttributeValue>;
  toCreate: { name: string; data_type: DataAttributeType }[];
}

/** Checks every custom attribute against the workspace's data attributes before anything is written. */
export async function planAttributes(
  api: IntercomApi,
  input: Record<string, AttributeValue>,
  createMissing: boolean,
): Promise<AttributePlan> {
  const { custom, standard } = await listContactDataAttributes(api);
  const keys = Object.keys(input);
  const missing = keys.filter((k) => !custom.has(k) && !standard.has(k));
  if (missing.length > 0 && !createMissing) {
    const names = [...custom.keys()];
    const guesses = missing.map((m) => {
      const near = suggestArgument(m, names);
      return near ? `${m} (did you mean ${near}?)` : m;
    });
    const known = names.slice(0, 30).join(', ') || '(none)';
    throw new ToolError(
      `custom_attributes: these do not exist in Intercom: ${guesses.join(', ')}. Nothing was changed. ` +
        'Fix the names, or set create_missing_attributes: true to create them (type inferred from the ' +
        `value). Existing custom attributes: ${known}.`,
    );
  }
  const plan: AttributePlan = { values: {}, toCreate: [] };
  const problems: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    const attr = custom.get(key);
    if (standard.has(key)) {
      problems.push(`${key} is a standard field: set it with set.${key}`);
    } else if (attr) {
      const coerced = coerceAttributeValue(attr.data_type, value);
      if (attr.api_writable === false) problems.push(`${key} cannot be written through the API`);
      else if (!coerced.ok) problems.push(`${key} is ${attr.data_type}: expected ${coerced.expected}`);
      else plan.values[key] = coerced.value;
    } else {
      const type = inferDataType(value);
      if (!ATTRIBUTE_NAME.test(key)) problems.push(`${key}: use letters, digits, spaces, _ or - only`);
      else if (!type) problems.push(`${key}: a new attribute needs a value to infer its type from, not null`);
      else {
        plan.toCreate.push({ name: key, data_type: type });
        plan.values[key] = type === 'date' && typeof value === 'string' ? (isoToUnix(value) ?? value) : value;
      }
    }
  }
  if (problems.length > 0) {
    throw new ToolError(`custom_attributes: not accepted: ${problems.join('; ')}. Nothing was changed.`);
  }
  return plan;
}

/** The PUT body: only fields whose value differs from the contact's current one. */
export function diff(
  contact: IntercomContact,
  fields: ContactFields,
  custom: Record<string, AttributeValue>,
) {
  const body: Record<string, unknown> = {};
  const changed: string[] = [];
  const unchanged: string[] = [];
  const current: Record<string, unknown> = { ...contact, avatar: contact.avatar?.image_url };
  for (const [key, value] of Object.entries(fields)) {
    const now = current[key] ?? null;
    const same =
      key === 'email'
        ? String(now ?? '').toLowerCase() === String(value ?? '').toLowerCase()
        : key === 'owner_id'
          ? String(now ?? '') === String(value ?? '')
          : now === (value ?? null);
    if (same) unchanged.push(key);
    else {
      body[key] = value;
      changed.push(key);
    }
  }
  const changedCustom: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(custom)) {
    if ((contact.custom_attributes?.[key] ?? null) === value) unchanged.push(`custom_attributes.${key}`);
    else {
      changedCustom[key] = value;
      changed.push(`custom_attributes.${key}`);
    }
  }
  if (Object.keys(changedCustom).length > 0) body.custom_attributes = changedCustom;
  return { body: body as ContactFields, changed, unchanged };
}
