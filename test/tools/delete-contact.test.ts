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

describe('delete_contact', () => {
  it('refuses without confirm: true and sends nothing', async () => {
    const c = temp();
    expect(await h.fails('delete_contact', { id: c.id })).toMatch(/confirm: true/);
    expect(await h.fails('delete_contact', { id: c.id, confirm: false })).toMatch(/confirm/);
    expect(await h.fails('delete_contact', { confirm: true })).toMatch(/exactly one of id, email/);
    expect(h.recorded()).toEqual([]);
    expect(h.workspaceA.contacts.has(c.id)).toBe(true);
  });

  it('deletes by id, and a second delete reports not found', async () => {
    const c = temp();
    expect(await h.ok('delete_contact', { id: c.id, confirm: true })).toEqual({ id: c.id, deleted: true });
    expect(h.recorded()).toMatchObject([{ method: 'DELETE', path: `/contacts/${c.id}`, status: 200 }]);
    expect(h.workspaceA.contacts.has(c.id)).toBe(false);
    expect(await h.fails('delete_contact', { id: c.id, confirm: true })).toMatch(/may already be deleted/);
    expect(h.fake.unhandled).toEqual([]);
  });

  it('resolves an email to exactly one contact before deleting', async () => {
    const c = temp();
    await h.ok('delete_contact', { email: c.email, confirm: true });
    expect(h.recorded().map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /contacts/search',
      `DELETE /contacts/${c.id}`,
    ]);
    expect(h.workspaceA.contacts.has(c.id)).toBe(false);
  });

  it('refuses an ambiguous email and deletes nothing', async () => {
    const a = temp({ email: 'twins@delete.test' });
    const b = temp({ email: 'twins@delete.test', role: 'lead' });
    const text = await h.fails('delete_contact', { email: 'twins@delete.test', confirm: true });
    expect(text).toContain(a.id);
    expect(text).toContain(b.id);
    expect(h.recorded().filter((r) => r.method === 'DELETE')).toEqual([]);
  });

  it('does not retry a dropped delete and says the outcome is unknown', async () => {
    const c = temp();
    h.fake.inject({ kind: 'drop', when: 'after', times: 1, match: { path: /^\/contacts\/[0-9a-f]{24}$/ } });
    const text = await h.fails('delete_contact', { id: c.id, confirm: true });
    expect(text).toMatch(/outcome is unknown.*get_contact/);
    expect(h.recorded().filter((r) => r.method === 'DELETE')).toHaveLength(1);
    expect(h.workspaceA.contacts.has(c.id)).toBe(false); // it did apply
  });

  it('does not retry a delete answered with 500', async () => {
    const c = temp();
    h.fake.inject({ kind: 'status', status: 500, times: 1, match: { method: 'DELETE' } });
    const text = await h.fails('delete_contact', { id: c.id, confirm: true });
    expect(text).toMatch(/HTTP 500.*outcome is unknown/);
    expect(h.recorded().filter((r) => r.method === 'DELETE')).toHaveLength(1);
  });

  it('cannot delete another workspace’s contact', async () => {
    const c = temp();
    expect(await h.fails('delete_contact', { id: c.id, confirm: true }, h.clientB)).toMatch(
      /No contact has id/,
    );
    expect(h.workspaceA.contacts.has(c.id)).toBe(true);
    expect(h.fake.requestsFor(WORKSPACE_B.id).filter((r) => r.method === 'DELETE')).toHaveLength(1);
  });
});
