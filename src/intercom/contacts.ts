import { z } from 'zod';
import type { IntercomApi } from './client.js';
import { IntercomApiError } from './errors.js';
import { nextCursor, pagesSchema, rawPage } from './pages.js';

const id = z.union([z.string(), z.number()]).transform(String);
const ref = z.object({ id, type: z.string().nullish() });
const refList = z
  .object({
    data: z.array(ref).default([]),
    total_count: z.number().nullish(),
    has_more: z.boolean().nullish(),
  })
  .nullish();

export const contactSchema = z.object({
  id: z.string(),
  role: z.string().nullish(),
  external_id: z.string().nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  name: z.string().nullish(),
  owner_id: id.nullish(),
  /** Set by POST /contacts/{id}/archive; an archived contact is not messaged. */
  archived: z.boolean().nullish(),
  unsubscribed_from_emails: z.boolean().nullish(),
  created_at: z.number().nullish(),
  updated_at: z.number().nullish(),
  signed_up_at: z.number().nullish(),
  last_seen_at: z.number().nullish(),
  avatar: z.object({ image_url: z.string().nullish() }).nullish(),
  custom_attributes: z.record(z.string(), z.unknown()).nullish(),
  tags: refList,
  companies: refList,
  location: z
    .object({ country: z.string().nullish(), region: z.string().nullish(), city: z.string().nullish() })
    .nullish(),
});
export type IntercomContact = z.infer<typeof contactSchema>;

const contactListSchema = z.object({
  data: z.array(contactSchema).default([]),
  total_count: z.number().nullish(),
  pages: pagesSchema,
});

export interface ContactPage {
  contacts: IntercomContact[];
  totalCount: number | null;
  nextCursor: string | null;
}

/** A filter or group in Intercom's search grammar. */
export type SearchQuery =
  | { field: string; operator: string; value: string | number | boolean | null | (string | number)[] }
  | { operator: 'AND' | 'OR'; value: SearchQuery[] };

/** GET /contacts/{id}. */
export function getContact(api: IntercomApi, contactId: string): Promise<IntercomContact> {
  return api.read(contactSchema, (sdk, o) => sdk.contacts.find({ contact_id: contactId }, o));
}

/** One page of POST /contacts/search (pagination goes in the body). */
export async function searchContacts(
  api: IntercomApi,
  query: SearchQuery,
  page: { perPage: number; cursor?: string | undefined },
): Promise<ContactPage> {
  const pagination = { per_page: page.perPage, ...(page.cursor ? { starting_after: page.cursor } : {}) };
  const list = await api.read(contactListSchema, (sdk, o) =>
    rawPage(sdk.contacts.search({ query, pagination } as Parameters<typeof sdk.contacts.search>[0], o)),
  );
  return { contacts: list.data, totalCount: list.total_count ?? null, nextCursor: nextCursor(list.pages) };
}

/** One page of GET /contacts (per_page + starting_after in the query string). */
export async function listContacts(
  api: IntercomApi,
  page: { perPage: number; cursor?: string | undefined },
): Promise<ContactPage> {
  const list = await api.read(contactListSchema, (sdk, o) =>
    rawPage(sdk.contacts.list({ per_page: page.perPage, starting_after: page.cursor }, o)),
  );
  return { contacts: list.data, totalCount: list.total_count ?? null, nextCursor: nextCursor(list.pages) };
}

/** How a caller names a contact: exactly one of these. */
export interface ContactRef {
  id?: string | undefined;
  email?: string | undefined;
  external_id?: string | undefined;
}

export type ContactResolution =
  | { status: 'found'; contact: IntercomContact }
  | { status: 'not_found'; reason: string }
  | {
      status: 'ambiguous';
      reason: string;
      candidates: { id: string; role: string | null; email: string | null }[];
    };

export function describeRef(ref: ContactRef): string {
  if (ref.id) return `contact id ${ref.id}`;
  if (ref.email) return `email ${ref.email}`;
  return `external_id ${ref.external_id}`;
}

/**
 * Finds exactly one contact by id, email or external_id. Never guesses: several matches (a user and a
 * lead sharing an email, say) are reported as ambiguous with the candidates. Note that a contact
 * created minutes ago may not be searchable yet (Intercom's search is eventually consistent).
 */
export async function resolveContact(api: IntercomApi, ref: ContactRef): Promise<ContactResolution> {
  if (ref.id) {
    try {
      return { status: 'found', contact: await getContact(api, ref.id) };
    } catch (error) {
      if (error instanceof IntercomApiError && error.kind === 'not_found') {
        return { status: 'not_found', reason: `No contact has id ${ref.id}.` };
      }
      throw error;
    }
  }
  const field = ref.email ? 'email' : 'external_id';
  const value = (ref.email ?? ref.external_id ?? '').trim();
  if (!value) return { status: 'not_found', reason: 'No contact identifier was given.' };
  const { contacts } = await searchContacts(api, { field, operator: '=', value }, { perPage: 5 });
  const exact = contacts.filter((c) => (c[field] ?? '').toLowerCase() === value.toLowerCase());
  const [only, ...others] = exact;
  if (!only) return { status: 'not_found', reason: `No contact has ${describeRef(ref)}.` };
  if (others.length === 0) return { status: 'found', contact: only };
  return {
    status: 'ambiguous',
    reason: `${exact.length} contacts have ${describeRef(ref)}; name one by id.`,
    candidates: exact.map((c) => ({ id: c.id, role: c.role ?? null, email: c.email ?? null })),
  };
}

/** Standard fields Intercom accepts on POST /contacts and PUT /contacts/{id} (null clears a field). */
export interface ContactFields {
  role?: 'user' | 'lead';
  external_id?: string;
  email?: string;
  phone?: string | null;
  name?: string | null;
  avatar?: string | null;
  signed_up_at?: number | null;
  last_seen_at?: number | null;
  owner_id?: number | null;
  unsubscribed_from_emails?: boolean;
  custom_attributes?: Record<string, string | number | boolean | null>;
}

export type CreateContactResult =
  | { status: 'created'; contact: IntercomContact }
  | { status: 'exists'; id: string };

const CONFLICT_ID = /already exists with id=([0-9a-f]{24})/i;

/**
 * POST /contacts. Not an upsert: a duplicate email or external_id answers 409 naming the existing
 * contact, which we return as `exists` so the caller can update it instead. Never retried.
 */
export async function createContact(api: IntercomApi, fields: ContactFields): Promise<CreateContactResult> {
  try {
    const contact = await api.write(contactSchema, (sdk, o) =>
      sdk.contacts.create(fields as Parameters<typeof sdk.contacts.create>[0], o),
    );
    return { status: 'created', contact };
  } catch (error) {
    const conflict = error instanceof IntercomApiError && error.kind === 'conflict';
    const existingId = conflict ? CONFLICT_ID.exec(error.message)?.[1] : undefined;
    if (existingId) return { status: 'exists', id: existingId.toLowerCase() };
    throw error;
  }
}

/** PUT /contacts/{id} with only the fields to change. Never retried. */
export function updateContact(
  api: IntercomApi,
  contactId: string,
  fields: ContactFields,
): Promise<IntercomContact> {
  return api.write(contactSchema, (sdk, o) =>
    sdk.contacts.update({ contact_id: contactId, ...fields } as Parameters<typeof sdk.contacts.update>[0], o),
  );
}

const contactDeletedSchema = z.object({ id: z.string(), deleted: z.boolean() });

/** DELETE /contacts/{id} → `{id, deleted}`. Never retried. */
export function deleteContact(
  api: IntercomApi,
  contactId: string,
): Promise<{ id: string; deleted: boolean }> {
  return api.write(contactDeletedSchema, (sdk, o) => sdk.contacts.delete({ contact_id: contactId }, o));
}

const contactTagListSchema = z.object({
  data: z.array(z.object({ id, name: z.string().default('') })).default([]),
});

/** GET /contacts/{id}/tags: every tag on the contact, with names (the contact payload has ids only). */
export async function listContactTags(
  api: IntercomApi,
  contactId: string,
): Promise<{ id: string; name: string }[]> {
  const list = await api.read(contactTagListSchema, (sdk, o) =>
    sdk.contacts.listAttachedTags({ contact_id: contactId }, o),
  );
  return list.data.map((t) => ({ id: t.id, name: t.name }));
}

const attachedCompanySchema = z.object({ id, name: z.string().nullish() });
// The OpenAPI schema names the array `companies`, its recorded example (and the live API) `data`: accept both.
const contactCompanyListSchema = z.object({
  data: z.array(attachedCompanySchema).nullish(),
  companies: z.array(attachedCompanySchema).nullish(),
  total_count: z.number().nullish(),
});

/**
 * GET /contacts/{id}/companies: the first page (`perPage` companies) with names, which the contact
 * payload lacks (it lists companies as `{id, type, url}` only), and how many there are in total.
 */
export async function listContactCompanies(
  api: IntercomApi,
  contactId: string,
  perPage: number,
): Promise<{ companies: { id: string; name: string | null }[]; totalCount: number | null }> {
  const list = await api.read(contactCompanyListSchema, (sdk, o) =>
    rawPage(sdk.contacts.listAttachedCompanies({ contact_id: contactId, per_page: perPage }, o)),
  );
  const companies = (list.data ?? list.companies ?? []).map((c) => ({ id: c.id, name: c.name ?? null }));
  return { companies, totalCount: list.total_count ?? null };
}

/** POST /contacts/{id}/tags `{id: tag id}`. Never retried. */
export async function tagContact(api: IntercomApi, contactId: string, tagId: string): Promise<void> {
  await api.write(z.unknown(), (sdk, o) => sdk.tags.tagContact({ contact_id: contactId, id: tagId }, o));
}

/** DELETE /contacts/{id}/tags/{tag_id}. Never retried. */
export async function untagContact(api: IntercomApi, contactId: string, tagId: string): Promise<void> {
  await api.write(z.unknown(), (sdk, o) =>
    sdk.tags.untagContact({ contact_id: contactId, tag_id: tagId }, o),
  );
}
