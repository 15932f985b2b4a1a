import { z } from 'zod';
import { IntercomApiError } from '../intercom/errors.js';
import { type DataEvent, type EventMetadataValue, trackEvent } from '../intercom/events.js';
import type { Logger } from '../logger.js';
import { mapLimited } from '../util/map-limited.js';
import { defineTool } from './define-tool.js';
import { contactId, email, externalId } from './params.js';
import { classifyWrite } from './write-outcome.js';

const MAX_EVENTS = 100;
const MAX_METADATA_KEYS = 10; // Intercom keeps the first 10 keys and silently drops the rest.
const SEND_CONCURRENCY = 5;

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

const metadata = z.record(z.string().min(1).max(255), metadataValue).superRefine((m, issues) => {
  const keys = Object.keys(m);
  if (keys.length > MAX_METADATA_KEYS) {
    issues.addIssue({
      code: 'custom',
      message:
        `has ${keys.length} keys (${keys.join(', ')}); Intercom keeps only ${MAX_METADATA_KEYS} and drops ` +
        'the rest silently, so send at most 10',
    });
  }
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
      .trim()
      .min(1)
      .max(255)
      .describe('Event name, e.g. "ordered-item" (past-tense verb-noun)'),
    id: contactId.optional(),
    user_id: externalId.optional().describe('The contact’s external_id (users only)'),
    email: email.optional().describe('The contact’s email (users only; name leads by id)'),
    created_at: z
      .union(
        [
          z.iso.datetime({ offset: true }),
          z.number().int().positive().max(99_999_999_999, 'unix seconds, not milliseconds'),
        ],
        { error: 'an ISO 8601 date-time with time zone (2026-01-05T10:00:00Z) or unix seconds' },
      )
      .optional()
      .describe('When it happened: ISO 8601 with time zone or unix seconds; defaults to now'),
    metadata: metadata
      .optional()
      .describe(
        `At most ${MAX_METADATA_KEYS} flat keys: strings, numbers (keys ending in _date: unix or ISO time), ` +
          'URLs, {url, value} rich links, {amount, currency} money (amount in cents)',
      ),
  })
  .strict()
  .refine((e) => [e.id, e.user_id, e.email].filter((v) => v !== undefined).length === 1, {
    message: 'name the contact by exactly one of id, user_id or email',
  });
type EventInput = z.infer<typeof event>;

const eventStatus = z.enum(['recorded', 'failed', 'unknown']);

export default defineTool({
  name: 'track_user_events',
  title: 'Track user events',
  description: [
    'Records 1-100 data events (e.g. "ordered-item") on contacts and reports per event whether Intercom accepted it.',
    'Use it to log product activity for segments, series and reports; to change contact fields use ' +
      'update_contact_attributes. Name each contact by exactly one of id (users and leads), user_id (your ' +
      'external id) or email (users only; leads need id).',
    `Limits: ${MAX_EVENTS} events per call; metadata has at most ${MAX_METADATA_KEYS} flat keys (more or nested ` +
      'ones are rejected before anything is sent). created_at defaults to now. Intercom ignores an event identical ' +
      'to one it already has (same contact, event_name and created_at): resending with the same created_at is ' +
      'harmless, while an event without created_at is recorded again.',
    'Example: {"events":[{"event_name":"ordered-item","email":"jane@acme.com","metadata":{"order_id":"A-1",' +
      '"price":{"amount":34999,"currency":"eur"}}}]} → {"results":[{"index":0,"status":"recorded",' +
      '"created_at":1734537780,…}],…}',
  ].join('\n'),
  inputSchema: z
    .object({
      events: z.array(event).min(1).max(MAX_EVENTS).describe(`1-${MAX_EVENTS} events to record`),
    })
    .strict(),
  outputSchema: z.object({
    summary: z.object({
      recorded: z.number().int(),
      failed: z.number().int(),
      unknown: z.number().int(),
      duplicates: z.number().int(),
    }),
    results: z.array(
      z.object({
        index: z.number().int().describe('Position in events'),
        event_name: z.string(),
        status: eventStatus.describe(
          'recorded (accepted by Intercom); failed (not recorded); unknown (may have been recorded: ' +
            'resending it with the same created_at is safe)',
        ),
        created_at: z.number().int().describe('Unix seconds sent to Intercom'),
        duplicate_of: z
          .number()
          .int()
          .nullable()
          .describe(
            'Index of an identical earlier event in this call; Intercom would ignore this one, so it was not sent',
          ),
        error: z.string().nullable(),
      }),
    ),
  }),
  // idempotentHint is false: events without created_at get "now", so repeating the call later records them
  // again. Only calls where every event carries created_at are idempotent (Intercom de-duplicates those),
  // and an annotation cannot depend on arguments, so we choose the conservative value.
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(args, ctx) {
    const now = Math.floor(Date.now() / 1000);
    const firstIndexOf = new Map<string, number>();
    const results = args.events.map((e, index) => {
      const createdAt = toUnix(e.created_at) ?? now;
      const key = JSON.stringify([identity(e), e.event_name, createdAt]);
      const earlier = firstIndexOf.get(key);
      if (earlier === undefined) firstIndexOf.set(key, index);
      return {
        index,
        event_name: e.event_name,
        status: 'failed' as z.infer<typeof eventStatus>,
        created_at: createdAt,
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
          await trackEvent(ctx.intercom, {
            event_name: input.event_name,
            created_at: result.created_at,
            contact: identity(input),
            metadata: toMetadata(input.metadata),
          });
          result.status = 'recorded';
        } catch (error) {
          const failure = failureOf(error, input, ctx.logger);
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
    return { summary, results };
  },
});

function identity(e: EventInput): DataEvent['contact'] {
  if (e.id !== undefined) return { id: e.id };
  if (e.user_id !== undefined) return { user_id: e.user_id };
  return { email: (e.email ?? '').toLowerCase() };
}

function toUnix(value: string | number | undefined): number | undefined {
  if (value === undefined || typeof value === 'number') return value;
  return Math.floor(Date.parse(value) / 1000);
}

/** `_date` keys given as ISO strings become unix seconds, the form Intercom treats as a date. */
function toMetadata(m: Record<string, EventMetadataValue> | undefined) {
  if (!m) return undefined;
  const entries = Object.entries(m).map(([k, v]) =>
    k.endsWith('_date') && typeof v === 'string' ? [k, toUnix(v) as number] : [k, v],
  );
  return Object.fromEntries(entries) as Record<string, EventMetadataValue>;
}

function failureOf(error: unknown, e: EventInput, logger: Logger) {
  if (!(error instanceof IntercomApiError)) {
    logger.error({ err: error }, 'track_user_events: unexpected error while recording');
  }
  if (error instanceof IntercomApiError && error.kind === 'not_found' && !error.extra.mayHaveApplied) {
    const who = e.id ? `id ${e.id}` : e.user_id ? `user_id ${e.user_id}` : `email ${e.email}`;
    const lead = e.id ? '' : ' Leads can only be named by id.';
    const message = `No contact matches ${who} (Intercom: User Not Found).${lead} Find contacts with search_contacts.`;
    return { status: 'failed' as const, error: message, stop: false };
  }
  const failure = classifyWrite(error);
  const hint =
    failure.status === 'unknown'
      ? ' It may have been recorded; resending it with the same created_at is safe.'
      : '';
  return { status: failure.status, error: `${failure.message}${hint}`, stop: failure.stop };
}
