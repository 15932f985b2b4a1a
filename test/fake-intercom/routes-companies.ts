// Companies: find by name or company_id, list (page numbers), one by id, and its contacts.
import { ApiError, invalid, NotImplementedError } from './errors.js';
import { type Ctx, ok, type Route } from './router.js';
import { companyJson, contactJson } from './serialize.js';
import type { FakeCompany, FakeWorkspace } from './types.js';

const companyNotFound = () => new ApiError(404, 'company_not_found', 'Company Not Found');

function pageParams(query: Record<string, string>, fallback: number): { page: number; perPage: number } {
  const page = query.page === undefined ? 1 : Number(query.page);
  const perPage = query.per_page === undefined ? fallback : Number(query.per_page);
  if (!Number.isInteger(page) || page < 1) throw invalid('page must be a positive integer', 'page');
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 60)
    throw invalid('per_page must be between 1 and 60', 'per_page');
  return { page, perPage };
}

/** The `company_list` shape: one page by number, `pages.next` null on the last one. */
function companyList(ws: FakeWorkspace, all: FakeCompany[], page: number, perPage: number) {
  const totalPages = Math.ceil(all.length / perPage);
  return ok({
    type: 'list',
    data: all.slice((page - 1) * perPage, page * perPage).map((co) => companyJson(ws, co)),
    pages: { type: 'pages', next: null, page, per_page: perPage, total_pages: totalPages },
    total_count: all.length,
  });
}

const hasContacts = (ws: FakeWorkspace, co: FakeCompany) =>
  [...ws.contacts.values()].some((c) => c.companyIds.includes(co.id));

/** Most recently active first (`last_request_at`, then newest), as POST /companies/list orders them. */
const byActivity = (a: FakeCompany, b: FakeCompany) =>
  (b.last_request_at ?? 0) - (a.last_request_at ?? 0) ||
  b.created_at - a.created_at ||
  (a.id < b.id ? 1 : -1);

/**
 * GET /companies?name|company_id: the company with exactly that name (ignoring case) or company_id, as a
 * one-item list; 404 when none. tag_id and segment_id filters are not modelled (companies carry neither).
 */
function retrieveCompanies({ ws, query }: Ctx) {
  if (query.tag_id !== undefined || query.segment_id !== undefined)
    throw new NotImplementedError('GET /companies by tag_id or segment_id');
  const { page, perPage } = pageParams(query, 15);
  if (query.name === undefined && query.company_id === undefined) {
    return companyList(ws, [...ws.companies.values()].sort(byActivity), page, perPage);
  }
  const found = [...ws.companies.values()].filter(
    (co) =>
      (query.company_id === undefined || co.company_id === query.company_id) &&
      (query.name === undefined || co.name.toLowerCase() === query.name.toLowerCase()),
  );
  if (found.length === 0) throw companyNotFound();
  return companyList(ws, found, page, perPage);
}

/** POST /companies/list?page&per_page&order: companies with at least one contact, by activity. */
function listCompanies({ ws, query }: Ctx) {
  const { page, perPage } = pageParams(query, 15);
  if (query.order !== undefined && !['asc', 'desc'].includes(query.order))
    throw invalid('order must be asc or desc', 'order');
  const all = [...ws.companies.values()].filter((co) => hasContacts(ws, co)).sort(byActivity);
  if (query.order === 'asc') all.reverse();
  return companyList(ws, all, page, perPage);
}

function getCompany({ ws, params }: Ctx) {
  const co = ws.companies.get(params.company_id ?? '');
  if (!co) throw companyNotFound();
  return ok(companyJson(ws, co));
}

/** GET /companies/{id}/contacts: contact objects, first page of 50 (2.14 documents no page parameters). */
function companyContacts({ ws, params, version }: Ctx) {
  const co = ws.companies.get(params.company_id ?? '');
  if (!co) throw companyNotFound();
  const all = [...ws.contacts.values()].filter((c) => c.companyIds.includes(co.id));
  return ok({
    type: 'list',
    data: all.slice(0, 50).map((c) => contactJson(ws, c, version)),
    total_count: all.length,
    pages: { type: 'pages', page: 1, per_page: 50, total_pages: Math.ceil(all.length / 50) },
  });
}

export const companyRoutes: Route[] = [
  { method: 'GET', path: '/companies', handler: retrieveCompanies },
  // Before /companies/{company_id}.
  { method: 'POST', path: '/companies/list', handler: listCompanies },
  { method: 'GET', path: '/companies/{company_id}', handler: getCompany },
  { method: 'GET', path: '/companies/{company_id}/contacts', handler: companyContacts },
];
