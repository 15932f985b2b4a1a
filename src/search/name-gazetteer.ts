import type { Token } from './tokenize-query.js';
import { fold } from './vocabulary.js';

/** The workspace's names the parser recognises in free text. */
export interface WorkspaceNames {
  admins: { id: string; name: string; email?: string | null | undefined }[];
  teams: { id: string; name: string }[];
  tags: { id: string; name: string }[];
}

export type NameKind = 'admin' | 'team' | 'tag';

export interface NameHit {
  kind: NameKind;
  /** The name as the workspace writes it. */
  name: string;
  consumed: number;
}

const MAX_WORDS = 4;

const words = (name: string) =>
  fold(name)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/**
 * Admin, team and tag names by their folded words, so that "billing team", "Bob", "tagged VIP" and
 * "asignadas a Bob Martin" find the workspace's own names wherever they are in the query. Admins are
 * also found by a first name that no other admin has.
 */
export class NameGazetteer {
  private readonly byKey = new Map<string, NameHit[]>();

  constructor(names: WorkspaceNames) {
    const add = (kind: NameKind, name: string, key: string[]) => {
      if (key.length === 0 || key.length > MAX_WORDS) return;
      const k = key.join(' ');
      const list = this.byKey.get(k) ?? [];
      if (!list.some((h) => h.kind === kind && h.name === name))
        list.push({ kind, name, consumed: key.length });
      this.byKey.set(k, list);
    };
    for (const a of names.admins) add('admin', a.name, words(a.name));
    const firsts = new Map<string, string[]>();
    for (const a of names.admins) {
      const first = words(a.name)[0];
      if (first && first.length > 2) firsts.set(first, [...(firsts.get(first) ?? []), a.name]);
    }
    for (const [first, owners] of firsts)
      if (owners.length === 1 && owners[0]) add('admin', owners[0], [first]);
    for (const t of names.teams) add('team', t.name, words(t.name));
    for (const t of names.tags) add('tag', t.name, words(t.name));
  }

  /** The longest names starting at token `i`, of the given kinds (several when kinds share a name). */
  at(t: Token[], i: number, kinds: readonly NameKind[]): NameHit[] {
    for (let n = MAX_WORDS; n >= 1; n--) {
      const slice = t.slice(i, i + n);
      if (slice.length < n || slice.some((tok) => tok.quoted)) continue;
      if (slice.slice(0, -1).some((tok) => tok.sep)) continue;
      const hits = (this.byKey.get(slice.map((tok) => tok.w).join(' ')) ?? []).filter((h) =>
        kinds.includes(h.kind),
      );
      if (hits.length > 0) return hits.map((h) => ({ ...h, consumed: n }));
    }
    return [];
  }
}
