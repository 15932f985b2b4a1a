import { z } from 'zod';
import { type ContactRef, type IntercomContact, resolveContact } from '../intercom/contacts.js';
import { IntercomApiError } from '../intercom/errors.js';
import { type EventMetadataValue, trackEvent } from '../intercom/events.js';
import type { Logger } from '../logger.js';
import { mapLimited } from '../util/map-limited.js';
import { defineTool, ToolError } from './define-tool.js';
import { eventNameProblem, metadataKeyProblems } from './events/rules.js';
import { contactRef, resolveTime, timeInput } from './params.js';
import { untrustedTextOrNull } from './untrusted.js';
import { classifyWrite } from './write-outcome.js';

const MAX_EVENTS = 100;
const SEND_CONCURRENCY = 5;
const RESOLVE_CONCURRENCY = 5;

const metadataValue = z.union(
  [
    z.string().max(1_000),
    z.number().finite(),
    z.object({ url: z.url({ protocol: /^https?$/ }), value: z.string() }).strict(),
    z
      .object({ amount: z.number().int().nonnegative(), currency: z.string().regex(/^[A-Za-z]{3}$/) })
      .strict(),
  ],
  {
    error:
      'must be a string, a number, a {url, value} rich link or an {amount, currency} money value; ' +
      'nested objects, arrays, booleans and null are not supported (send booleans as "true"/"false")',
  },
);

const metadata = z.record(z.string(), metadataValue).superRefine((m, issues) => {
  for (const message of metadataKeyProblems(Object.keys(m))) issues.addIssue({ code: 'custom', message });
  for (const [key, value] of Object.entries(m)) {
    if (key.endsWith('_date') && typeof value === 'string' && Number.isNaN(Date.parse(value))) {
      issues.addIssue({
        code: 'custom',
        path: [key],
        message: '_date keys need a unix time or an ISO 8601 date',
      });
    }
  }
});

const event = z
  .object({
    event_name: z
      .string()
      .min(1)
      .max(255)
      .superRefine((name, issues) => {
        const problem = eventNameProblem(name);
        if (problem) issues.addIssue({ code: 'custom', message: problem });
      })
      .describe('Past-tense verb-noun, lower case, e.g. "updated-plan"'),
    contact: contactRef,
    created_at: timeInput
      .optional()
      .describe('When it happened (ISO, unix seconds or a phrase); default now'),
    metadata: metadata
      .optional()
      .describe('At most 10 flat keys (no "." or "$"): strings, numbers, {url, value}, {amount, currency}'),
  })
  .strict();
type EventInput = z.infer<typeof event>;

const eventStatus = z.enum(['recorded', 'failed', 'unknown']);

export default defineTool({
  name: 'track_user_events',
  title: 'Track user events',
  description: [
    'Records 1-100 data events (e.g. "updated-plan") on contacts and says, per event, which contact it landed on and whether Intercom accepted it.',
    'Use it to log product activity for segments and reports; update_contact_attributes changes contact fields.',
    'Checked before anything is sent: each contact must match one; names as Intercom stores them (lower case, "-" between words); metadata flat, at most 10 keys, no "." or "$" in keys. Resending with the same created_at is harmless; without it the event is recorded again.',
    'Example: {"events":[{"event_name":"ordered-item","contact":{"email":"jane@acme.com"},"metadata":{"order_id":"A-1","price":{"amount":34999,"currency":"eur"}}}]}',
  ].join('\n'),
  inputSchema: z.object({ events: z.array(event).min(1).max(MAX_EVENTS).describe('1-100 events') }).strict(),
  outputSchema: z.object({
    summary: z.object({
      recorded: z.number().int(),
      failed: z.number().int(),
      unknown: z.number().int(),
      duplicates: z.number().int(),
    }),
    results: z.array(
      z.object({
        index: z.number().int(),
        event_name: z.string(),
        contact: z.object({ id: z.string(), email: z.string().nullable(), name: untrustedTextOrNull }),
        status: eventStatus.describe(
          'unknown: may have been recorded; resending with the same created_at is safe',
        ),
        created_at: z.string().describe('ISO time sent'),
        duplicate_of: z.number().int().nullable().describe('Identical earlier event in this call (not sent)'),
        error: z.string().nullable(),
      }),
    ),
  }),
  // idempotentHint is false: events without created_at get "now", so repeating the call later records them
  // again. Only calls where every event carries created_at are idempotent (Intercom de-duplicates those),
  // and an annotation cannot depend on arguments, so we choose the conservative value.
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(args, ctx) {
    const now = new Date();
    // Every contact and time is resolved before anything is sent: one bad event sends nothing.
    const refs = new Map<string, ContactRef>();
    for (const e of args.events) refs.set(refKey(e.contact), e.contact);
    const distinct = [...refs.entries()];
    const found = await mapLimited(distinct, RESOLVE_CONCURRENCY, async ([, ref]) =>
      resolveContact(ctx.intercom, ref),
    );
    const contacts = new Map<string, IntercomContact>();
    const problems: string[] = [];
    for (const [i, [key]] of distinct.entries()) {
      const r = found[i];
      if (r?.status === 'found') contacts.set(key, r.contact);
      else if (r) {
        const at = args.events.findIndex((e) => refKey(e.contact) === key);
        problems.push(
          `events[${at}].contact: ${r.reason}${r.status === 'ambiguous' ? ` Candidates: ${r.candidates.map((c) => c.id).join(', ')}.` : ''}`,
        );
      }
    }
    const times = await Promise.all(
      args.events.map((e, i) =>
        e.created_at === undefined
          ? null
          : resolveTime(ctx, e.created_at, `events[${i}].created_at`, { direction: 'past' }).catch(
              (error: Error) => {
                problems.push(error.message);
                return null;
              },
            ),
      ),
    );
    if (problems.length > 0) {
      throw new ToolError(`Nothing was sent. Fix these and call again:\n- ${problems.join('\n- ')}`);
    }
    const nowUnix = Math.floor(now.getTime() / 1000);
    const firstIndexOf = new Map<string, number>();
    const results = args.events.map((e, index) => {
      const contact = contacts.get(refKey(e.contact)) as IntercomContact;
      const createdAt = times[index]?.unix ?? nowUnix;
      const key = JSON.stringify([contact.id, e.event_name, createdAt]);
      const earlier = firstIndexOf.get(key);
      if (earlier === undefined) firstIndexOf.set(key, index);
      return {
        index,
        event_name: e.event_name,
        contact: { id: contact.id, email: contact.email ?? null, name: contact.name ?? null },
        status: 'failed' as z.infer<typeof eventStatus>,
        created_at: new Date(createdAt * 1000).toISOString(),
        unix: createdAt,
        duplicate_of: earlier ?? null,
        error: null as string | null,
      };
    });
    const toSend = results.filter((r) => r.duplicate_of === null);
    let stopped: string | null = null;
    let done = 0;
    await mapLimited(toSend, SEND_CONCURRENCY, async (result) => {
      const input = args.events[result.index] as EventInput;
      if (stopped) {
        Object.assign(result, { status: 'failed', error: `Not sent: ${stopped}` });
      } else {
        try {
          // By Intercom id: it lands on exactly the contact resolved above (leads included).
          await trackEvent(ctx.intercom, {
            event_name: input.event_name,
            created_at: result.unix,
            contact: { id: result.contact.id },
            metadata: toMetadata(input.metadata),
          });
          result.status = 'recorded';
        } catch (error) {
          const failure = failureOf(error, ctx.logger);
          Object.assign(result, { status: failure.status, error: failure.error });
          if (failure.stop) stopped ??= failure.error;
        }
      }
      done += 1;
      await ctx.progress(done, toSend.length, `Processed ${done} of ${toSend.length} events`);
    });
    const summary = { recorded: 0, failed: 0, unknown: 0, duplicates: 0 };
    for (const r of results) {
      const original = r.duplicate_of === null ? undefined : results[r.duplicate_of];
      if (original) Object.assign(r, { status: original.status, error: original.error });
      if (original) summary.duplicates += 1;
      else summary[r.status] += 1;
    }
    return { summary, results: results.map(({ unix: _unix, ...r }) => r) };
  },
});

function refKey(ref: ContactRef): string {
  return ref.id
    ? `id:${ref.id}`
    : ref.email
      ? `email:${ref.email.toLowerCase()}`
      : `external_id:${ref.external_id}`;
}

function toUnix(value: string): number | undefined {
  if (/^\d+$/.test(value)) return Number(value);
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

/** `_date` keys given as ISO strings become unix seconds, the form Intercom treats as a date. */
function toMetadata(m: Record<string, EventMetadataValue> | undefined) {
  if (!m) return undefined;
  const entries = Object.entries(m).map(([k, v]) =>
    k.endsWith('_date') && typeof v === 'string' ? [k, toUnix(v) as number] : [k, v],
  );
  return Object.fromEntries(entries) as Record<string, EventMetadataValue>;
}

function failureOf(error: unknown, logger: Logger) {
  if (!(error instanceof IntercomApiError)) {
    logger.error({ err: error }, 'track_user_events: unexpected error while recording');
  }
  const failure = classifyWrite(error);
  const hint =
    failure.status === 'unknown'
      ? ' It may have been recorded; resending it with the same created_at is safe.'
      : '';
  return { status: failure.status, error: `${failure.message}${hint}`, stop: failure.stop };
}
