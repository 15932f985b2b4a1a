import { describe, expect, it } from 'vitest';
import { addCompany, addContact } from '../fake-intercom/index.js';
import { WORKSPACE_A } from '../fake-intercom/seed-a.js';
import { useToolHarness } from './harness.js';

const h = useToolHarness();
const A = WORKSPACE_A;

type Company = {
  id: string;
  company_id: string | null;
  name: string;
  plan: string | null;
  size: number | null;
  user_count: number | null;
};
type Companies = {
  companies: Company[];
  total_count: number | null;
  next_cursor: string | null;
  note?: string;
};
type Detail = Company & {
  tags: string[];
  custom_attributes: Record<string, unknown>;
  contacts?: { id: string; email: string | null }[];
  contacts_total?: number | null;
};
type Contacts = { contacts: { id: string; email: string | null }[]; total_count: number | null };

describe('search_companies', () => {
  it('finds a company by its exact name with one GET /companies?name', async () => {
    const out = await h.ok<Companies>('search_companies', { name: 'Globex Corporation' });
    expect(out.companies).toEqual([
      expect.objectContaining({
        id: A.companies.globex,
        company_id: 'globex',
        name: 'Globex Corporation',
        plan: 'enterprise',
        size: 1200,
        user_count: 2,
      }),
    ]);
    expect(h.recorded().map((r) => [r.method, r.path, r.query])).toEqual([
      ['GET', '/companies', { name: 'Globex Corporation' }],
    ]);
  });

  it('finds companies by a part of the name among the most active ones', async () => {
    const out = await h.ok<Companies>('search_companies', { name: 'glob' });
    expect(out.companies.map((c) => c.name)).toEqual(['Globex Corporation']);
    expect(out.note).toBeUndefined();
    expect(h.recorded().map((r) => [r.method, r.path, r.query])).toEqual([
      ['GET', '/companies', { name: 'glob' }],
      ['POST', '/companies/list', { page: '1', per_page: '50' }],
    ]);
    expect(h.fake.unhandled).toEqual([]);
  });

  it('finds one by your company_id, and answers none for an unknown one', async () => {
    const out = await h.ok<Companies>('search_companies', { company_id: 'initech' });
    expect(out.companies.map((c) => c.id)).toEqual([A.companies.initech]);
    expect((await h.ok<Companies>('search_companies', { company_id: 'nope' })).companies).toEqual([]);
  });

  it('lists companies with contacts, paged by page number', async () => {
    // A company nobody belongs to is not listed by Intercom.
    addCompany(h.workspaceA, { name: 'Empty Shell Inc' });
    const first = await h.ok<Companies>('search_companies', { per_page: 2 });
    expect(first.companies).toHaveLength(2);
    expect(first.total_count).toBe(3);
    expect(first.next_cursor).toBe('2');
    const second = await h.ok<Companies>('search_companies', { per_page: 2, cursor: first.next_cursor });
    const names = [...first.companies, ...second.companies].map((c) => c.name).sort();
    expect(names).toEqual(['Globex Corporation', 'Hooli', 'Initech']);
    expect(second.next_cursor).toBeNull();
  });
});

describe('get_company', () => {
  it('shows a company by name with custom attributes and, on request, its contacts', async () => {
    const co = addCompany(
      h.workspaceA,
      {
        name: 'Vandelay Industries',
        plan: 'pro',
        size: 40,
        custom_attributes: { region: 'EMEA', seats: 12 },
      },
      [A.contacts.priya.id],
    );
    const out = await h.ok<Detail>('get_company', { company: 'Vandelay Industries', include_contacts: true });
    expect(out).toMatchObject({
      id: co.id,
      name: 'Vandelay Industries',
      plan: 'pro',
      custom_attributes: { region: 'EMEA', seats: 12 },
      contacts: [{ id: A.contacts.priya.id, email: A.contacts.priya.email }],
      contacts_total: 1,
    });
    expect(h.recorded().map((r) => [r.method, r.path])).toEqual([
      ['GET', '/companies'], // company_id = "Vandelay Industries": none
      ['GET', '/companies'], // name = "Vandelay Industries"
      ['GET', `/companies/${co.id}/contacts`],
    ]);
  });

  it('takes Intercom’s id (or a URL with it) with one GET and no contacts unless asked', async () => {
    const out = await h.ok<Detail>('get_company', {
      company: `https://app.intercom.com/a/apps/${A.id}/companies/${A.companies.hooli}`,
    });
    expect(out).toMatchObject({ id: A.companies.hooli, name: 'Hooli', user_count: 2 });
    expect(out.contacts).toBeUndefined();
    expect(h.recorded().map((r) => r.path)).toEqual([`/companies/${A.companies.hooli}`]);
  });

  it('says how to find a company that does not exist', async () => {
    expect(await h.fails('get_company', { company: 'Umbrella' })).toMatch(
      /company: no company has the id, company_id or name "Umbrella".*search_companies/,
    );
  });
});

describe('search_contacts by company and by custom attribute', () => {
  it('lists a company’s contacts', async () => {
    const out = await h.ok<Contacts>('search_contacts', { company: 'initech' });
    expect(out.contacts.map((c) => c.email).sort()).toEqual([A.contacts.marcus.email, A.contacts.noah.email]);
    expect(out.total_count).toBe(2);
    expect(h.recorded().map((r) => r.path)).toEqual([
      '/companies',
      `/companies/${A.companies.initech}/contacts`,
    ]);
  });

  it('refuses company combined with other criteria, before calling Intercom', async () => {
    expect(await h.fails('search_contacts', { company: 'initech', role: 'user' })).toMatch(
      /company: it cannot be combined with role/,
    );
    expect(h.recorded()).toEqual([]);
  });

  it('finds contacts by a custom attribute', async () => {
    addContact(h.workspaceA, { email: 'plan.check@example.com', custom_attributes: { plan: 'starter' } });
    const out = await h.ok<Contacts>('search_contacts', { custom_attributes: { plan: 'starter' } });
    expect(out.contacts.map((c) => c.email)).toContain('plan.check@example.com');
    const search = h.recorded().find((r) => r.path === '/contacts/search');
    expect(JSON.stringify(search?.body)).toContain('custom_attributes.plan');
  });
});
