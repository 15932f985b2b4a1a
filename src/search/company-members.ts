import { matchName, normalizeName } from '../directory/match.js';
import type { IntercomApi } from '../intercom/client.js';
import {
  findCompanies,
  getCompany,
  type IntercomCompany,
  listCompanies,
  listCompanyContacts,
} from '../intercom/companies.js';
import { QueryResolutionError } from './errors.js';

/**
 * Intercom's conversation search has no company field: a company becomes the contacts attached to it
 * (`contact_ids IN [...]`). GET /companies/{id}/contacts gives one page (50 in 2.14) and the total, so a
 * larger company is cut and the search says so.
 */
export interface CompanyMembers {
  id: string;
  name: string;
  contactIds: string[];
  /** How many contacts the company has; more than contactIds.length when the list was cut. */
  total: number;
}

/** Companies looked at for a part of a name (the most recently active first): one page. */
export const COMPANY_SCAN = 50;

const named = (c: IntercomCompany) => ({ ...c, name: c.name ?? c.company_id ?? c.id });

/**
 * The company `ref` names: Intercom's id, the workspace's company_id, the exact name (ignoring case), else
 * a unique part of a name among the COMPANY_SCAN most active companies. A QueryResolutionError (with
 * candidates) when several match or, unless `orNull`, when none does. `orNull` ("from Acme", which may
 * name a person): only a name holding `ref` as whole words counts, and null says there is no such company.
 */
export async function findCompanyByRef(
  api: IntercomApi,
  ref: string,
  options: { orNull: boolean },
): Promise<{ id: string; name: string } | null> {
  const text = ref.trim();
  if (/^[0-9a-f]{24}$/i.test(text)) {
    const byId = await getCompany(api, text.toLowerCase());
    if (byId) return named(byId);
  }
  const exact = [
    ...(await findCompanies(api, { name: text })),
    ...(/\s/.test(text) || options.orNull ? [] : await findCompanies(api, { company_id: text })),
  ];
  const unique = exact.filter((c, k) => exact.findIndex((d) => d.id === c.id) === k).map(named);
  if (unique.length > 1) throw ambiguous(text, unique);
  if (unique[0]) return unique[0];
  const page = await listCompanies(api, { page: 1, perPage: COMPANY_SCAN });
  const wanted = normalizeName(text);
  const companies = page.companies
    .map(named)
    .filter((c) => !options.orNull || holdsWords(normalizeName(c.name), wanted));
  const match = matchName(text, companies);
  if (match.status === 'found') return match.item;
  if (match.status === 'ambiguous') throw ambiguous(text, match.candidates);
  if (options.orNull) return null;
  const also = match.suggestions.length
    ? ` Did you mean ${match.suggestions.map((c) => `"${c.name}"`).join(' or ')}?`
    : '';
  throw new QueryResolutionError(
    'unknown_name',
    `No company is named "${text}" (looked for the id, company_id, exact name and a part of the name among the ` +
      `${COMPANY_SCAN} most active companies).${also} Find it with search_companies, then pass company=<id>.`,
    match.suggestions.map((c) => c.name),
  );
}

/** "acme" and "acme inc" are whole words of "the acme inc group"; "acm" and "jane" (of "janeway") are not. */
function holdsWords(name: string, wanted: string): boolean {
  return ` ${name} `.includes(` ${wanted} `);
}

function ambiguous(text: string, candidates: { id: string; name: string }[]): QueryResolutionError {
  const shown = candidates.slice(0, 5).map((c) => `${c.name} (id ${c.id})`);
  return new QueryResolutionError(
    'ambiguous_name',
    `"${text}" names several companies: ${shown.join(', ')}. Pass company=<id>.`,
    shown,
  );
}

/** The company's contacts, as far as one page of GET /companies/{id}/contacts goes. */
export async function companyMembers(
  api: IntercomApi,
  company: { id: string; name: string },
): Promise<CompanyMembers> {
  const { contacts, totalCount } = await listCompanyContacts(api, company.id);
  const contactIds = [...new Set(contacts.map((c) => c.id))];
  return { ...company, contactIds, total: Math.max(totalCount ?? 0, contactIds.length) };
}
