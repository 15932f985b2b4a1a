import { z } from 'zod';
import type { IntercomApi } from '../../intercom/client.js';
import { type ContactRef, type IntercomContact, resolveContact } from '../../intercom/contacts.js';
import { ToolError } from '../define-tool.js';
import { UNTRUSTED, untrustedText, untrustedTextOrNull } from '../untrusted.js';
import { isoTime } from './text.js';

/** Contact outputs shared by search_contacts, get_contact, update_contact_attributes and company tools. */

const MAX_CUSTOM_ATTRIBUTES = 40;
const MAX_ATTRIBUTE_CHARS = 300;

/** An admin or team shown by id and name (the name is written by teammates: untrusted). */
export const namedRefSchema = z.object({ id: z.string(), name: untrustedTextOrNull });
export type NamedRefOutput = z.infer<typeof namedRefSchema>;

/** `{id, name}` for an id, with the name from `names` (null when unknown or the id is null). */
export function named(id: string | null | undefined, names: Map<string, string>): NamedRefOutput | null {
  return id ? { id, name: names.get(id) ?? null } : null;
}

export const contactSummarySchema = z.object({
  id: z.string(),
  role: z.string().nullable(),
  name: untrustedTextOrNull,
  email: z.string().nullable(),
  external_id: z.string().nullable(),
  phone: z.string().nullable(),
  created_at: z.string().nullable(),
  last_seen_at: z.string().nullable(),
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

export const contactDetailSchema = contactSummarySchema.extend({
  owner: namedRefSchema.nullable().describe('Admin who owns the contact'),
  unsubscribed_from_emails: z.boolean().nullable(),
  signed_up_at: z.string().nullable(),
  updated_at: z.string().nullable(),
  tags: z.array(z.string()).describe(`Tag names; ${UNTRUSTED}`),
  custom_attributes: z.record(z.string(), attributeValue).describe(`At most 40; strings ${UNTRUSTED}`),
  custom_attributes_note: z.string().optional(),
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

/** The detail view: summary fields, owner (with name), tag names and (capped) custom attributes. */
export function toContactDetail(
  c: IntercomContact,
  tagNames: string[],
  adminNames: Map<string, string>,
): ContactDetail {
  const custom = capCustomAttributes(c.custom_attributes);
  return {
    ...toContactSummary(c),
    owner: named(c.owner_id, adminNames),
    unsubscribed_from_emails: c.unsubscribed_from_emails ?? null,
    signed_up_at: isoTime(c.signed_up_at),
    updated_at: isoTime(c.updated_at),
    tags: tagNames,
    custom_attributes: custom.values,
    ...(custom.note ? { custom_attributes_note: custom.note } : {}),
  };
}

/** The ambiguity as a message the model can act on: the candidates, to pick one by id. */
export function ambiguousMessage(
  argument: string,
  reason: string,
  candidates: { id: string; role: string | null; email: string | null }[],
): string {
  const list = candidates.map((c) => `${c.id} (${c.role ?? 'contact'}, ${c.email ?? 'no email'})`).join('; ');
  return `${argument}: ${reason} Candidates: ${list}. Name one by id: {"id":"…"}.`;
}

/**
 * Resolves a reference to exactly one contact, or throws a ToolError naming the argument, why, and what
 * to do instead (the candidates with ids; search_contacts; the search index's lag for new contacts).
 */
export async function resolveOneContact(
  api: IntercomApi,
  ref: ContactRef,
  argument = 'contact',
): Promise<IntercomContact> {
  const resolution = await resolveContact(api, ref);
  if (resolution.status === 'found') return resolution.contact;
  if (resolution.status === 'ambiguous') {
    throw new ToolError(ambiguousMessage(argument, resolution.reason, resolution.candidates));
  }
  const lag = ref.id ? '' : ' A contact created in the last few minutes may not be searchable yet.';
  throw new ToolError(`${argument}: ${resolution.reason} Find contacts with search_contacts.${lag}`);
}
