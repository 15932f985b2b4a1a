import { z } from 'zod';
import { type ParsedTime, parseTime, type TimeOptions } from '../util/time-phrases.js';
import { type ToolContext, ToolError } from './define-tool.js';

/**
 * The one vocabulary every tool speaks, defined once so the model sees one concept one way:
 * - ids: strings or numbers; an Intercom URL (inbox, contact page, help center) gives its id;
 * - a person: `contact: {id | email | external_id}` (`user_id` is read as external_id, and the three
 *   keys may be given flat where a tool takes one person; see arguments.ts);
 * - an admin: id, email, name (full or an unambiguous part) or "me", resolved by ctx.directory;
 * - a tag, segment or team: its name or id (or `{id}` / `{name}`), resolved by ctx.directory;
 * - lists: `cursor` in, `next_cursor` out, `per_page` (default 20, at most 50);
 * - times: ISO 8601 (with or without an offset), unix seconds, or a phrase, read in the workspace's
 *   time zone and echoed back as ISO.
 */

type IdKind = 'conversation' | 'contact' | 'admin' | 'article' | 'company' | 'ticket' | 'part';

const HEX24 = /^[0-9a-f]{24}$/;
const DIGITS = /^\d{1,30}$/;

const ID_RULES: Record<IdKind, { pattern: RegExp; expected: string; url: RegExp }> = {
  conversation: {
    pattern: DIGITS,
    expected: 'digits, e.g. "64619700001022"',
    url: /\/conversations?\/(\d+)/,
  },
  contact: {
    pattern: HEX24,
    expected: '24 hex characters, e.g. "6762a0a1000000000000000a"',
    url: /\/(?:users|leads|contacts)\/([0-9a-f]{24})/,
  },
  admin: { pattern: /^\d{1,20}$/, expected: 'digits', url: /\/admins\/(\d+)/ },
  article: { pattern: /^\d{1,20}$/, expected: 'digits', url: /\/articles\/(\d+)/ },
  company: { pattern: HEX24, expected: '24 hex characters', url: /\/companies\/([0-9a-f]{24})/ },
  ticket: { pattern: DIGITS, expected: 'digits', url: /\/(?:tickets?|conversations?)\/(\d+)/ },
  part: { pattern: DIGITS, expected: 'digits', url: /part_id=(?:[a-z_]+-)?(?:\d+-)?(\d+)/ },
};

/** A number becomes its digits; an Intercom URL becomes the id in it; other text is trimmed. */
export function normalizeId(kind: IdKind, value: unknown): unknown {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? String(value) : value;
  if (typeof value !== 'string') return value;
  const text = value.trim().replace(/^#/, '');
  if (/^https?:\/\//i.test(text)) return ID_RULES[kind].url.exec(text)?.[1] ?? text;
  return kind === 'contact' || kind === 'company' ? text.toLowerCase() : text;
}

/** An id of `kind`, given as a string, a number or an Intercom URL. */
export function intercomId(kind: IdKind, describe: string) {
  const rule = ID_RULES[kind];
  return z
    .preprocess(
      (v) => normalizeId(kind, v),
      z
        .string({ error: `a ${kind} id is ${rule.expected} (a string, a number or an Intercom URL)` })
        .regex(rule.pattern, `a ${kind} id is ${rule.expected}; an Intercom URL of the ${kind} works too`),
    )
    .describe(describe);
}

export const conversationId = intercomId(
  'conversation',
  'Conversation id or Intercom inbox URL; find one with search_conversations',
);
export const contactId = intercomId('contact', 'Contact id or contact URL');
export const partId = intercomId('part', 'Conversation part id (from get_conversation)');

export const email = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
  z.email('must be a valid email address').max(320),
);

export const externalId = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : v),
  z.string().trim().min(1).max(255),
);

/** One person, named by exactly one of id, email or external_id (user_id is read as external_id). */
export const contactRef = z
  .object({
    id: contactId.optional(),
    email: email.optional(),
    external_id: externalId.optional().describe('Your user id (user_id)'),
  })
  .strict()
  .refine((r) => [r.id, r.email, r.external_id].filter((v) => v !== undefined).length === 1, {
    message: 'name the contact by exactly one of id, email or external_id, e.g. {"email":"jane@acme.com"}',
  })
  .describe('exactly one of id, email or external_id');
export type ContactRefInput = z.infer<typeof contactRef>;

/** The text of a `{id | name | email}` object, a number, or a string: what the directory matches. */
function refText(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    const picked = o.id ?? o.name ?? o.email;
    return typeof picked === 'number' ? String(picked) : picked;
  }
  return value;
}

function nameRef(what: string, max: number) {
  return z.preprocess(
    refText,
    z
      .string({ error: `give the ${what} as a name or an id` })
      .trim()
      .min(1, `the ${what} is empty`)
      .max(max),
  );
}

/** An admin: id, email, name (full or an unambiguous part), or "me"; resolve with ctx.directory.admin. */
export const adminRef = nameRef('admin', 320).describe('Admin: id, email, name or "me"');

/** The admin who performs a write; the token owner when omitted. */
export const actingAdmin = adminRef
  .optional()
  .describe('Admin who acts: id, email, name or "me"; default the token owner');

export const teamRef = nameRef('team', 200).describe('Team: name or id');
export const tagRef = nameRef('tag', 100).describe('Tag: name or id (see list_tags)');
export const segmentRef = nameRef('segment', 255).describe('Segment: name or id (see list_segments)');
export const ticketTypeRef = nameRef('ticket type', 200).describe('Ticket type: name or id');

/** A tag named to be applied: an existing one by name (ignoring case), else created. */
export const tagName = z.string().trim().min(1).max(100).describe('Tag name');

export const cursor = z.string().min(1).max(1000).optional().describe('next_cursor of the last page');

/** `per_page`: default 20, at most 50, for every list that can be long. */
export function perPage(max = 50, fallback = 20) {
  return z.number().int().min(1).max(max).default(fallback).describe('Page size');
}

/** Said by the `cursor` input; the model reads the value from the answer. */
export const nextCursor = z.string().nullable();

/** A time as the model writes it; read it with `resolveTime`. */
export const timeInput = z
  .preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string().trim().min(1).max(100))
  .describe('ISO 8601, unix seconds or a phrase ("tomorrow 9am"), workspace time zone');

/**
 * Reads a time in the workspace's time zone (GET /me, cached per connection), or throws a ToolError
 * naming the argument, why, and what to write instead.
 */
export async function resolveTime(
  ctx: Pick<ToolContext, 'me'>,
  value: string | number,
  argument: string,
  options: Omit<TimeOptions, 'timeZone' | 'now'> & { now?: Date } = {},
): Promise<ParsedTime & { timeZone: string }> {
  const me = await ctx.me();
  const timeZone = me.app.timezone || 'UTC';
  const parsed = parseTime(value, { timeZone, now: options.now ?? new Date(), ...options });
  if ('error' in parsed) throw new ToolError(`${argument}: ${parsed.error}.`);
  return { ...parsed, timeZone };
}

export const confirm = z
  .literal(true, { error: 'set confirm: true to confirm this destructive action' })
  .describe('Must be true: confirms an action that cannot be undone');

/** @deprecated digits only; tools move to `adminRef` (names, emails, "me") resolved by ctx.directory. */
export const adminId = z
  .string()
  .regex(/^\d{1,20}$/, 'an admin id is a string of digits')
  .describe('Intercom admin id (digits); find one with list_admins');

/** @deprecated see `actingAdmin`. */
export const actingAdminId = adminId
  .optional()
  .describe('Admin who performs the action; defaults to the owner of the connected token (see list_admins)');
