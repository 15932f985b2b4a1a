import { z } from 'zod';
import type { IntercomApi } from './client.js';

const segmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  person_type: z.string().nullish(),
  count: z.number().nullish(),
});
const segmentListSchema = z.object({ segments: z.array(segmentSchema).default([]) });
export type IntercomSegment = { id: string; name: string };
export type IntercomSegmentDetail = z.infer<typeof segmentSchema>;

/** GET /segments: every segment of the workspace in one unpaginated list. */
export async function listSegments(api: IntercomApi): Promise<IntercomSegment[]> {
  const list = await api.read(segmentListSchema, (sdk, o) => sdk.segments.list({}, o));
  return list.segments.map((s) => ({ id: s.id, name: s.name }));
}

/**
 * GET /segments?include_count=true: the contact segments with `person_type` (user or contact, i.e. lead)
 * and how many contacts each holds. Company segments are not listed here (a company names its own).
 */
export async function listSegmentsWithCounts(api: IntercomApi): Promise<IntercomSegmentDetail[]> {
  return (await api.read(segmentListSchema, (sdk, o) => sdk.segments.list({ include_count: true }, o)))
    .segments;
}
