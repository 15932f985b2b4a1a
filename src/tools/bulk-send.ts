import { z } from 'zod';
import { type AudienceRef, audiencePage, resolveAudience } from '../intercom/audiences.js';
import { type ToolContext, ToolError } from './define-tool.js';
import { type BulkMessage, JobRefused } from './message-jobs-port.js';
import { untrustedTextOrNull } from './untrusted.js';

const SAMPLE_SIZE = 5;

/** A segment or tag named by exactly one of id or name. */
function audienceRef(kind: 'segment' | 'tag') {
  const id =
    kind === 'segment'
      ? z.string().regex(/^[0-9a-f]{24}$/, 'a segment id is 24 hex characters')
      : z.string().regex(/^\d{1,20}$/, 'a tag id is a string of digits');
  return z
    .object({
      id: id.optional().describe(`Intercom ${kind} id`),
      name: z.string().trim().min(1).max(255).optional().describe(`${kind} name (case-insensitive, exact)`),
    })
    .strict()
    .refine((r) => (r.id === undefined) !== (r.name === undefined), {
      message: `name the ${kind} by exactly one of id or name`,
    });
}

export const segmentRef = audienceRef('segment');
export const tagRef = audienceRef('tag');

export const audienceOutput = z
  .object({
    kind: z.enum(['segment', 'tag']),
    id: z.string(),
    name: z.string(),
    size: z.number().int().describe('Contacts in the audience now'),
    sample: z
      .array(
        z.object({
          contact_id: z.string(),
          role: z.string().nullable(),
          email: z.string().nullable(),
          name: untrustedTextOrNull,
        }),
      )
      .describe(`Up to ${SAMPLE_SIZE} of its contacts`),
  })
  .describe('The segment or tag messaged (sending to an audience)');

export const jobOutput = z
  .object({
    job_id: z.string(),
    status: z.string(),
    estimated_seconds: z.number().int(),
    estimate_basis: z.string(),
  })
  .describe('The bulk send job created; follow it with get_message_job');

/**
 * Sending to a whole segment or tag: resolve it, count it, and either report (dry run) or create a job
 * that sends in the background, paced, one message per contact. Returns at once.
 */
export async function sendToAudience(
  ctx: ToolContext,
  ref: AudienceRef,
  message: BulkMessage,
  dryRun: boolean,
): Promise<{ audience: z.input<typeof audienceOutput>; job: z.input<typeof jobOutput> | null }> {
  const resolution = await resolveAudience(ctx.intercom, ref);
  if (resolution.status !== 'found') throw new ToolError(resolution.reason);
  const { audience } = resolution;
  const first = await audiencePage(ctx.intercom, audience, { perPage: SAMPLE_SIZE });
  const size = first.totalCount ?? (first.nextCursor ? null : first.contacts.length);
  if (size === null)
    throw new ToolError(`Intercom did not say how many contacts the ${audience.kind} has; try again.`);
  const summary = {
    ...audience,
    size,
    sample: first.contacts.map((c) => ({
      contact_id: c.id,
      role: c.role ?? null,
      email: c.email ?? null,
      name: c.name ?? null,
    })),
  };
  if (dryRun) return { audience: summary, job: null };
  if (size === 0) {
    throw new ToolError(`The ${audience.kind} "${audience.name}" has no contacts; nothing to send.`);
  }
  try {
    const job = await ctx.jobs.create({ audience, audienceSize: size, message });
    return {
      audience: summary,
      job: {
        job_id: job.jobId,
        status: job.status,
        estimated_seconds: job.estimatedSeconds,
        estimate_basis: job.estimateBasis,
      },
    };
  } catch (error) {
    if (error instanceof JobRefused) throw new ToolError(error.message);
    throw error;
  }
}
