// /contacts: list, search, create (not an upsert), update, delete, tags.
import { addContact } from './builder.js';
import { findCustomAttribute } from './data-attributes.js';
import { ApiError, invalid, resourceNotFound, userNotFound } from './errors.js';
import { byNewest, paginate, parsePerPage } from './pagination.js';
import { type Ctx, ok, type Route } from './router.js';
import { compileQuery } from './search.js';
import { contactSearchSpec } from './search-fields.js';
import { companyJson, contactJson, segmentJson, tagJson } from './serialize.js';
import type { FakeContact, FakeWorkspace } from './types.js';
import { isRecord, nowUnix } from './util.js';

const DEFAULT_PER_PAGE = 50;

function getContact(ws: FakeWorkspace, id: string | undefined): FakeContact {
  const c = id ? ws.contacts.get(id) : undefined;
  if (!c) throw userNotFound();
  return c;
}

function listResponse(ctx: Ctx, matches: FakeContact[], perPage: number, startingAfter: unknown) {
  const page = paginate(matches.sort(byNewest), perPage, startingAfter);
  return ok({
    type: 'list',
    data: page.items.map((c) => contactJson(ctx.ws, c, ctx.version)),
    total_count: page.total,
    pages: page.pages,
  });
}

const STRING_FIELDS = ['external_id', 'email', 'phone', 'name', 'avatar'] as const;
const TIME_FIELDS = ['signed_up_at', 'last_seen_at'] as const;

/** Validates a create/update body and returns the fields to apply. `self` is the contact being updated. */
function contactFields(ws: FakeWorkspace, body: unknown, self?: FakeContact): Partial<FakeContact> {
  if (!isRecord(body)) throw invalid('request body must be a JSON object');
  const out: Partial<FakeContact> = {};
  if (body.role !== undefined) {
    if (body.role !== 'user' && body.role !== 'lead') throw invalid("role must be 'user' or 'lead'", 'role');
    out.role = body.role;
  }
  for (const k of STRING_FIELDS) {
    const v = body[k];
    if (v === undefined) continue;
    if (v !== null && typeof v !== 'string') throw invalid(`${k} must be a string`, k);
    out[k] = v;
  }
  if (typeof out.email === 'string') {
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(out.email)) throw invalid('email is invalid', 'email');
    out.email = out.email.toLowerCase();
  }
  for (const k of TIME_FIELDS) {
    const v = body[k];
    if (v === undefined) continue;
    if (v !== null && !Number.isInteger(v)) throw invalid(`${k} must be a unix timestamp`, k);
    out[k] = v as number | null;
  }
  if (body.unsubscribed_from_emails !== undefined) {
    if (typeof body.unsubscribed_from_emails !== 'boolean')
      throw invalid('must be a boolean', 'unsubscribed_from_emails');
    out.unsubscribed_from_emails = body.unsubscribed_from_emails;
  }
  if (body.owner_id !== undefined && body.owner_id !== null) {
    if (!ws.admins.has(String(body.owner_id))) throw invalid('owner_id is not a valid admin id', 'owner_id');
    out.owner_id = Number(body.owner_id);
  }
  if (body.custom_attributes !== undefined) {
    if (!isRecord(body.custom_attributes))
      throw invalid('custom_attributes must be an object', 'custom_attributes');
    const attrs: FakeContact['custom_attributes'] = { ...self?.custom_attributes };
    for (const [key, value] of Object.entries(body.custom_attributes)) {
      if (!findCustomAttribute(ws, key)) {
        throw invalid(`Custom attribute '${key}' does not exist`, 'custom_attributes');
      }
      if (value !== null && typeof value === 'object') {
        throw invalid(`Custom attribute '${key}' must be a string, number or boolean`, 'custom_attributes');
      }
      attrs[key] = value as string | number | boolean | null;
    }
    out.custom_attributes = attrs;
  }
  for (const c of ws.contacts.values()) {
    if (c === self) continue;
    const sameEmail = out.email && c.email === out.email;
    const sameExternal = out.external_id && c.external_id === out.external_id;
    if (sameEmail || sameExternal) {
      throw new ApiError(409, 'conflict', `A contact matching those details already exists with id=${c.id}`);
    }
  }
  return out;
}

function createContact({ ws, body, version }: Ctx) {
  const fields = contactFields(ws, body);
  if (!fields.email && !fields.external_id && !fields.role) {
    throw invalid('Please provide at least one of email, external_id or role');
  }
  const now = nowUnix();
  const contact = addContact(ws, { role: 'user', ...fields, created_at: now, updated_at: now });
  return ok(contactJson(ws, contact, version));
}

function updateContact({ ws, body, params, version }: Ctx) {
  const contact = getContact(ws, params.contact_id);
  const fields = contactFields(ws, body, contact);
  Object.assign(contact, fields, { updated_at: nowUnix() });
  return ok(contactJson(ws, contact, version));
}

function searchContacts(ctx: Ctx) {
  const body = isRecord(ctx.body) ? ctx.body : {};
  const pagination = isRecord(body.pagination) ? body.pagination : {};
  const perPage = parsePerPage(pagination.per_page, DEFAULT_PER_PAGE);
  const pred = compileQuery(body.query, contactSearchSpec(ctx.ws));
  const matches: FakeContact[] = [];
  for (const c of ctx.ws.contacts.values()) {
    // Search is eventually consistent on Intercom: contacts not yet indexed are invisible here only.
    if (c.searchIndexed !== false && pred(c)) matches.push(c);
  }
  // Only the body cursor counts: a `?starting_after=` in the query string is ignored, as on Intercom.
  return listResponse(ctx, matches, perPage, pagination.starting_after);
}

/**
 * GET /contacts/{id}/companies: page-number pagination (`page`, `per_page`, default 50 as in Intercom's
 * recorded example); the array is `data`, as in that example (the OpenAPI schema calls it `companies`).
 */
function listContactCompanies({ ws, params, query, baseUrl }: Ctx) {
  const contact = getContact(ws, params.contact_id);
  const page = query.page === undefined ? 1 : Number(query.page);
  const perPage = parsePerPage(query.per_page, DEFAULT_PER_PAGE);
  if (!Number.isInteger(page) || page < 1) throw invalid('page must be a positive integer', 'page');
  const all = contact.companyIds.map((id) => ws.companies.get(id)).filter((co) => co !== undefined);
  const totalPages = Math.ceil(all.length / perPage);
  const next =
    page < totalPages
      ? `${baseUrl}/contacts/${contact.id}/companies?page=${page + 1}&per_page=${perPage}`
      : null;
  return ok({
    type: 'list',
    data: all.slice((page - 1) * perPage, page * perPage).map((co) => companyJson(ws, co)),
    pages: { type: 'pages', next, page, per_page: perPage, total_pages: totalPages },
    total_count: all.length,
  });
}

function tagContact({ ws, params, body }: Ctx) {
  const contact = getContact(ws, params.contact_id);
  const tagId = isRecord(body) && body.id !== undefined ? String(body.id) : undefined;
  if (!tagId) throw invalid('id is required', 'id');
  const tag = ws.tags.get(tagId);
  if (!tag) throw resourceNotFound();
  if (!contact.tagIds.includes(tag.id)) contact.tagIds.push(tag.id);
  contact.updated_at = nowUnix();
  return ok(tagJson(tag));
}

function untagContact({ ws, params }: Ctx) {
  const contact = getContact(ws, params.contact_id);
  const tag = ws.tags.get(params.tag_id ?? '');
  if (!tag) throw resourceNotFound();
  contact.tagIds = contact.tagIds.filter((t) => t !== tag.id);
  contact.updated_at = nowUnix();
  return ok(tagJson(tag));
}

export const contactRoutes: Route[] = [
  {
    method: 'GET',
    path: '/contacts',
    handler: (ctx) =>
      listResponse(
        ctx,
        [...ctx.ws.contacts.values()],
        parsePerPage(ctx.query.per_page, DEFAULT_PER_PAGE),
        ctx.query.starting_after,
      ),
  },
  { method: 'POST', path: '/contacts', handler: createContact },
  { method: 'POST', path: '/contacts/search', handler: searchContacts },
  {
    method: 'GET',
    path: '/contacts/{contact_id}',
    handler: ({ ws, params, version }) => ok(contactJson(ws, getContact(ws, params.contact_id), version)),
  },
  { method: 'PUT', path: '/contacts/{contact_id}', handler: updateContact },
  {
    method: 'DELETE',
    path: '/contacts/{contact_id}',
    handler: ({ ws, params }) => {
      const c = getContact(ws, params.contact_id);
      ws.contacts.delete(c.id);
      return ok({ type: 'contact', id: c.id, external_id: c.external_id, deleted: true });
    },
  },
  {
    method: 'GET',
    path: '/contacts/{contact_id}/tags',
    handler: ({ ws, params }) => {
      const c = getContact(ws, params.contact_id);
      const tags = c.tagIds.map((id) => ws.tags.get(id)).filter((t) => t !== undefined);
      return ok({ type: 'list', data: tags.map(tagJson) });
    },
  },
  { method: 'POST', path: '/contacts/{contact_id}/tags', handler: tagContact },
  { method: 'GET', path: '/contacts/{contact_id}/companies', handler: listContactCompanies },
  { method: 'DELETE', path: '/contacts/{contact_id}/tags/{tag_id}', handler: untagContact },
  {
    method: 'GET',
    path: '/contacts/{contact_id}/segments',
    handler: ({ ws, params }) => {
      const c = getContact(ws, params.contact_id);
      const segs = c.segmentIds.map((id) => ws.segments.get(id)).filter((s) => s !== undefined);
      return ok({ type: 'list', data: segs.map((s) => segmentJson(s)) });
    },
  },
];
