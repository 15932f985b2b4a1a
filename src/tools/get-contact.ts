import { z } from 'zod';
import { listContactCompanies, listContactTags } from '../intercom/contacts.js';
import { contactDetailSchema, resolveOneContact, toContactDetail } from './common/contact.js';
import { defineTool } from './define-tool.js';
import { contactRef } from './params.js';
import { UNTRUSTED, untrustedTextOrNull } from './untrusted.js';

const MAX_COMPANIES = 10;

export default defineTool({
  name: 'get_contact',
  title: 'Get a contact',
  description: [
    'Shows one contact (user or lead): fields, owner, tags, companies, custom attributes, location.',
    'Use it before replying to or updating someone; search_contacts finds contacts, update_contact_attributes changes one.',
    'An email or external_id shared by several contacts is reported with their ids. At most 40 custom attributes and 10 companies.',
    'Example: {"contact":{"email":"jane@globex.com"}}',
  ].join('\n'),
  inputSchema: z.object({ contact: contactRef }).strict(),
  outputSchema: contactDetailSchema.extend({
    location: z
      .object({ country: z.string().nullable(), region: z.string().nullable(), city: z.string().nullable() })
      .describe(UNTRUSTED),
    companies: z.array(z.object({ id: z.string(), name: untrustedTextOrNull })),
    companies_total: z.number().int(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    const contact = await resolveOneContact(ctx.intercom, args.contact);
    // The contact payload lists tag and company ids only (at most 10 each); these give the names.
    // Companies are fetched only when the payload says there are some (most contacts have none).
    const companyCount = Math.max(contact.companies?.total_count ?? 0, contact.companies?.data.length ?? 0);
    const [tags, companies, admins] = await Promise.all([
      listContactTags(ctx.intercom, contact.id),
      companyCount > 0
        ? listContactCompanies(ctx.intercom, contact.id, MAX_COMPANIES)
        : { companies: [], totalCount: 0 },
      contact.owner_id ? ctx.directory.names('admin') : new Map<string, string>(),
    ]);
    return {
      ...toContactDetail(
        contact,
        tags.map((t) => t.name),
        admins,
      ),
      location: {
        country: contact.location?.country ?? null,
        region: contact.location?.region ?? null,
        city: contact.location?.city ?? null,
      },
      companies: companies.companies.slice(0, MAX_COMPANIES),
      companies_total: companies.totalCount ?? Math.max(companyCount, companies.companies.length),
    };
  },
});
