import { z } from 'zod';
import { listCompanyContacts } from '../intercom/companies.js';
import { companyRef, companySummarySchema, resolveCompany, toCompanySummary } from './common/company.js';
import { capCustomAttributes, contactSummarySchema, toContactSummary } from './common/contact.js';
import { isoTime } from './common/text.js';
import { defineTool } from './define-tool.js';
import { UNTRUSTED } from './untrusted.js';

const MAX_CONTACTS = 50;

export default defineTool({
  name: 'get_company',
  title: 'Get a company',
  description: [
    'Shows one company: plan, size, spend, tags, segments, custom attributes and, on request, its contacts.',
    `At most 40 custom attributes and ${MAX_CONTACTS} contacts (contacts_total counts all).`,
    'Example: {"company":"Globex Corporation","include_contacts":true}',
  ].join('\n'),
  inputSchema: z
    .object({
      company: companyRef,
      include_contacts: z.boolean().default(false).describe('Also list its contacts'),
    })
    .strict(),
  outputSchema: companySummarySchema.extend({
    created_at: z.string().nullable(),
    session_count: z.number().nullable(),
    tags: z.array(z.string()).describe(`${UNTRUSTED} names`),
    segments: z.array(z.string()).describe(`${UNTRUSTED} names`),
    custom_attributes: z.record(z.string(), z.unknown()).describe(`At most 40; strings ${UNTRUSTED}`),
    custom_attributes_note: z.string().optional(),
    contacts: z.array(contactSummarySchema).optional(),
    contacts_total: z.number().int().nullable().optional(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    const company = await resolveCompany(ctx.intercom, args.company, 'company');
    const contacts = args.include_contacts ? await listCompanyContacts(ctx.intercom, company.id) : undefined;
    const custom = capCustomAttributes(company.custom_attributes);
    return {
      ...toCompanySummary(company),
      created_at: isoTime(company.created_at),
      session_count: company.session_count ?? null,
      tags: (company.tags?.tags ?? []).map((t) => t.name ?? t.id),
      segments: (company.segments?.segments ?? []).map((s) => s.name ?? s.id),
      custom_attributes: custom.values,
      ...(custom.note ? { custom_attributes_note: custom.note } : {}),
      ...(contacts
        ? {
            contacts: contacts.contacts.slice(0, MAX_CONTACTS).map(toContactSummary),
            contacts_total: contacts.totalCount ?? contacts.contacts.length,
          }
        : {}),
    };
  },
});
