import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type FakeIntercom,
  type FakeWorkspace,
  startFakeIntercom,
  WORKSPACE_A,
  WORKSPACE_B,
} from './fake-intercom/index.js';

/** The fake's articles, companies, segments and tickets endpoints against the 2.14 shapes and errors. */
let fake: FakeIntercom;
let ws: FakeWorkspace;

beforeAll(async () => {
  fake = await startFakeIntercom();
  ws = fake.workspaces.get(WORKSPACE_A.id) as FakeWorkspace;
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(() => fake.reset());

// biome-ignore lint/suspicious/noExplicitAny: test convenience for deep JSON access
async function call(
  path: string,
  init: { method?: string; body?: unknown; token?: string } = {},
): Promise<{ status: number; json: any }> {
  const res = await fetch(`${fake.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      Accept: 'application/json',
      'Intercom-Version': '2.14',
      Authorization: `Bearer ${init.token ?? WORKSPACE_A.token}`,
      ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

function expectError(r: { status: number; json: unknown }, status: number, code: string) {
  expect(r.status).toBe(status);
  expect(r.json).toMatchObject({ type: 'error.list', request_id: expect.any(String), errors: [{ code }] });
}

describe('articles', () => {
  it('searches by words and state in one page (article_search_response), and reads one with its body', async () => {
    const r = await call('/articles/search?phrase=invoice&state=published');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      type: 'list',
      total_count: 1,
      data: { highlights: [] },
      pages: { page: 1, total_pages: 1 },
    });
    const [article] = r.json.data.articles;
    expect(article).toMatchObject({
      type: 'article',
      title: 'Understanding your invoice',
      state: 'published',
    });
    expect(article.body).toMatch(/<p>/);
    const one = await call(`/articles/${article.id}`);
    expect(one.json).toMatchObject({
      id: article.id,
      body: article.body,
      statistics: { type: 'article_statistics' },
    });
    expect((await call('/articles/search?phrase=invoice&state=draft')).json.total_count).toBe(0);
  });

  it('answers errors as Intercom does, and fails loudly on what it does not model', async () => {
    expectError(await call('/articles/999999'), 404, 'not_found');
    expectError(await call('/articles/search?phrase=x&state=archived'), 400, 'parameter_invalid');
    expectError(await call('/articles/search?phrase=x&highlight=true'), 501, 'not_implemented');
    expect(fake.unhandled).toHaveLength(1);
    fake.reset();
  });
});

describe('companies', () => {
  it('finds by name or company_id (company_list), 404 company_not_found otherwise', async () => {
    const byName = await call('/companies?name=globex%20corporation');
    expect(byName.json).toMatchObject({
      type: 'list',
      total_count: 1,
      data: [
        {
          type: 'company',
          id: WORKSPACE_A.companies.globex,
          user_count: 2,
          plan: { type: 'plan', name: 'enterprise' },
        },
      ],
    });
    expect((await call('/companies?company_id=initech')).json.data[0].name).toBe('Initech');
    expectError(await call('/companies?name=Nope'), 404, 'company_not_found');
    expectError(await call(`/companies/${'0'.repeat(24)}`), 404, 'company_not_found');
    expectError(await call(`/companies/${'0'.repeat(24)}/contacts`), 404, 'company_not_found');
  });

  it('lists companies with contacts by page number, and a company’s contacts as contact objects', async () => {
    const first = await call('/companies/list?page=1&per_page=2', { method: 'POST', body: {} });
    expect(first.json).toMatchObject({
      type: 'list',
      total_count: 3,
      pages: { page: 1, per_page: 2, total_pages: 2 },
    });
    expect(first.json.data).toHaveLength(2);
    const second = await call('/companies/list?page=2&per_page=2', { method: 'POST', body: {} });
    expect(second.json.data).toHaveLength(1);
    expectError(
      await call('/companies/list?per_page=61', { method: 'POST', body: {} }),
      400,
      'parameter_invalid',
    );
    const contacts = await call(`/companies/${WORKSPACE_A.companies.initech}/contacts`);
    expect(contacts.json).toMatchObject({ type: 'list', total_count: 2 });
    expect(contacts.json.data.map((c: { type: string }) => c.type)).toEqual(['contact', 'contact']);
    expect((await call('/companies?tag_id=1')).status).toBe(501);
    fake.reset();
  });
});

describe('segments', () => {
  it('counts contacts only with include_count', async () => {
    const plain = await call('/segments');
    expect(plain.json.segments[0].count).toBeUndefined();
    const counted = await call('/segments?include_count=true');
    expect(counted.json.segments.every((s: { count: unknown }) => typeof s.count === 'number')).toBe(true);
  });
});

describe('tickets', () => {
  const bugType = () => [...ws.ticketTypes.values()].find((t) => t.name === 'Bug report');

  it('lists ticket types with attributes and states; isolates workspaces', async () => {
    const r = await call('/ticket_types');
    expect(r.json.type).toBe('list');
    const bug = r.json.data.find((t: { name: string }) => t.name === 'Bug report');
    expect(bug.ticket_type_attributes.data.map((a: { name: string }) => a.name)).toEqual([
      '_default_title_',
      '_default_description_',
      'Severity',
    ]);
    expect(bug.ticket_states.data.map((s: { category: string }) => s.category)).toEqual([
      'submitted',
      'in_progress',
      'waiting_on_customer',
      'resolved',
    ]);
    const b = await call('/ticket_types', { token: WORKSPACE_B.token });
    expect(b.json.data.map((t: { name: string }) => t.name)).toEqual(['Warranty claim']);
  });

  it('creates, reads, updates and searches tickets with the 2.14 shapes and errors', async () => {
    const type = bugType();
    const created = await call('/tickets', {
      body: {
        ticket_type_id: type?.id,
        contacts: [{ id: WORKSPACE_A.contacts.liam.id }],
        ticket_attributes: { _default_title_: 'Fake test' },
      },
    });
    expect(created.json).toMatchObject({
      type: 'ticket',
      ticket_state: { type: 'ticket_state', category: 'submitted' },
      ticket_type: { id: type?.id, name: 'Bug report' },
      contacts: { type: 'contact.list', contacts: [{ type: 'contact', id: WORKSPACE_A.contacts.liam.id }] },
      admin_assignee_id: '0',
      open: true,
      ticket_parts: { type: 'ticket_part.list', total_count: 1 },
    });
    const id = created.json.id;
    expect((await call(`/tickets/${id}`)).json.id).toBe(id);
    const resolved = type?.states.find((s) => s.category === 'resolved');
    const updated = await call(`/tickets/${id}`, {
      method: 'PUT',
      body: {
        ticket_state_id: resolved?.id,
        assignee_id: WORKSPACE_A.admins.bob,
        admin_id: Number(WORKSPACE_A.admins.alice),
        open: false,
      },
    });
    expect(updated.json).toMatchObject({
      ticket_state: { category: 'resolved' },
      admin_assignee_id: WORKSPACE_A.admins.bob,
      open: false,
    });
    const found = await call('/tickets/search', {
      body: {
        query: {
          operator: 'AND',
          value: [
            { field: 'state', operator: '=', value: 'resolved' },
            { field: 'title', operator: '~', value: 'fake' },
          ],
        },
        pagination: { per_page: 5 },
      },
    });
    expect(found.json).toMatchObject({ type: 'ticket.list', total_count: 1, tickets: [{ id }] });
  });

  it('refuses what Intercom refuses', async () => {
    const type = bugType();
    const liam = [{ id: WORKSPACE_A.contacts.liam.id }];
    expectError(await call('/tickets/424242'), 404, 'ticket_not_found');
    expectError(
      await call('/tickets', { body: { ticket_type_id: '1', contacts: liam } }),
      400,
      'parameter_invalid',
    );
    expectError(
      await call('/tickets', { body: { ticket_type_id: type?.id, contacts: liam, ticket_attributes: {} } }),
      400,
      'parameter_invalid',
    );
    expectError(
      await call('/tickets', {
        body: {
          ticket_type_id: type?.id,
          contacts: [{ id: '0'.repeat(24) }],
          ticket_attributes: { _default_title_: 'x' },
        },
      }),
      404,
      'not_found',
    );
    const ticket = [...ws.tickets.values()][0];
    expectError(
      await call(`/tickets/${ticket?.id}`, { method: 'PUT', body: { ticket_state_id: '1' } }),
      400,
      'ticket_state_id_invalid',
    );
    expectError(
      await call(`/tickets/${ticket?.id}`, { method: 'PUT', body: { assignee_id: '999' } }),
      404,
      'assignee_not_found',
    );
    expectError(
      await call(`/tickets/${ticket?.id}`, { method: 'PUT', body: { admin_id: 999, open: false } }),
      404,
      'admin_not_found',
    );
    expectError(
      await call('/tickets/search', { body: { query: { field: 'nope', operator: '=', value: 1 } } }),
      400,
      'parameter_invalid',
    );
    expect(ticket?.open).toBe(true); // nothing of a refused update was applied
  });
});
