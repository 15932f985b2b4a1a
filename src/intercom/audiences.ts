import type { IntercomApi } from './client.js';
import { type ContactPage, type SearchQuery, searchContacts } from './contacts.js';
import { listSegments } from './segments.js';
import { listTags } from './tags.js';

/** A segment or tag whose contacts a bulk send reaches. */
export interface Audience {
  kind: 'segment' | 'tag';
  id: string;
  name: string;
}

export type AudienceRef = { kind: 'segment' | 'tag'; id?: string | undefined; name?: string | undefined };

export type AudienceResolution =
  | { status: 'found'; audience: Audience }
  | { status: 'not_found' | 'ambiguous'; reason: string };

/** Finds a segment or tag by id or by name (case-insensitive, exact), from the workspace's full list. */
export async function resolveAudience(api: IntercomApi, ref: AudienceRef): Promise<AudienceResolution> {
  const all = ref.kind === 'segment' ? await listSegments(api) : await listTags(api);
  const noun = ref.kind;
  const known = all
    .slice(0, 20)
    .map((item) => `"${item.name}" (${item.id})`)
    .join(', ');
  const hint = known ? ` Known ${noun}s include ${known}.` : ` This workspace has no ${noun}s.`;
  if (ref.id !== undefined) {
    const found = all.find((item) => item.id === ref.id);
    return found
      ? { status: 'found', audience: { kind: ref.kind, id: found.id, name: found.name } }
      : { status: 'not_found', reason: `No ${noun} has id ${ref.id}.${hint}` };
  }
  const wanted = (ref.name ?? '').trim().toLowerCase();
  const matches = all.filter((item) => item.name.trim().toLowerCase() === wanted);
  const [only] = matches;
  if (matches.length === 1 && only) {
    return { status: 'found', audience: { kind: ref.kind, id: only.id, name: only.name } };
  }
  if (matches.length > 1) {
    const ids = matches.map((m) => m.id).join(', ');
    return {
      status: 'ambiguous',
      reason: `${matches.length} ${noun}s are named "${ref.name}" (ids ${ids}); name one by id.`,
    };
  }
  return { status: 'not_found', reason: `No ${noun} is named "${ref.name}".${hint}` };
}

/** The contact search that lists an audience's members. */
export function audienceQuery(audience: Audience): SearchQuery {
  return { field: audience.kind === 'segment' ? 'segment_id' : 'tag_id', operator: '=', value: audience.id };
}

/** One page of the audience's contacts (POST /contacts/search, pagination in the body). */
export function audiencePage(
  api: IntercomApi,
  audience: Audience,
  page: { perPage: number; cursor?: string | undefined },
): Promise<ContactPage> {
  return searchContacts(api, audienceQuery(audience), page);
}
