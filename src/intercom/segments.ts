import { z } from 'zod';
import type { IntercomApi } from './client.js';

const segmentSchema = z.object({ id: z.string(), name: z.string() });
const segmentListSchema = z.object({ segments: z.array(segmentSchema).default([]) });
export type IntercomSegment = { id: string; name: string };

/** GET /segments: every segment of the workspace in one unpaginated list. */
export async function listSegments(api: IntercomApi): Promise<IntercomSegment[]> {
  const list = await api.read(segmentListSchema, (sdk, o) => sdk.segments.list({}, o));
  return list.segments.map((s) => ({ id: s.id, name: s.name }));
}
