import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { addContact } from '../fake-intercom/index.js';
import { WORKSPACE_B } from '../fake-intercom/seed-b.js';
import { useToolHarness } from './harness.js';

const h = useToolHarness();
let n = 0;
const temp = (extra: { email?: string; role?: 'user' | 'lead' } = {}) =>
  addContact(h.workspaceA, {
    name: 'Temp',
    email: extra.email ?? `temp.${++n}@delete.test`,
    role: extra.role,
  });

/** A dry run's confirmation token for deleting the contact named by `ref` (as another client would). */
async function tokenFor(ref: Record<string, unknown>, client = h.client): Promise<string> {
  const dry = await h.ok<{ confirmation: { token: string } }>(
    'delete_contact',
    { ...ref, dry_run: true },
    client,
  );
  return dry.confirmation.token;
}

/** The real call, carrying a fresh confirmation; the fake's log is cleared after the dry run. */
async function confirmed(ref: Record<string, unknown>, client = h.client) {
  const token = await tokenFor(ref, client);
  h.fake.requests.length = 0;
  return { ...ref, confirmation_token: token };
}

describe('delete_contact', () => {
  it('refuses without a confirmation and sends nothing', async () => {
    const c = temp();
    expect(await h.fails('delete_contact', { id: c.id })).toMatch(/needs a confirmation.*dry_run: true/);
    expect(await h.fails('delete_contact', { id: c.id, confirm: true })).toMatch(/confirm/);
    expect(await h.fails('delete_contact', { dry_run: true })).toMatch(/exactly one of id, email/);
    expect(h.recorded()).toEqual([]);
    expect(h.workspaceA.contacts.has(c.id)).toBe(true);
  });

  it('shows who a dry run would delete, deleting nothing, and the token deletes exactly that contact once', async () => {
    const c = temp();
    const dry = await h.ok<Record<string, unknown>>('delete_contact', { email: c.email, dry_run: true });
    expect(dry).toMatchObject({
      id: c.id,
      deleted: false,
      dry_run: true,
      contact: { email: c.email, name: 'Temp' },
      confirmation: { token: expect.stringMatching(/^icmc_/), covers: `deleting contact ${c.id}` },
    });
    expect(h.recorded().filter((r) => r.method === 'DELETE')).toEqual([]);
    const token = (dry.confirmation as { token: string }).token;
    expect(await h.ok('delete_contact', { id: c.id, confirmation_token: token })).toMatchObject({
      id: c.id,
      deleted: true,
    });
    expect(h.recorded().filter((r) => r.method === 'DELETE')).toHaveLength(1);
    expect(h.workspaceA.contacts.has(c.id)).toBe(false);
  });

  it('refuses a used, expired, unknown or other contact’s token, deleting nothing', async () => {
    const [a, b] = [temp(), temp()];
    const forA = await tokenFor({ id: a.id });
    // For another contact: the token names a, the call b.
    expect(await h.fails('delete_contact', { id: b.id, confirmation_token: forA })).toMatch(
      /refused: it was issued for another contact\. Nothing was done\. Dry-run again/,
    );
    // Another connection (workspace B) cannot spend workspace A's token.
    expect(await h.fails('delete_contact', { id: a.id, confirmation_token: forA }, h.clientB)).toMatch(
      /not a confirmation this connection was given/,
    );
    expect(await h.fails('delete_contact', { id: a.id, confirmation_token: 'icmc_guess' })).toMatch(
      /not a confirmation this connection was given/,
    );
    const expired = await tokenFor({ id: b.id });
    await h.app.runtime.deps.database.db.execute(
      sql`update confirmations set expires_at = now() - interval '1 second'`,
    );
    expect(await h.fails('delete_contact', { id: b.id, confirmation_token: expired })).toMatch(
      /it expired \(a confirmation lasts 10 minutes\)/,
    );
    expect(h.workspaceA.contacts.has(a.id) && h.workspaceA.contacts.has(b.id)).toBe(true);
    expect(h.fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    // Single use: the right token works once, then it is spent.
    const once = await tokenFor({ id: a.id });
    await h.ok('delete_contact', { id: a.id, confirmation_token: once });
    expect(await h.fails('delete_contact', { id: a.id, confirmation_token: once })).toMatch(
      /it was already used/,
    );
    expect(h.recorded().filter((r) => r.method === 'DELETE')).toHaveLength(1);
  });

  it('deletes by id, and a second delete reports not found', async () => {
    const c = temp();
    const args = await confirmed({ id: c.id });
    expect(await h.ok('delete_contact', args)).toEqual({ id: c.id, deleted: true, dry_run: false });
    expect(h.recorded()).toMatchObject([{ method: 'DELETE', path: `/contacts/${c.id}`, status: 200 }]);
    expect(h.workspaceA.contacts.has(c.id)).toBe(false);
    expect(await h.fails('delete_contact', { id: c.id, dry_run: true })).toMatch(/No contact has id/);
    expect(h.fake.unhandled).toEqual([]);
  });

  it('resolves an email to exactly one contact before deleting', async () => {
    const c = temp();
    await h.ok('delete_contact', await confirmed({ email: c.email }));
    expect(h.recorded().map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /contacts/search',
      `DELETE /contacts/${c.id}`,
    ]);
    expect(h.workspaceA.contacts.has(c.id)).toBe(false);
  });

  it('refuses an ambiguous email and deletes nothing', async () => {
    const a = temp({ email: 'twins@delete.test' });
    const b = temp({ email: 'twins@delete.test', role: 'lead' });
    const text = await h.fails('delete_contact', { email: 'twins@delete.test', dry_run: true });
    expect(text).toContain(a.id);
    expect(text).toContain(b.id);
    expect(h.recorded().filter((r) => r.method === 'DELETE')).toEqual([]);
  });

  it('does not retry a dropped delete and says the outcome is unknown', async () => {
    const c = temp();
    const args = await confirmed({ id: c.id });
    h.fake.inject({ kind: 'drop', when: 'after', times: 1, match: { path: /^\/contacts\/[0-9a-f]{24}$/ } });
    const text = await h.fails('delete_contact', args);
    expect(text).toMatch(/outcome is unknown.*get_contact/);
    expect(h.recorded().filter((r) => r.method === 'DELETE')).toHaveLength(1);
    expect(h.workspaceA.contacts.has(c.id)).toBe(false); // it did apply
  });

  it('does not retry a delete answered with 500', async () => {
    const c = temp();
    const args = await confirmed({ id: c.id });
    h.fake.inject({ kind: 'status', status: 500, times: 1, match: { method: 'DELETE' } });
    const text = await h.fails('delete_contact', args);
    expect(text).toMatch(/HTTP 500.*outcome is unknown/);
    expect(h.recorded().filter((r) => r.method === 'DELETE')).toHaveLength(1);
  });

  it('cannot delete another workspace’s contact', async () => {
    const c = temp();
    expect(await h.fails('delete_contact', { id: c.id, dry_run: true }, h.clientB)).toMatch(
      /No contact has id/,
    );
    expect(h.workspaceA.contacts.has(c.id)).toBe(true);
    expect(h.fake.requestsFor(WORKSPACE_B.id).filter((r) => r.method === 'DELETE')).toHaveLength(0);
  });
});
