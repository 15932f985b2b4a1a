import type { ConversationFilters } from './conversation-filters.js';
import { parseIsoDate, toUnixSeconds } from './dates.js';
import { QueryResolutionError } from './errors.js';
import { combine, type IntercomSearchQuery, type SearchFilter } from './intercom-query.js';

/** One or more search filters for one user-level condition, with its human reading. */
export interface Condition {
  parts: IntercomSearchQuery[];
  phrase: string;
}

export const condition = (
  field: string,
  operator: SearchFilter['operator'],
  value: SearchFilter['value'],
  phrase: string,
): Condition => ({ parts: [{ field, operator, value }], phrase });

/** State, read and priority: fields whose values go to Intercom as they are. */
export function plainConditions(filters: ConversationFilters): Condition[] {
  const out: Condition[] = [];
  const { state, read, priority } = filters;
  if (state) out.push(condition('state', '=', state, `state = ${state}`));
  if (read !== undefined) out.push(condition('read', '=', read, `read = ${read}${read ? '' : ' (unread)'}`));
  if (priority) out.push(condition('priority', '=', priority, `priority = ${priority}`));
  return out;
}

/** The contact by email (the author of the first message) or by id (any contact of the conversation). */
export function contactConditions(filters: ConversationFilters): Condition[] {
  const out: Condition[] = [];
  const email = filters.contact_email?.trim();
  if (email) out.push(condition('source.author.email', '=', email, `started by contact email = ${email}`));
  const id = filters.contact_id?.trim().toLowerCase();
  if (id) out.push(condition('contact_ids', '=', id, `contact id = ${id}`));
  return out;
}

function describeMoment(value: string, timeZone: string): string {
  if (parseIsoDate(value)) return `${value} 00:00 ${timeZone}`;
  return /(z|[+-]\d{2}:\d{2})$/i.test(value) ? value : `${value} ${timeZone}`;
}

function unixSeconds(key: string, value: string, timeZone: string): number {
  const seconds = toUnixSeconds(value.trim(), timeZone);
  if (seconds === null) {
    throw new QueryResolutionError(
      'invalid_value',
      `${key} "${value}" is not YYYY-MM-DD or an ISO 8601 datetime.`,
    );
  }
  return seconds;
}

/**
 * `created_at`/`updated_at` bounds in Unix seconds. Intercom's `>` and `<` include the bound, which is
 * why dates mean "from 00:00 of that day" and "before 00:00 of that day".
 */
export function dateConditions(filters: ConversationFilters, timeZone: string): Condition[] {
  const out: Condition[] = [];
  for (const field of ['created', 'updated'] as const) {
    const after = filters[`${field}_after`];
    const before = filters[`${field}_before`];
    const from = after === undefined ? undefined : unixSeconds(`${field}_after`, after, timeZone);
    const until = before === undefined ? undefined : unixSeconds(`${field}_before`, before, timeZone);
    if (from !== undefined && until !== undefined && from >= until) {
      throw new QueryResolutionError(
        'contradiction',
        `${field}_after (${after}) is not earlier than ${field}_before (${before}), so nothing can match. ` +
          'Fix the dates.',
      );
    }
    if (after !== undefined && from !== undefined) {
      out.push(
        condition(`${field}_at`, '>', from, `${field} on or after ${describeMoment(after, timeZone)}`),
      );
    }
    if (before !== undefined && until !== undefined) {
      out.push(condition(`${field}_at`, '<', until, `${field} before ${describeMoment(before, timeZone)}`));
    }
  }
  return out;
}

/**
 * Intercom's source.body matches single words, so each word is its own `~` condition. All words must
 * match by default (they join the top-level AND group); with text_match "any" they form one nested OR.
 */
export function textConditions(filters: ConversationFilters): Condition[] {
  const words = [
    ...new Set(
      (filters.text ?? [])
        .flatMap((w) => w.toLowerCase().split(/\s+/))
        .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
        .filter(Boolean),
    ),
  ];
  if (words.length === 0) return [];
  const parts: SearchFilter[] = words.map((word) => ({ field: 'source.body', operator: '~', value: word }));
  if (words.length === 1) return [{ parts, phrase: `body contains the word "${words[0]}"` }];
  if (filters.text_match === 'any') {
    return [{ parts: [combine('OR', parts)], phrase: `body contains any of the words: ${words.join(', ')}` }];
  }
  return [{ parts, phrase: `body contains all of the words: ${words.join(', ')}` }];
}
