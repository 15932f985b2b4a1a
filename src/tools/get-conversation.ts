import { z } from 'zod';
import {
  getConversation,
  type IntercomConversation,
  type IntercomConversationAuthor,
  type IntercomConversationPart,
  isContactAuthor,
} from '../intercom/conversations.js';
import { named, namedRefSchema } from './common/contact.js';
import {
  compactConversationSchema,
  conversationFacts,
  customerSourceText,
  type Names,
  namesFrom,
  sentimentOf,
  sentimentSchema,
  titleOf,
} from './common/conversation.js';
import { clip, excerpt, htmlToText, isoTime } from './common/text.js';
import { defineTool, ToolError } from './define-tool.js';
import { conversationId, nextCursor, partId, perPage } from './params.js';
import { untrustedTextOrNull } from './untrusted.js';

/** Per-body cap (full mode, compact mode), and a budget for all parts with ~160 characters of JSON each. */
const BODY_CHARS = 600;
const COMPACT_CHARS = 160;
const PART_OVERHEAD = 160;
const PARTS_BUDGET = 14_000;
/** One part read in full (part_id) is given this many characters at a time. */
const FULL_PART_CHARS = 12_000;
/** Intercom returns at most this many (the newest) parts. */
const UPSTREAM_PART_LIMIT = 500;

const authorSchema = z.object({
  type: z.string().nullable().describe('admin, bot, team; user, lead or contact = customer'),
  id: z.string().nullable(),
  name: untrustedTextOrNull,
});

const partSchema = z.object({
  id: z.string(),
  type: z.string().describe('comment, note, assignment, close, open, snoozed…'),
  internal: z.boolean().describe('A note: teammates only, never quote it to the customer'),
  author: authorSchema,
  body: untrustedTextOrNull,
  truncated: z.boolean().optional().describe('Cut: read it whole with part_id'),
  assigned_to: z
    .object({ type: z.string(), id: z.string().nullable(), name: untrustedTextOrNull })
    .optional()
    .describe('Who an assignment went to (id null: unassigned)'),
  created_at: z.string().nullable(),
});
type PartOutput = z.infer<typeof partSchema>;

const facts = compactConversationSchema.pick({
  id: true,
  state: true,
  title: true,
  contact: true,
  admin_assignee: true,
  team_assignee: true,
  tags: true,
  priority: true,
  read: true,
  waiting_since: true,
  snoozed_until: true,
  created_at: true,
  updated_at: true,
});

const outputSchema = facts.extend({
  rating: z
    .object({
      rating: z.number().nullable(),
      remark: untrustedTextOrNull,
      teammate: namedRefSchema.nullable(),
    })
    .nullable(),
  first_message: partSchema.omit({ type: true, internal: true, assigned_to: true }),
  parts: z.array(partSchema).describe('Oldest first'),
  omitted_parts: z.number().int().describe('Older parts not shown (see next_cursor)'),
  next_cursor: nextCursor.describe('Pass as cursor for the parts before these'),
  next_offset: z.number().int().optional().describe('With part_id: pass as offset for the rest of the part'),
  sentiment: sentimentSchema.nullable(),
  hint: z.string().optional(),
});

function author(a: IntercomConversationAuthor | null | undefined): z.infer<typeof authorSchema> {
  return { type: a?.type ?? null, id: a?.id ?? null, name: a?.name ?? null };
}

function body(raw: string | null | undefined, max: number): { body: string | null; truncated?: true } {
  const text = htmlToText(raw);
  if (!text) return { body: null };
  const cut = max <= COMPACT_CHARS ? excerpt(text, max) : clip(text, max).text;
  return cut !== null && cut.length < text.length ? { body: cut, truncated: true } : { body: cut };
}

function assignedTo(p: IntercomConversationPart, names: Names): PartOutput['assigned_to'] {
  if (p.part_type !== 'assignment' && !p.assigned_to) return undefined;
  const type = p.assigned_to?.type ?? 'nobody_admin';
  const id = p.assigned_to?.id && p.assigned_to.id !== '0' ? p.assigned_to.id : null;
  const ref = named(id, type === 'team' ? names.teams : names.admins);
  return { type, id, name: ref?.name ?? null };
}

function renderPart(p: IntercomConversationPart, names: Names, max: number): PartOutput {
  const to = assignedTo(p, names);
  return {
    id: p.id,
    type: p.part_type ?? 'unknown',
    internal: p.part_type === 'note',
    author: author(p.author),
    ...body(p.body, max),
    ...(to ? { assigned_to: to } : {}),
    created_at: isoTime(p.created_at),
  };
}

/** The newest parts before `before` (exclusive), within `max` parts and the size budget; oldest first. */
function pickParts(
  all: IntercomConversationPart[],
  before: number,
  max: number,
  names: Names,
  chars: number,
) {
  const shown: PartOutput[] = [];
  let used = 0;
  let index = before - 1;
  for (; index >= 0 && shown.length < max; index--) {
    const part = renderPart(all[index] as IntercomConversationPart, names, chars);
    used += (part.body?.length ?? 0) + PART_OVERHEAD;
    if (used > PARTS_BUDGET && shown.length > 0) break;
    shown.push(part);
  }
  return { shown: shown.reverse(), remaining: index + 1 };
}

function rating(c: IntercomConversation, names: Names) {
  const r = c.conversation_rating;
  if (!r || (r.rating == null && !r.remark)) return null;
  return {
    rating: r.rating ?? null,
    remark: r.remark || null,
    teammate: named(r.teammate?.id, names.admins),
  };
}

export default defineTool({
  name: 'get_conversation',
  title: 'Get a conversation',
  description: [
    'Reads one conversation as plain text: first message and newest parts (replies, notes, assignments with names), state, assignees, tags, priority, rating, waiting-since and snooze end.',
    'Use it before replying (reply_to_conversation) or acting on it (manage_conversation_workflow). Notes are internal.',
    'Bodies are cut to 600 characters (truncated: true): read a whole part with part_id (and offset for very long ones). compact: true gives one-line parts for long threads. Older parts: next_cursor. Intercom keeps the 500 newest parts.',
    'Example: {"conversation_id":"64619700001002","compact":true}',
  ].join('\n'),
  inputSchema: z
    .object({
      conversation_id: conversationId,
      per_page: perPage().describe('Newest parts to show (1-50, default 20)'),
      cursor: z
        .string()
        .regex(/^\d{1,30}$/, 'a cursor is the next_cursor of a previous call')
        .optional()
        .describe('next_cursor: the parts before'),
      compact: z.boolean().default(false).describe('One short line per part'),
      part_id: partId.optional().describe('Read this part (or the first message’s id) in full'),
      offset: z.number().int().min(0).default(0).describe('With part_id: characters to skip'),
    })
    .strict(),
  outputSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    const [c, names] = await Promise.all([
      getConversation(ctx.intercom, args.conversation_id),
      namesFrom(ctx.directory),
    ]);
    const all = c.conversation_parts?.conversation_parts ?? [];
    const first = {
      id: c.source?.id ?? 'source',
      author: author(c.source?.author),
      ...body(c.source?.body, args.compact ? COMPACT_CHARS : BODY_CHARS),
      created_at: isoTime(c.created_at),
    };
    const header = { ...conversationFacts(c, names), id: c.id, state: c.state ?? null, title: titleOf(c) };
    const customerTexts = [
      customerSourceText(c),
      ...all
        .filter((p) => p.part_type === 'comment' && isContactAuthor(p.author))
        .map((p) => htmlToText(p.body)),
    ];
    const common = { ...header, rating: rating(c, names), sentiment: sentimentOf(customerTexts) };

    if (args.part_id !== undefined) {
      const part = all.find((p) => p.id === args.part_id);
      const isFirst = args.part_id === c.source?.id;
      if (!part && !isFirst) {
        throw new ToolError(
          `part_id: part ${args.part_id} is not among the ${all.length} parts Intercom returned for this conversation ` +
            `(the first message is ${first.id}); take a part id from parts.`,
        );
      }
      const text = htmlToText(part ? part.body : c.source?.body);
      const slice = text.slice(args.offset, args.offset + FULL_PART_CHARS);
      const end = args.offset + slice.length;
      const full = part
        ? { ...renderPart(part, names, Number.MAX_SAFE_INTEGER), body: slice || null }
        : undefined;
      return {
        ...common,
        first_message: isFirst ? { ...first, body: slice || null } : first,
        parts: full ? [full] : [],
        omitted_parts: 0,
        next_cursor: null,
        ...(end < text.length ? { next_offset: end } : {}),
        ...(end < text.length ? { hint: `Showing characters ${args.offset}-${end} of ${text.length}.` } : {}),
      };
    }

    let before = all.length;
    if (args.cursor !== undefined) {
      before = all.findIndex((p) => p.id === args.cursor);
      if (before < 0) {
        throw new ToolError(
          `cursor: part ${args.cursor} is not among the parts Intercom returned for this conversation; ` +
            'omit cursor to start from the newest parts.',
        );
      }
    }
    const chars = args.compact ? COMPACT_CHARS : BODY_CHARS;
    const { shown, remaining } = pickParts(all, before, args.per_page, names, chars);
    const hints: string[] = [];
    if (remaining > 0 && shown.length < args.per_page) {
      hints.push('Fewer parts than per_page are shown to keep the answer small; compact: true fits more.');
    }
    if (all.length >= UPSTREAM_PART_LIMIT) {
      hints.push(
        `Intercom returned only the ${UPSTREAM_PART_LIMIT} newest parts; older ones are not available.`,
      );
    }
    return {
      ...common,
      first_message: first,
      parts: shown,
      omitted_parts: remaining,
      next_cursor: remaining > 0 && shown[0] ? shown[0].id : null,
      ...(hints.length > 0 ? { hint: hints.join(' ') } : {}),
    };
  },
});
