import { listAdmins, listTeams } from '../intercom/admins.js';
import type { IntercomApi } from '../intercom/client.js';
import type { IntercomAdmin, IntercomTeam } from '../intercom/schemas.js';
import { type IntercomSegment, listSegments } from '../intercom/segments.js';
import { type IntercomTag, listTags } from '../intercom/tags.js';
import { type IntercomTicketType, listTicketTypes } from '../intercom/tickets.js';

export type DirectoryKind = 'admin' | 'team' | 'tag' | 'segment' | 'ticket_type';

export interface DirectoryLists {
  admin: IntercomAdmin;
  team: IntercomTeam;
  tag: IntercomTag;
  segment: IntercomSegment;
  ticket_type: IntercomTicketType;
}

/** The one unpaginated Intercom list behind each kind. */
export const LOADERS: { [K in DirectoryKind]: (api: IntercomApi) => Promise<DirectoryLists[K][]> } = {
  admin: listAdmins,
  team: listTeams,
  tag: listTags,
  segment: listSegments,
  ticket_type: listTicketTypes,
};

/** A list loaded this recently is not loaded again when a name is missing from it. */
const FRESH_MS = 5_000;

interface Entry {
  value: Promise<unknown[]>;
  loadedAt: number;
}

/**
 * The workspace's admins, teams, tags and segments, per connection, for a short time: a tool call that
 * names three admins, or a model making ten calls in a minute, reads each list once. Held by the process
 * (like the GET /me cache) and keyed by connection, so workspaces never share an entry. A failed load is
 * not kept; a name that is not found in a list older than a moment is looked up again (see Directory).
 */
export class DirectoryCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 20_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The list, and whether it is fresh: loaded by this call or within the last few seconds (so that
   * several names looked up at once do not each load it again when one is missing).
   */
  async get<K extends DirectoryKind>(
    connectionId: string,
    kind: K,
    load: () => Promise<DirectoryLists[K][]>,
  ): Promise<{ items: DirectoryLists[K][]; fresh: boolean }> {
    const key = `${connectionId}\u0000${kind}`;
    const now = this.now();
    let entry = this.entries.get(key);
    if (!entry || now - entry.loadedAt >= this.ttlMs) {
      if (this.entries.size >= this.maxEntries) {
        const oldest = this.entries.keys().next();
        if (!oldest.done) this.entries.delete(oldest.value);
      }
      const created: Entry = { value: load(), loadedAt: now };
      this.entries.set(key, created);
      created.value.catch(() => {
        if (this.entries.get(key) === created) this.entries.delete(key);
      });
      entry = created;
    }
    const items = (await entry.value) as DirectoryLists[K][];
    return { items, fresh: now - entry.loadedAt < FRESH_MS };
  }

  /** Drops a list, e.g. after this connection created a tag. */
  forget(connectionId: string, kind: DirectoryKind): void {
    this.entries.delete(`${connectionId}\u0000${kind}`);
  }
}
