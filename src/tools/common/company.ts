import { z } from 'zod';
import type { IntercomApi } from '../../intercom/client.js';
import { findCompany, getCompany, type IntercomCompany } from '../../intercom/companies.js';
import { ToolError } from '../define-tool.js';
import { normalizeId } from '../params.js';
import { untrustedText, untrustedTextOrNull } from '../untrusted.js';
import { isoTime } from './text.js';

/** Company outputs and the one way a tool names a company (get_company, search_contacts). */

export const companySummarySchema = z.object({
  id: z.string(),
  company_id: z.string().nullable(),
  name: untrustedText,
  plan: untrustedTextOrNull,
  size: z.number().nullable(),
  industry: untrustedTextOrNull,
  website: z.string().nullable(),
  user_count: z.number().int().nullable(),
  monthly_spend: z.number().nullable(),
  last_request_at: z.string().nullable(),
});
export type CompanySummary = z.infer<typeof companySummarySchema>;

export function toCompanySummary(c: IntercomCompany): CompanySummary {
  return {
    id: c.id,
    company_id: c.company_id ?? null,
    name: c.name ?? '',
    plan: c.plan?.name ?? null,
    size: c.size ?? null,
    industry: c.industry ?? null,
    website: c.website ?? null,
    user_count: c.user_count ?? null,
    monthly_spend: c.monthly_spend ?? null,
    last_request_at: isoTime(c.last_request_at),
  };
}

/** A number as its digits, a company URL as its id, a 24-hex id in lower case; names are left as written. */
function companyText(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (/^https?:\/\//i.test(text) || /^[0-9a-f]{24}$/i.test(text)) return normalizeId('company', text);
  return text;
}

/** A company as a model names it: Intercom's id (or company URL), the workspace's company_id, or the exact name. */
export const companyRef = z
  .preprocess(companyText, z.string().trim().min(1).max(255))
  .describe('Company: id, URL, your company_id or exact name (see search_companies)');

/**
 * The company `ref` names, tried as Intercom's id, then the workspace's company_id, then the exact name;
 * a ToolError naming `argument` when none matches.
 */
export async function resolveCompany(
  api: IntercomApi,
  ref: string,
  argument: string,
): Promise<IntercomCompany> {
  const byId = /^[0-9a-f]{24}$/.test(ref) ? await getCompany(api, ref) : null;
  const found =
    byId ?? (await findCompany(api, { company_id: ref })) ?? (await findCompany(api, { name: ref }));
  if (found) return found;
  throw new ToolError(
    `${argument}: no company has the id, company_id or name "${ref}". Find it with search_companies (a part of the name works there).`,
  );
}
