import { describe, expect, it } from 'vitest';
import { WORKSPACE_A } from '../fake-intercom/seed-a.js';
import { WORKSPACE_B } from '../fake-intercom/seed-b.js';
import { useToolHarness } from './harness.js';

const h = useToolHarness();
const C = WORKSPACE_A.contacts;

interface Detail {
  id: string;
  name: string | null;
  email: string | null;
  role: string;
  owner: { id: string; name: string | null } | null;
  tags: string[];
  custom_attributes: Record<string, unknown>;
  custom_attributes_note?: string;
  created_at: string;
  location: { country: string | null; city: string | null };
  companies: { id: string; name: string | null }[];
  companies_total: number;
}

describe('get_contact', () => {
  it('shows a contact by id with tag names, custom attributes, location and ISO timestamps', async () => {
    const out = await h.ok<Detail>('get_contact', { id: C.jane.id });
    expect(out).toMatchObject({
      id: C.jane.id,
      name: 'Jane Doe',
      email: C.jane.email,
      role: 'user',
      owner: { id: WORKSPACE_A.admins.alice, name: 'Alice Anders' },
      tags: ['VIP'],
      custom_attributes: { plan: 'enterprise', seats: 250, mrr: 4999.5 },
      location: { country: 'United States', city: 'San Francisco' },
      companies: [
        { id: WORKSPACE_A.companies.globex, name: 'Globex Corporation' },
        { id: WORKSPACE_A.companies.hooli, name: 'Hooli' },
      ],
      companies_total: 2,
    });
    expect(out.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    // The contact payload lists companies as {type, id, url}: their names come from /companies; the
    // owner's name from /admins (cached per connection afterwards).
    expect(h.recorded().map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /contacts/${C.jane.id}`,
      `GET /contacts/${C.jane.id}/tags`,
      `GET /contacts/${C.jane.id}/companies`,
      'GET /admins',
    ]);
    expect(h.recorded()[2]?.query).toEqual({ per_page: '10' });
    expect(h.fake.unhandled).toEqual([]);
  });

  it('skips the companies call for a contact without companies', async () => {
    const out = await h.ok<Detail>('get_contact', { id: C.priya.id });
    expect(out).toMatchObject({ id: C.priya.id, companies: [], companies_total: 0 });
    expect(h.recorded().map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /contacts/${C.priya.id}`,
      `GET /contacts/${C.priya.id}/tags`,
    ]);
  });

  it('resolves an email or external_id with one exact search', async () => {
    const byEmail = await h.ok<Detail>('get_contact', { email: C.marcus.email });
    expect(byEmail).toMatchObject({
      id: C.marcus.id,
      tags: ['Churn Risk'],
      companies: [{ id: WORKSPACE_A.companies.initech, name: 'Initech' }],
      companies_total: 1,
    });
    expect(h.recorded()[0]).toMatchObject({
      method: 'POST',
      path: '/contacts/search',
      body: { query: { field: 'email', operator: '=', value: C.marcus.email }, pagination: { per_page: 5 } },
    });
    const byExternal = await h.ok<Detail>('get_contact', { external_id: C.priya.external_id });
    expect(byExternal.id).toBe(C.priya.id);
  });

  it('marks customer-provided values as untrusted in the output schema', async () => {
    const { tools } = await h.client.listTools();
    const tool = tools.find((t) => t.name === 'get_contact');
    const props = (tool?.outputSchema?.properties ?? {}) as Record<string, unknown>;
    expect(JSON.stringify(props.name)).toMatch(/UNTRUSTED/);
    expect(JSON.stringify(props.custom_attributes)).toMatch(/UNTRUSTED/);
    expect(JSON.stringify(props.email ?? null)).not.toMatch(/UNTRUSTED/);
    expect(JSON.stringify(props.companies)).toMatch(/UNTRUSTED/);
    expect(JSON.stringify(props.owner)).toMatch(/UNTRUSTED/);
    expect(JSON.stringify(props.location)).toMatch(/UNTRUSTED/);
  });

  it('caps many and long custom attributes with a note', async () => {
    const contact = h.workspaceA.contacts.get(C.tom.id);
    if (!contact) throw new Error('seed contact missing');
    const saved = contact.custom_attributes;
    contact.custom_attributes = { plan: 'x'.repeat(5000) };
    for (let i = 0; i < 60; i++) contact.custom_attributes[`k${i}`] = i;
    try {
      const out = await h.ok<Detail>('get_contact', { id: C.tom.id });
      expect(Object.keys(out.custom_attributes)).toHaveLength(40);
      expect(String(out.custom_attributes.plan).length).toBeLessThan(400);
      expect(out.custom_attributes_note).toMatch(/21 more custom attributes omitted/);
    } finally {
      contact.custom_attributes = saved;
    }
  });

  it('reports unknown contacts, bad ids and a missing or double identifier', async () => {
    expect(await h.fails('get_contact', { email: 'nobody@nowhere.test' })).toMatch(
      /No contact has email nobody@nowhere.test.*search_contacts/,
    );
    expect(await h.fails('get_contact', { id: '0123456789abcdef01234567' })).toMatch(/No contact has id/);
    expect(await h.fails('get_contact', { id: 'xyz' })).toMatch(/24 hex/);
    expect(await h.fails('get_contact', {})).toMatch(
      /contact: required.*exactly one of id, email or external_id/,
    );
    expect(await h.fails('get_contact', { id: C.jane.id, email: C.jane.email })).toMatch(/exactly one/);
  });

  it('reports an email shared by a user and a lead as ambiguous, with both ids', async () => {
    const lead = await h.ok<{ contact: { id: string } }>('update_contact_attributes', {
      external_id: 'get-contact-twin',
      create_if_missing: true,
      set: { role: 'lead' },
    });
    const stored = h.workspaceA.contacts.get(lead.contact.id);
    if (!stored) throw new Error('lead not stored');
    stored.email = C.noah.email; // Intercom allows a lead and a user to share an email
    const text = await h.fails('get_contact', { email: C.noah.email });
    expect(text).toMatch(/2 contacts have email/);
    expect(text).toContain(C.noah.id);
    expect(text).toContain(lead.contact.id);
  });

  it('keeps workspaces apart', async () => {
    expect(await h.fails('get_contact', { id: WORKSPACE_B.contacts.lena.id }, h.client)).toMatch(
      /No contact has id/,
    );
    const b = await h.ok<Detail>('get_contact', { id: WORKSPACE_B.contacts.lena.id }, h.clientB);
    expect(b.email).toBe(WORKSPACE_B.contacts.lena.email);
  });
});
