import { z } from 'zod';
import { listCompanyContacts } from '../intercom/companies.js';
import { listContacts, type SearchQuery, searchContacts } from '../intercom/contacts.js';
import { coerceAttributeValue, listContactDataAttributes } from '../intercom/data-attributes.js';
import { suggestArgument } from './arguments.js';
import { companyRef, resolveCompany } from './common/company.js';
import { contactSummarySchema, toContactSummary } from './common/contact.js';
import { defineTool, type ToolContext, ToolError } from './define-tool.js';
import { cursor, email, externalId, nextCursor, perPage, segmentRef, tagRef } from './params.js';

const MAX_ATTRIBUTE_FILTERS = 5;

/** `custom_attributes.<name> = value` filters, checked against the workspace's attributes first. */
async function attributeFilters(ctx: ToolContext, wanted: Record<string, string | number | boolean>) {
  const { custom } = await listContactDataAttributes(ctx.intercom);
  const problems: string[] = [];
  const filters: SearchQuery[] = [];
  for (const [name, value] of Object.entries(wanted)) {
    const attr = custom.get(name);
    if (!attr) {
      const near = suggestArgument(name, [...custom.keys()]);
      problems.push(`${name} is not a custom attribute${near ? ` (did you mean ${near}?)` : ''}`);
      continue;
    }
    const coerced = coerceAttributeValue(attr.data_type, value);
    if (!coerced.ok) problems.push(`${name} is ${attr.data_type}: give ${coerced.expected}`);
    else filters.push({ field: `custom_attributes.${name}`, operator: '=', value: coerced.value });
  }
  if (problems.length > 0) {
    const known = [...custom.keys()].slice(0, 30).join(', ') || '(none)';
    throw new ToolError(`custom_attributes: ${problems.join('; ')}. Custom attributes: ${known}.`);
  }
  return filters;
}

/**
 * Contacts of one company (GET /companies/{id}/contacts: Intercom's contact search has no company field,
 * and 2.14 pages this list no further than its first page).
 */
async function companyContacts(
  ctx: ToolContext,
  args: { company?: string | undefined; per_page: number; cursor?: string | undefined } & Record<
    string,
    unknown
  >,
) {
  const others = Object.keys(args).filter(
    (k) => !['company', 'per_page'].includes(k) && args[k] !== undefined,
  );
  if (others.length > 0) {
    throw new ToolError(
      `company: it cannot be combined with ${others.join(', ')}. Search by company alone, or by the other criteria alone.`,
    );
  }
  const company = await resolveCompany(ctx.intercom, args.company as string, 'company');
  const { contacts, totalCount } = await listCompanyContacts(ctx.intercom, company.id);
  return {
    contacts: contacts.slice(0, args.per_page).map(toContactSummary),
    total_count: totalCount ?? contacts.length,
    next_cursor: null,
  };
}

export default defineTool({
  name: 'search_contacts',
  title: 'Search or list contacts',
  description: [
    'Finds contacts by email, name, external_id, email domain, segment, tag, role, custom attributes (AND), or a company’s contacts; lists all without criteria.',
    'New contacts may take minutes to become searchable.',
    'Example: {"tag":"VIP","custom_attributes":{"plan":"pro"}}',
  ].join('\n'),
  inputSchema: z
    .object({
      email: email.optional().describe('Exact email'),
      name: z.string().trim().min(1).max(200).optional().describe('Part of the name'),
      external_id: externalId.optional().describe('Your own user id (user_id)'),
      email_domain: z
        .string()
        .trim()
        .toLowerCase()
        .min(1)
        .max(255)
        .regex(/^[^@\s]+$/, 'the domain only, without @, e.g. globex.com')
        .optional()
        .describe('e.g. globex.com'),
      segment: segmentRef.optional(),
      tag: tagRef.optional(),
      role: z.enum(['user', 'lead']).optional().describe('Only users or only leads'),
      custom_attributes: z
        .record(z.string().min(1).max(190), z.union([z.string().max(255), z.number(), z.boolean()]))
        .refine((o) => Object.keys(o).length <= MAX_ATTRIBUTE_FILTERS, `at most ${MAX_ATTRIBUTE_FILTERS}`)
        .optional()
        .describe('{name: value}: custom attributes that must equal these values'),
      company: companyRef.optional().describe('A company: id, company_id or exact name; alone'),
      per_page: perPage(),
      cursor,
    })
    .strict(),
  outputSchema: z.object({
    contacts: z.array(contactSummarySchema),
    total_count: z.number().int().nullable(),
    next_cursor: nextCursor,
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    if (args.company) return companyContacts(ctx, args);
    const filters: SearchQuery[] = [];
    if (args.email) filters.push({ field: 'email', operator: '=', value: args.email });
    if (args.name) filters.push({ field: 'name', operator: '~', value: args.name });
    if (args.external_id) filters.push({ field: 'external_id', operator: '=', value: args.external_id });
    if (args.email_domain) filters.push({ field: 'email_domain', operator: '=', value: args.email_domain });
    if (args.role) filters.push({ field: 'role', operator: '=', value: args.role });
    const [segment, tag, custom] = await Promise.all([
      args.segment ? ctx.directory.segment(args.segment, 'segment') : undefined,
      args.tag ? ctx.directory.tag(args.tag, 'tag') : undefined,
      args.custom_attributes ? attributeFilters(ctx, args.custom_attributes) : [],
    ]);
    if (segment) filters.push({ field: 'segment_id', operator: '=', value: segment.id });
    if (tag) filters.push({ field: 'tag_id', operator: '=', value: tag.id });
    filters.push(...custom);

    const page = { perPage: args.per_page, cursor: args.cursor };
    const result =
      filters.length === 0
        ? await listContacts(ctx.intercom, page)
        : await searchContacts(ctx.intercom, { operator: 'AND', value: filters }, page);
    return {
      contacts: result.contacts.map(toContactSummary),
      total_count: result.totalCount,
      next_cursor: result.nextCursor,
    };
  },
});
