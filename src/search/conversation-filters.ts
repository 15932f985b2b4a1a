import { z } from 'zod';
import { isIsoDateOrDateTime } from './dates.js';

const moment = (what: string) =>
  z
    .string()
    .trim()
    .refine(isIsoDateOrDateTime, 'Use YYYY-MM-DD or an ISO 8601 datetime such as 2026-10-01T09:00:00Z.')
    .describe(
      `${what}. YYYY-MM-DD means 00:00 of that day in the workspace time zone; ` +
        'a datetime with Z or an offset is exact.',
    );

const names = (what: string) => z.array(z.string().trim().min(1).max(200)).min(1).max(20).describe(what);

/**
 * The structured filters of search_conversations, as a flat shape so a tool can spread it into its
 * input schema next to the free-text `query`.
 */
export const conversationFilterShape = {
  state: z.enum(['open', 'closed', 'snoozed']).optional().describe('Conversation state.'),
  text: names(
    'Words that must appear in the first message of the conversation. Intercom matches single words, ' +
      'not phrases; see text_match.',
  ).optional(),
  text_match: z
    .enum(['all', 'any'])
    .optional()
    .describe('Whether the conversation must contain all of the text words (default) or any of them.'),
  contact_email: z
    .email()
    .optional()
    .describe('Email of the contact who started the conversation (exact match).'),
  contact_id: z
    .string()
    .trim()
    .regex(/^[0-9a-f]{24}$/i, 'A contact id is 24 hexadecimal characters.')
    .optional()
    .describe(
      'A contact id (24 hex characters) involved in the conversation; find one with search_contacts.',
    ),
  admin_assignee: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe(
      'Assigned teammate: an admin id, name or email (case-insensitive; a unique partial name works), ' +
        '"me" for the connected admin, or "unassigned" for conversations without an admin assignee.',
    ),
  team_assignee: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Assigned team: a team id or name (case-insensitive), or "unassigned" for no team.'),
  tag: names('Tag names or ids; a conversation matches when it has any of them.').optional(),
  created_after: moment('Only conversations created at or after this moment').optional(),
  created_before: moment('Only conversations created before this moment').optional(),
  updated_after: moment('Only conversations updated at or after this moment').optional(),
  updated_before: moment('Only conversations updated before this moment').optional(),
  priority: z
    .enum(['priority', 'not_priority'])
    .optional()
    .describe('"priority" for conversations marked as priority, "not_priority" for the others.'),
  read: z.boolean().optional().describe('true for conversations the team has read, false for unread ones.'),
};

export const conversationFiltersSchema = z.object(conversationFilterShape);

export type ConversationFilters = z.infer<typeof conversationFiltersSchema>;

export type FilterKey = keyof ConversationFilters;

/** Human names of the filters, used in interpretations and conflict reports. */
export const FILTER_LABELS: Record<FilterKey, string> = {
  state: 'state',
  text: 'text words',
  text_match: 'text match',
  contact_email: 'contact email',
  contact_id: 'contact id',
  admin_assignee: 'admin assignee',
  team_assignee: 'team assignee',
  tag: 'tag',
  created_after: 'created after',
  created_before: 'created before',
  updated_after: 'updated after',
  updated_before: 'updated before',
  priority: 'priority',
  read: 'read',
};
