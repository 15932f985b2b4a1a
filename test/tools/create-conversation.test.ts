import { beforeAll, describe, expect, it } from 'vitest';
import { addContact } from '../fake-intercom/index.js';
import { WORKSPACE_A } from '../fake-intercom/seed-a.js';
import { useToolHarness } from './harness.js';

const h = useToolHarness();
const C = WORKSPACE_A.contacts;
const SHARED_EMAIL = 'twice@ambiguous.test';

interface Output {
  message_id: string;
  conversation_id: string | null;
  contact_id: string;
  from_type: string;
}

const posts = () => h.recorded().filter((r) => r.method === 'POST' && r.path === '/conversations');

describe('create_conversation', () => {
  beforeAll(() => {
    addContact(h.workspaceA, { role: 'user', email: SHARED_EMAIL });
    addContact(h.workspaceA, { role: 'lead', email: SHARED_EMAIL });
  });
  it('creates a conversation written by a user found by email', async () => {
    const out = await h.ok<Output>('create_conversation', {
      contact: { email: C.jane.email },
      body: 'My invoice shows the wrong VAT number.',
    });
    expect(out).toMatchObject({ contact_id: C.jane.id, from_type: 'user' });
    expect(out.message_id).toMatch(/^\d+$/);
    const conversation = h.workspaceA.conversations.get(out.conversation_id ?? '');
    expect(conversation?.source).toMatchObject({
      id: out.message_id,
      body: 'My invoice shows the wrong VAT number.',
      delivered_as: 'customer_initiated',
    });
    expect(conversation?.contactIds).toEqual([C.jane.id]);
    expect(h.recorded().map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /contacts/search',
      'POST /conversations',
    ]);
    expect(posts()[0]?.body).toEqual({
      from: { type: 'user', id: C.jane.id },
      body: 'My invoice shows the wrong VAT number.',
    });
    expect(h.fake.unhandled).toEqual([]);
  });

  it('names a lead as author with type lead', async () => {
    const out = await h.ok<Output>('create_conversation', {
      contact: { id: C.lead2.id },
      body: 'Do you ship to Japan?',
    });
    expect(out.from_type).toBe('lead');
    expect(posts()[0]?.body).toMatchObject({ from: { type: 'lead', id: C.lead2.id } });
  });

  it('refuses unknown, ambiguous and badly named contacts without writing', async () => {
    const unknown = await h.fails('create_conversation', {
      contact: { external_id: 'no-such-user' },
      body: 'Hi',
    });
    expect(unknown).toMatch(/No contact has external_id no-such-user\. Find contacts with search_contacts/);
    const ambiguous = await h.fails('create_conversation', { contact: { email: SHARED_EMAIL }, body: 'Hi' });
    expect(ambiguous).toMatch(
      /^contact: 2 contacts have email twice@ambiguous\.test; name one by id\. Candidates: /,
    );
    expect(ambiguous).toContain('(user, twice@ambiguous.test)');
    expect(ambiguous).toContain('(lead, twice@ambiguous.test)');
    const twoKeys = await h.fails('create_conversation', {
      contact: { email: C.jane.email, id: C.jane.id },
      body: 'Hi',
    });
    expect(twoKeys).toMatch(/exactly one of id, email or external_id/);
    const empty = await h.fails('create_conversation', { contact: { id: C.jane.id }, body: '   ' });
    expect(empty).toMatch(/body/);
    expect(posts()).toEqual([]);
  });

  it("cannot create a conversation for another workspace's contact", async () => {
    const before = h.workspaceA.conversations.size;
    const text = await h.fails('create_conversation', { contact: { id: C.jane.id }, body: 'Hi' }, h.clientB);
    expect(text).toMatch(/No contact has id/);
    expect(h.recorded()).toEqual([]);
    expect(h.workspaceA.conversations.size).toBe(before);
  });

  it('does not retry after a dropped connection and says the outcome is unknown', async () => {
    const before = h.workspaceA.conversations.size;
    h.fake.inject({ kind: 'drop', when: 'after', times: 1, match: { path: /^\/conversations$/ } });
    const text = await h.fails('create_conversation', { contact: { id: C.tom.id }, body: 'Hello?' });
    expect(text).toMatch(/outcome is unknown.*before trying again/);
    expect(posts()).toHaveLength(1);
    expect(h.workspaceA.conversations.size).toBe(before + 1);
  });

  it('does not retry a 503 either', async () => {
    h.fake.inject({ kind: 'status', status: 503, times: 1, match: { path: /^\/conversations$/ } });
    const text = await h.fails('create_conversation', { contact: { id: C.tom.id }, body: 'Hello again?' });
    expect(text).toMatch(/Intercom is unavailable \(HTTP 503\).*outcome is unknown/);
    expect(posts()).toHaveLength(1);
  });
});
