import { z } from 'zod';
import { listContactCompanies, listContactTags } from '../intercom/contacts.js';
import { defineTool } from './define-tool.js';
import { contactRef } from './params.js';
import { contactDetailSchema, resolveOneContact, toContactDetail } from './render/contact.js';
import { untrustedTextOrNull } from './untrusted.js';

const MAX_COMPANIES = 10;

export default defineTool({
  name: 'get_contact',
  title: 'Get a contact',
  description: [
    'Shows one Intercom contact (user or lead) with its tags, companies, custom attributes and location.',
    'Use it to look at a person before replying or updating them; to find contacts by segment, tag, name or ' +
      'email domain use search_contacts, and to change a contact use update_contact_attributes.',
    'Name the contact by exactly one of id, email or external_id; an email shared by several contacts is ' +
      'reported with the candidates. Custom attributes are capped at 40 keys; companies at 10.',
    'Example: {"email":"jane@globex.com"} → {"id":"6762…","name":"Jane Doe","tags":["VIP"],…}',
  ].join('\n'),
  inputSchema: contactRef,
  outputSchema: contactDetailSchema.extend({
    location: z.object({
      country: z.string().nullable(),
      region: z.string().nullable(),
      city: z.string().nullable(),
    }),
    companies: z
      .array(
        z.object({
          id: z.string(),
          name: untrustedTextOrNull.describe('UNTRUSTED company name (entered by customers or teammates)'),
        }),
      )
      .describe('Companies the contact belongs to (at most 10)'),
    companies_total: z.number().int().describe('How many companies the contact belongs to'),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    const contact = await resolveOneContact(ctx.intercom, args);
    // The contact payload lists tag and company ids only (at most 10 each); these give the names.
    // Companies are fetched only when the payload says there are some (most contacts have none).
    const companyCount = Math.max(contact.companies?.total_count ?? 0, contact.companies?.data.length ?? 0);
    const [tags, companies] = await Promise.all([
      listContactTags(ctx.intercom, contact.id),
      companyCount > 0
        ? listContactCompanies(ctx.intercom, contact.id, MAX_COMPANIES)
        : { companies: [], totalCount: 0 },
    ]);
    return {
      ...toContactDetail(
        contact,
        tags.map((t) => t.name),
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
