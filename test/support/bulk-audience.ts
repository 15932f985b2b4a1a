import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { addContact, addSegment, addTag, type FakeIntercom } from '../fake-intercom/index.js';
import type { FakeWorkspace } from '../fake-intercom/types.js';
import { callOk } from './tool-calls.js';

export interface BulkWorkspace {
  ws: FakeWorkspace;
  /** 500 users in one segment. */
  bigSegment: { id: string; name: string; contactIds: string[] };
  /** The same 500 plus one: one more than a 500-contact limit. */
  tooBigSegment: { id: string; name: string };
  /** 120 contacts with one tag. */
  tag: { id: string; name: string; contactIds: string[] };
}

/** A workspace of its own with a 500-contact segment, a 501-contact segment and a 120-contact tag. */
export function addBulkWorkspace(fake: FakeIntercom, name = 'Bulk Co'): BulkWorkspace {
  const ws = fake.addWorkspace({
    name,
    owner: { name: 'Bulk Owner', email: `owner@${name.replace(/\W/g, '').toLowerCase()}.test` },
  });
  const big = addSegment(ws, 'Newsletter readers');
  const tooBig = addSegment(ws, 'Everyone');
  const tag = addTag(ws, 'Beta testers');
  const bigIds: string[] = [];
  const tagIds: string[] = [];
  for (let i = 0; i < 500; i++) {
    const inTag = i < 120;
    const contact = addContact(ws, {
      role: i % 10 === 0 ? 'lead' : 'user',
      email: `reader${i}@bulk.test`,
      name: `Reader ${i}`,
      segmentIds: [big.id, tooBig.id],
      tagIds: inTag ? [tag.id] : [],
    });
    bigIds.push(contact.id);
    if (inTag) tagIds.push(contact.id);
  }
  addContact(ws, { role: 'user', email: 'extra@bulk.test', segmentIds: [tooBig.id] });
  return {
    ws,
    bigSegment: { id: big.id, name: big.name, contactIds: bigIds },
    tooBigSegment: { id: tooBig.id, name: tooBig.name },
    tag: { id: tag.id, name: tag.name, contactIds: tagIds },
  };
}

/** How many admin messages each contact of the workspace received. */
export function messagesPerContact(ws: FakeWorkspace): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of ws.messages) {
    if (m.type !== 'admin_message') continue;
    for (const to of m.to) counts.set(to.id, (counts.get(to.id) ?? 0) + 1);
  }
  return counts;
}

export interface JobOutput {
  job_id: string;
  status: string;
  done: boolean;
  audience_size: number | null;
  counts: { pending: number; sending: number; sent: number; failed: number; unknown: number };
  recipients: { contact_id: string; email: string | null; state: string; error: string | null }[];
  next_cursor: string | null;
  error: string | null;
}

/** Follows a job with get_message_job until it ends (or the deadline passes). */
export async function waitForJob(client: Client, jobId: string, timeoutMs = 60_000): Promise<JobOutput> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await callOk<JobOutput>(client, 'get_message_job', { job_id: jobId, wait_seconds: 5 });
    if (job.done || Date.now() > deadline) return job;
  }
}

/**
 * A send to a segment or tag as a user approves it: the dry run, then the same call with the
 * confirmation token the dry run returned. Returns the real call's structuredContent.
 */
export async function sendConfirmed<T = Record<string, unknown>>(
  client: Client,
  args: Record<string, unknown>,
): Promise<T> {
  const dry = await callOk<{ confirmation?: { token: string } }>(client, 'send_intercom_message', {
    ...args,
    dry_run: true,
  });
  if (!dry.confirmation) throw new Error(`the dry run issued no confirmation: ${JSON.stringify(dry)}`);
  return callOk<T>(client, 'send_intercom_message', { ...args, confirmation_token: dry.confirmation.token });
}
