import { z } from 'zod';
import { normalizeName } from '../directory/match.js';
import { findCompany, type IntercomCompany, listCompanies } from '../intercom/companies.js';
import { companySummarySchema, toCompanySummary } from './common/company.js';
import { defineTool, type ToolContext, ToolError } from './define-tool.js';
import { cursor, nextCursor, perPage } from './params.js';

/** A part of a name is looked for in the most recently active companies, this many pages of 50. */
const SCAN_PAGES = 4;
const SCAN_PER_PAGE = 50;

/** Companies whose name contains `part` (ignoring case and accents), among the most recently active. */
async function scanByName(
  ctx: ToolContext,
  part: string,
): Promise<{ found: IntercomCompany[]; scanned: number; complete: boolean }> {
  const wanted = normalizeName(part);
  const found: IntercomCompany[] = [];
  let scanned = 0;
  for (let page = 1; page <= SCAN_PAGES; page++) {
    const result = await listCompanies(ctx.intercom, { page, perPage: SCAN_PER_PAGE });
    scanned += result.companies.length;
    found.push(...result.companies.filter((c) => normalizeName(c.name ?? '').includes(wanted)));
    if (result.nextPage === null) return { found, scanned, complete: true };
  }
  return { found, scanned, complete: false };
}

export default defineTool({
  name: 'search_companies',
  title: 'Search or list companies',
  description: [
    'Finds companies by name (or a part) or your company_id, or lists them, most active first.',
    `Use get_company for attributes and contacts. A part of a name is looked for in the ${SCAN_PAGES * SCAN_PER_PAGE} most active.`,
    'Example: {"name":"globex"}',
  ].join('\n'),
  inputSchema: z
    .object({
      name: z.string().trim().min(1).max(255).optional().describe('Full name or a part of it'),
      company_id: z.string().trim().min(1).max(255).optional().describe('Your own id for the company'),
      per_page: perPage(),
      cursor,
    })
    .strict(),
  outputSchema: z.object({
    companies: z.array(companySummarySchema),
    total_count: z.number().int().nullable(),
    next_cursor: nextCursor,
    note: z.string().optional(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    if (args.company_id || args.name) {
      const exact = args.company_id
        ? await findCompany(ctx.intercom, { company_id: args.company_id })
        : await findCompany(ctx.intercom, { name: args.name as string });
      const fits = (c: IntercomCompany) =>
        (!args.name || normalizeName(c.name ?? '').includes(normalizeName(args.name))) &&
        (!args.company_id || c.company_id === args.company_id);
      if (exact || args.company_id) {
        const companies = exact && fits(exact) ? [toCompanySummary(exact)] : [];
        return { companies, total_count: companies.length, next_cursor: null };
      }
      const scan = await scanByName(ctx, args.name as string);
      const companies = scan.found.slice(0, args.per_page).map(toCompanySummary);
      const note = scan.complete
        ? undefined
        : `Looked at the ${scan.scanned} most recently active companies; give the full name to find any other.`;
      return { companies, total_count: scan.found.length, next_cursor: null, ...(note ? { note } : {}) };
    }
    if (args.cursor !== undefined && !/^[1-9]\d{0,4}$/.test(args.cursor))
      throw new ToolError('cursor: pass the next_cursor of the previous page.');
    const page = await listCompanies(ctx.intercom, {
      page: Number(args.cursor ?? 1),
      perPage: args.per_page,
    });
    return {
      companies: page.companies.map(toCompanySummary),
      total_count: page.totalCount,
      next_cursor: page.nextPage === null ? null : String(page.nextPage),
    };
  },
});
