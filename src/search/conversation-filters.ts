import { z } from 'zod';
import type { Condition, ReadCondition } from './conditions.js';
import { isIsoDateOrDateTime } from './dates.js';
import { detectLanguage, stemWord } from './text-words.js';
import { CHANNELS, type DateField, fold } from './vocabulary.js';

/** A date filter; the first one's description says the format for all of them (tools/list size). */
const moment = (what: string) =>
  z
    .string()
    .trim()
    .refine(isIsoDateOrDateTime, 'Use YYYY-MM-DD or an ISO 8601 datetime such as 2026-10-01T09:00:00Z.')
    .describe(what)
    .optional();

const names = (what: string) =>
  z.array(z.string().trim().min(1).max(200)).min(1).max(20).describe(what).optional();

/**
 * The structured filters of search_conversations, as a flat shape the tool spreads into its input schema
 * next to the free-text `query`. Each one is also reachable from words of the query.
 */
export const conversationFilterShape = {
  state: z.enum(['open', 'closed', 'snoozed']).optional().describe('Conversation state'),
  text: names('Words the first message contains (stemmed)'),
  text_match: z.enum(['all', 'any']).optional().describe('all (default) or any text word'),
  contact_email: z.email().optional().describe('Of the contact who started it'),
  contact_name: z.string().trim().min(1).max(200).optional().describe('Or part of it'),
  contact_id: z
    .string()
    .trim()
    .regex(/^[0-9a-f]{24}$/i, 'A contact id is 24 hexadecimal characters.')
    .optional()
    .describe('A contact involved; see search_contacts'),
  company: z.string().trim().min(1).max(255).optional().describe('Name or id'),
  admin_assignee: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Teammate id, name, email, "me" or "unassigned"'),
  team_assignee: z.string().trim().min(1).max(200).optional().describe('Team id, name or "unassigned"'),
  tag: names('Tag names or ids (any of them)'),
  exclude_tag: names('Leaves out conversations with any of these tags'),
  created_after: moment('ISO or YYYY-MM-DD (workspace time zone), as every date'),
  created_before: moment('Like created_after'),
  updated_after: moment('Like created_after'),
  updated_before: moment('Like created_after'),
  closed_after: moment('Last closed'),
  closed_before: moment('Like created_after'),
  priority: z.enum(['priority', 'not_priority']).optional().describe('Priority flag'),
  read: z.boolean().optional().describe('Read by the team'),
  rating: z
    .array(z.number().int().min(1).max(5))
    .min(1)
    .max(5)
    .optional()
    .describe('Scores, e.g. [1,2] for bad'),
  waiting_on: z
    .enum(['us', 'customer'])
    .optional()
    .describe('us: the customer waits for a reply; customer: we replied last'),
  waiting_longer_than_hours: z
    .number()
    .positive()
    .max(24 * 365)
    .optional()
    .describe('With waiting_on'),
  channel: z
    .enum([...new Set(CHANNELS.values())] as [string, ...string[]])
    .optional()
    .describe('Where it started (conversation = chat)'),
  sentiment: z
    .enum(['negative', 'neutral', 'positive'])
    .optional()
    .describe('Of the customer’s first message'),
};

export const conversationFiltersSchema = z.object(conversationFilterShape);
export type ConversationFilters = z.infer<typeof conversationFiltersSchema>;

const read = (condition: Condition, wording: string, negated = false): ReadCondition => ({
  condition,
  negated,
  wording,
});

/** The structured filters as conditions, each worded as the argument it came from. */
export function filtersToConditions(f: ConversationFilters): ReadCondition[] {
  const out: ReadCondition[] = [];
  const show = (key: string, value: unknown) =>
    `${key}=${Array.isArray(value) ? value.join(',') : String(value)}`;
  if (f.state) out.push(read({ kind: 'state', value: f.state }, show('state', f.state)));
  if (f.text?.length) {
    const words = f.text.flatMap((w) => w.toLowerCase().split(/\s+/)).filter(Boolean);
    const lang = detectLanguage(words.map(fold));
    const stems = [...new Set(words.map((w) => stemWord(w, lang)))];
    out.push(read({ kind: 'text', stems, match: f.text_match ?? 'all' }, show('text', f.text)));
  }
  if (f.contact_email)
    out.push(
      read(
        { kind: 'contact_email', value: f.contact_email.toLowerCase() },
        show('contact_email', f.contact_email),
      ),
    );
  if (f.contact_name)
    out.push(read({ kind: 'contact_name', value: f.contact_name }, show('contact_name', f.contact_name)));
  if (f.contact_id)
    out.push(
      read({ kind: 'contact_id', value: f.contact_id.toLowerCase() }, show('contact_id', f.contact_id)),
    );
  if (f.company) out.push(read({ kind: 'company', value: f.company }, show('company', f.company)));
  if (f.admin_assignee)
    out.push(read({ kind: 'admin', value: f.admin_assignee }, show('admin_assignee', f.admin_assignee)));
  if (f.team_assignee)
    out.push(read({ kind: 'team', value: f.team_assignee }, show('team_assignee', f.team_assignee)));
  if (f.tag?.length) out.push(read({ kind: 'tag', values: f.tag }, show('tag', f.tag)));
  if (f.exclude_tag?.length)
    out.push(read({ kind: 'tag', values: f.exclude_tag }, show('exclude_tag', f.exclude_tag), true));
  for (const field of ['created', 'updated', 'closed'] as DateField[]) {
    const after = (f as Record<string, string | undefined>)[`${field}_after`];
    const before = (f as Record<string, string | undefined>)[`${field}_before`];
    if (after === undefined && before === undefined) continue;
    const wording = [after && show(`${field}_after`, after), before && show(`${field}_before`, before)]
      .filter(Boolean)
      .join(', ');
    out.push(
      read({ kind: 'date', field, ...(after ? { after } : {}), ...(before ? { before } : {}) }, wording),
    );
  }
  if (f.priority)
    out.push(read({ kind: 'priority', value: f.priority === 'priority' }, show('priority', f.priority)));
  if (f.read !== undefined) out.push(read({ kind: 'read', value: f.read }, show('read', f.read)));
  if (f.rating)
    out.push(read({ kind: 'rating', scores: [...new Set(f.rating)].sort() }, show('rating', f.rating)));
  if (f.waiting_on) {
    const hours = f.waiting_longer_than_hours;
    const wording =
      show('waiting_on', f.waiting_on) + (hours ? `, ${show('waiting_longer_than_hours', hours)}` : '');
    out.push(read({ kind: 'waiting', on: f.waiting_on, ...(hours ? { hours } : {}) }, wording));
  }
  if (f.channel) out.push(read({ kind: 'channel', value: f.channel }, show('channel', f.channel)));
  if (f.sentiment) out.push(read({ kind: 'sentiment', value: f.sentiment }, show('sentiment', f.sentiment)));
  return out;
}

/** Two conditions about the same thing: a structured filter replaces what the text said about it. */
export function sameSubject(a: Condition, b: Condition): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'date' && b.kind === 'date') return a.field === b.field;
  // "from Jane Doe" may be a person: it stays beside a company argument.
  if (a.kind === 'company' && b.kind === 'company') return !a.orContactName && !b.orContactName;
  return a.kind !== 'text' && a.kind !== 'tag';
}
