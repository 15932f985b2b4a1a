import { z } from 'zod';
import type { IntercomApi } from './client.js';
import { contactSchema, type IntercomContact } from './contacts.js';
import { IntercomApiError } from './errors.js';
import { pagesSchema, rawPage } from './pages.js';

const id = z.union([z.string(), z.number()]).transform(String);
const named = z.object({ id, name: z.string().nullish() });

export const companySchema = z.object({
  type: z.literal('company').optional(),
  id: z.string(),
  company_id: z.string().nullish(),
  name: z.string().nullish(),
  /** `{}` when the company has no plan. */
  plan: z.object({ name: z.string().nullish() }).nullish(),
  size: z.number().nullish(),
  website: z.string().nullish(),
  industry: z.string().nullish(),
  monthly_spend: z.number().nullish(),
  session_count: z.number().nullish(),
  user_count: z.number().nullish(),
  created_at: z.number().nullish(),
  last_request_at: z.number().nullish(),
  custom_attributes: z.record(z.string(), z.unknown()).nullish(),
  tags: z.object({ tags: z.array(named).default([]) }).nullish(),
  segments: z.object({ segments: z.array(named).default([]) }).nullish(),
});
export type IntercomCompany = z.infer<typeof companySchema>;

const companyListSchema = z.object({
  data: z.array(companySchema).default([]),
  total_count: z.number().nullish(),
  pages: pagesSchema,
});

export interface CompanyPage {
  companies: IntercomCompany[];
  totalCount: number | null;
  /** The next page number, or null on the last page. */
  nextPage: number | null;
}

function toPage(list: z.infer<typeof companyListSchema>, page: number): CompanyPage {
  const current = list.pages?.page ?? page;
  const totalPages = list.pages?.total_pages;
  const more = list.data.length > 0 && typeof totalPages === 'number' && current < totalPages;
  return { companies: list.data, totalCount: list.total_count ?? null, nextPage: more ? current + 1 : null };
}

/** GET /companies/{id} (Intercom's id); null when there is none. */
export async function getCompany(api: IntercomApi, companyId: string): Promise<IntercomCompany | null> {
  try {
    return await api.read(companySchema, (sdk, o) => sdk.companies.find({ company_id: companyId }, o));
  } catch (error) {
    if (error instanceof IntercomApiError && error.kind === 'not_found') return null;
    throw error;
  }
}

/**
 * GET /companies?name= or ?company_id= (the workspace's own id): the company with exactly that name or
 * id, or null (404). Intercom answers with the company itself or a list holding it, depending on version.
 */
export async function findCompany(
  api: IntercomApi,
  by: { name: string } | { company_id: string },
): Promise<IntercomCompany | null> {
  return (await findCompanies(api, by))[0] ?? null;
}

/** Like findCompany, but every company of the answer's first page (names need not be unique). */
export async function findCompanies(
  api: IntercomApi,
  by: { name: string } | { company_id: string },
): Promise<IntercomCompany[]> {
  try {
    const found = await api.read(z.union([companySchema, companyListSchema]), (sdk, o) =>
      sdk.companies.retrieve(by, o),
    );
    return 'data' in found ? found.data : [found];
  } catch (error) {
    if (error instanceof IntercomApiError && error.kind === 'not_found') return [];
    throw error;
  }
}

/** POST /companies/list?page&per_page: companies with contacts, most recently active first. */
export async function listCompanies(
  api: IntercomApi,
  request: { page: number; perPage: number },
): Promise<CompanyPage> {
  const list = await api.read(companyListSchema, (sdk, o) =>
    rawPage(sdk.companies.list({ page: request.page, per_page: request.perPage }, o)),
  );
  return toPage(list, request.page);
}

const companyContactsSchema = z.object({
  data: z.array(contactSchema).default([]),
  total_count: z.number().nullish(),
});

/** GET /companies/{id}/contacts: the first page Intercom gives (2.14 takes no page parameters) and the total. */
export async function listCompanyContacts(
  api: IntercomApi,
  companyId: string,
): Promise<{ contacts: IntercomContact[]; totalCount: number | null }> {
  const list = await api.read(companyContactsSchema, (sdk, o) =>
    sdk.companies.listAttachedContacts({ company_id: companyId }, o),
  );
  return { contacts: list.data, totalCount: list.total_count ?? null };
}
