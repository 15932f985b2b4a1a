import { z } from 'zod';
import type { IntercomApi } from '../../intercom/client.js';
import { type ContactRef, type IntercomContact, resolveContact } from '../../intercom/contacts.js';
import { ToolError } from '../define-tool.js';
import { untrustedText, untrustedTextOrNull } from '../untrusted.js';

/** Compact contact rendering shared by search_contacts, get_contact and update_contact_attributes. */

const MAX_CUSTOM_ATTRIBUTES = 40;
const MAX_ATTRIBUTE_CHARS = 300;

/** Unix seconds → ISO 8601 (UTC), or null. */
export function isoTime(unix: number | null | undefined): string | null {
  return typeof unix === 'number' && Number.isFinite(unix) ? new Date(unix * 1000).toISOString() : null;
}

const isoOrNull = z.string().nullable().describe('ISO 8601 time (UTC), or null');

export const contactSummarySchema = z.object({
  id: z.string(),
  role: z.string().nullable().describe('user or lead'),
  name: untrustedTextOrNull,
  email: z.string().nullable(),
  external_id: z.string().nullable(),
  phone: z.string().nullable(),
  created_at: isoOrNull,
  last_seen_at: isoOrNull,
});
export type ContactSummary = z.infer<typeof contactSummarySchema>;

export function toContactSummary(c: IntercomContact): ContactSummary {
  return {
    id: c.id,
    role: c.role ?? null,
    name: c.name ?? null,
    email: c.email ?? null,
    external_id: c.external_id ?? null,
    phone: c.phone ?? null,
    created_at: isoTime(c.created_at),
    last_seen_at: isoTime(c.last_seen_at),
  };
}

const attributeValue = z.union([untrustedText, z.number(), z.boolean(), z.null()]);

export const customAttributesSchema = z
  .record(z.string(), attributeValue)
  .describe('Custom attributes; string values may be customer-provided (UNTRUSTED data)');

export const contactDetailSchema = contactSummarySchema.extend({
  owner_id: z.string().nullable().describe('Admin who owns the contact (see list_admins)'),
  unsubscribed_from_emails: z.boolean().nullable(),
  signed_up_at: isoOrNull,
  updated_at: isoOrNull,
  tags: z.array(z.string()).describe('Tag names on the contact'),
  custom_attributes: customAttributesSchema,
  custom_attributes_note: z
    .string()
    .optional()
    .describe('Present when custom attributes were cut to keep the answer small'),
});
export type ContactDetail = z.infer<typeof contactDetailSchema>;

/** Caps custom attributes (key count and string length) so one contact cannot flood the context. */
export function capCustomAttributes(attrs: Record<string, unknown> | null | undefined): {
  values: Record<string, string | number | boolean | null>;
  note?: string;
} {
  const values: Record<string, string | number | boolean | null> = {};
  const entries = Object.entries(attrs ?? {});
  let cut = 0;
  for (const [key, raw] of entries.slice(0, MAX_CUSTOM_ATTRIBUTES)) {
    let value: string | number | boolean | null;
    if (raw === null || typeof raw === 'number' || typeof raw === 'boolean') value = raw;
    else value = typeof raw === 'string' ? raw : JSON.stringify(raw);
    if (typeof value === 'string' && value.length > MAX_ATTRIBUTE_CHARS) {
      value = `${value.slice(0, MAX_ATTRIBUTE_CHARS)}…`;
      cut++;
    }
    values[key] = value;
  }
  const omitted = entries.length - Math.min(entries.length, MAX_CUSTOM_ATTRIBUTES);
  const notes: string[] = [];
  if (omitted > 0) notes.push(`${omitted} more custom attributes omitted (showing ${MAX_CUSTOM_ATTRIBUTES})`);
  if (cut > 0) notes.push(`${cut} long values cut to ${MAX_ATTRIBUTE_CHARS} characters`);
  return notes.length > 0 ? { values, note: notes.join('; ') } : { values };
}

/** The compact detail view: summary fields, ownership, tag names and (capped) custom attributes. */
export function toContactDetail(c: IntercomContact, tagNames: string[]): ContactDetail {
  const custom = capCustomAttributes(c.custom_attributes);
  return {
    ...toContactSummary(c),
    owner_id: c.owner_id ?? null,
    unsubscribed_from_emails: c.unsubscribed_from_emails ?? null,
    signed_up_at: isoTime(c.signed_up_at),
    updated_at: isoTime(c.updated_at),
    tags: tagNames,
    custom_attributes: custom.values,
    ...(custom.note ? { custom_attributes_note: custom.note } : {}),
  };
}

/** How a tool names one contact: exactly one of id, email, external_id (see params.contactRef). */
export function countContactRefs(r: ContactRef): number {
  return [r.id, r.email, r.external_id].filter((v) => v !== undefined).length;
}
export const ONE_CONTACT_REF = 'name the contact by exactly one of id, email or external_id';

/** The ambiguity as a message the model can act on: the candidates, to pick one by id. */
export function ambiguousMessage(
  reason: string,
  candidates: { id: string; role: string | null; email: string | null }[],
): string {
  const list = candidates.map((c) => `${c.id} (${c.role ?? 'contact'}, ${c.email ?? 'no email'})`).join('; ');
  return `${reason} Candidates: ${list}.`;
}

/** Resolves a reference to exactly one contact, or throws a ToolError saying what to do instead. */
export async function resolveOneContact(api: IntercomApi, ref: ContactRef): Promise<IntercomContact> {
  const resolution = await resolveContact(api, ref);
  if (resolution.status === 'found') return resolution.contact;
  if (resolution.status === 'ambiguous')
    throw new ToolError(ambiguousMessage(resolution.reason, resolution.candidates));
  const lag = ref.id ? '' : ' A contact created in the last few minutes may not be searchable yet.';
  throw new ToolError(`${resolution.reason} Find contacts with search_contacts.${lag}`);
}
