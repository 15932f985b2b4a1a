import { z } from 'zod';
import type { IntercomApi } from '../intercom/client.js';
import { listContacts, type SearchQuery, searchContacts } from '../intercom/contacts.js';
import { listSegments } from '../intercom/segments.js';
import { listTags } from '../intercom/tags.js';
import { defineTool, ToolError } from './define-tool.js';
import { cursor, email, externalId, perPage, tagName } from './params.js';
import { contactSummarySchema, toContactSummary } from './render/contact.js';

const SEGMENT_ID = /^[0-9a-f]{24}$/;
const MAX_LISTED_NAMES = 30;

function unknownName(kind: string, name: string, known: { name: string }[]): ToolError {
  const names = known.map((k) => k.name).sort((a, b) => a.localeCompare(b));
  const shown = names.slice(0, MAX_LISTED_NAMES).join(', ');
  const more = names.length > MAX_LISTED_NAMES ? ` and ${names.length - MAX_LISTED_NAMES} more` : '';
  return new ToolError(`No ${kind} is named "${name}". Known ${kind}s: ${shown || '(none)'}${more}.`);
}

async function segmentId(api: IntercomApi, segment: string): Promise<string> {
  if (SEGMENT_ID.test(segment)) return segment;
  const segments = await listSegments(api);
  const match = segments.find((s) => s.name.toLowerCase() === segment.toLowerCase());
  if (!match) throw unknownName('segment', segment, segments);
  return match.id;
}

async function tagId(api: IntercomApi, tag: string): Promise<string> {
  const tags = await listTags(api);
  const match =
    tags.find((t) => t.name.toLowerCase() === tag.toLowerCase()) ??
    (/^\d+$/.test(tag) ? tags.find((t) => t.id === tag) : undefined);
  if (!match) throw unknownName('tag', tag, tags);
  return match.id;
}

export default defineTool({
  name: 'search_contacts',
  title: 'Search or list contacts',
  description: [
    'Finds Intercom contacts (users and leads) by email, name, external_id, email domain, segment, tag or ' +
      'role, or lists all contacts when no criterion is given.',
    'Use it to find a contact id for get_contact, update_contact_attributes or messaging; several criteria ' +
      'must all match. Segment and tag are names (or ids); unknown names are reported with the known ones.',
    'Paged: per_page up to 50 (default 20); pass next_cursor back as cursor with the same criteria. ' +
      'Contacts created in the last few minutes may not be searchable yet.',
    'Example: {"tag":"VIP","email_domain":"globex.com"} → {"contacts":[{"id":"6762…","name":"Jane Doe",…}],' +
      '"total_count":1,"next_cursor":null}',
  ].join('\n'),
  inputSchema: z
    .object({
      email: email.optional().describe('Exact email address'),
      name: z.string().trim().min(1).max(200).optional().describe('Part of the contact name (contains)'),
      external_id: externalId.optional(),
      email_domain: z
        .string()
        .trim()
        .min(1)
        .max(255)
        .regex(/^[^@\s]+$/, 'the domain only, without @')
        .optional()
        .describe('Email domain, e.g. globex.com'),
      segment: z
        .string()
        .trim()
        .min(1)
        .max(255)
        .optional()
        .describe('Segment name (case-insensitive) or segment id (24 hex characters)'),
      tag: tagName.optional(),
      role: z.enum(['user', 'lead']).optional().describe('Only users or only leads'),
      per_page: perPage(50, 20),
      cursor,
    })
    .strict(),
  outputSchema: z.object({
    contacts: z.array(contactSummarySchema),
    total_count: z.number().int().nullable().describe('Matching contacts in all pages, when Intercom says'),
    next_cursor: z
      .string()
      .nullable()
      .describe('Pass as cursor (same criteria) for the next page; null at the end'),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    const api = ctx.intercom;
    const filters: SearchQuery[] = [];
    if (args.email) filters.push({ field: 'email', operator: '=', value: args.email.toLowerCase() });
    if (args.name) filters.push({ field: 'name', operator: '~', value: args.name });
    if (args.external_id) filters.push({ field: 'external_id', operator: '=', value: args.external_id });
    if (args.email_domain)
      filters.push({ field: 'email_domain', operator: '=', value: args.email_domain.toLowerCase() });
    if (args.role) filters.push({ field: 'role', operator: '=', value: args.role });
    if (args.segment)
      filters.push({ field: 'segment_id', operator: '=', value: await segmentId(api, args.segment) });
    if (args.tag) filters.push({ field: 'tag_id', operator: '=', value: await tagId(api, args.tag) });

    const page = { perPage: args.per_page, cursor: args.cursor };
    const result =
      filters.length === 0
        ? await listContacts(api, page)
        : await searchContacts(api, { operator: 'AND', value: filters }, page);
    return {
      contacts: result.contacts.map(toContactSummary),
      total_count: result.totalCount,
      next_cursor: result.nextCursor,
    };
  },
});
