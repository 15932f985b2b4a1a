import type { FakeWorkspace } from './types.js';
import { hexId } from './util.js';

/** Moves the id counters past every explicit id a seed used, so generated ids never collide. */
export function syncCounters(ws: FakeWorkspace): void {
  const nums = [...ws.admins.keys(), ...ws.teams.keys(), ...ws.tags.keys(), ...ws.articles.keys()];
  for (const id of nums) ws.seq.num = Math.max(ws.seq.num, Number(id) || 0);
  for (const id of ws.conversations.keys())
    ws.seq.conversation = Math.max(ws.seq.conversation, Number(id) || 0);
  for (const c of ws.conversations.values()) {
    ws.seq.message = Math.max(ws.seq.message, Number(c.source.id) || 0);
    for (const p of c.parts) ws.seq.part = Math.max(ws.seq.part, Number(p.id) || 0);
  }
  for (const id of [...ws.contacts.keys(), ...ws.segments.keys(), ...ws.companies.keys()]) {
    if (id.startsWith(ws.hexPrefix)) ws.seq.hex = Math.max(ws.seq.hex, Number.parseInt(id.slice(8), 16) || 0);
  }
}

export function nextNumId(ws: FakeWorkspace): string {
  ws.seq.num += 1;
  return String(ws.seq.num);
}

export function nextHexId(ws: FakeWorkspace): string {
  ws.seq.hex += 1;
  return hexId(ws.hexPrefix, ws.seq.hex);
}
