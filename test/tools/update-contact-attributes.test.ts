import { describe, expect, it } from 'vitest';
import { addContact } from '../fake-intercom/index.js';
import { WORKSPACE_A } from '../fake-intercom/seed-a.js';
import { useToolHarness } from './harness.js';

const h = useToolHarness();
const C = WORKSPACE_A.contacts;
const G = WORKSPACE_A.tags;

interface Out {
  created: boolean;
  contact: { id: string; name: string | null; email: string | null; role: string; tags: string[] } & Record<
    string,
    unknown
  >;
  changed: string[];
  unchanged: string[];
  data_attributes_created: { name: string; data_type: string }[];
  tag_changes: { tag: string; action: string; tag_created?: boolean; error?: string }[];
  note?: string;
}

const writes = () => h.recorded().filter((r) => r.method !== 'GET' && r.path !== '/contacts/search');
const calls = () => h.recorded().map((r) => `${r.method} ${r.path}`);

describe('update_contact_attributes', () => {
  it('sends only changed fields in one PUT, then adds (creating) and removes tags by name', async () => {
    const id = C.marcus.id;
    const args = {
      email: C.marcus.email,
      set: { name: 'Marcus A. Lee', phone: '+14155550102', owner_id: WORKSPACE_A.admins.dev },
      custom_attributes: { plan: 'enterprise', seats: 12 },
      add_tags: ['vip', 'Newsletter 2026'],
      remove_tags: ['Churn Risk', 'Bug'],
    };
    const out = await h.ok<Out>('update_contact_attributes', args);
    const newTag = [...h.workspaceA.tags.values()].find((t) => t.name === 'Newsletter 2026');
    expect(newTag).toBeDefined();
    // The owner is resolved first (admin lists are cached per connection), then the contact and attributes.
    expect(calls()).toEqual([
      'GET /admins',
      'POST /contacts/search',
      'GET /data_attributes',
      `PUT /contacts/${id}`,
      'GET /tags',
      `GET /contacts/${id}/tags`,
      `POST /contacts/${id}/tags`,
      'POST /tags',
      `POST /contacts/${id}/tags`,
      `DELETE /contacts/${id}/tags/${G.churnRisk}`,
      `GET /contacts/${id}`,
      `GET /contacts/${id}/tags`,
    ]);
    const rec = h.recorded().slice(1);
    expect(rec[1]?.query).toEqual({ model: 'contact' });
    expect(rec[2]?.body).toEqual({
      name: 'Marcus A. Lee',
      owner_id: Number(WORKSPACE_A.admins.dev),
      custom_attributes: { plan: 'enterprise' },
    });
    expect(rec[5]?.body).toEqual({ id: G.vip });
    expect(rec[6]?.body).toEqual({ name: 'Newsletter 2026' });
    expect(rec[7]?.body).toEqual({ id: newTag?.id });
    expect(out).toMatchObject({
      created: false,
      changed: ['name', 'owner_id', 'custom_attributes.plan'],
      unchanged: ['phone', 'custom_attributes.seats'],
      data_attributes_created: [],
      tag_changes: [
        { tag: 'VIP', action: 'added' },
        { tag: 'Newsletter 2026', action: 'added', tag_created: true },
        { tag: 'Churn Risk', action: 'removed' },
        { tag: 'Bug', action: 'not_present' },
      ],
      contact: { id, name: 'Marcus A. Lee', owner: { id: WORKSPACE_A.admins.dev, name: 'Dev Patel' } },
    });
    expect(out.contact.tags.sort()).toEqual(['Newsletter 2026', 'VIP']);
    expect(h.workspaceA.contacts.get(id)?.custom_attributes).toMatchObject({ plan: 'enterprise', seats: 12 });
    expect(h.fake.unhandled).toEqual([]);

    // The same call again changes nothing and writes nothing.
    h.fake.reset();
    const again = await h.ok<Out>('update_contact_attributes', args);
    expect(writes()).toEqual([]);
    expect(again.changed).toEqual([]);
    expect(again.tag_changes.map((t) => t.action)).toEqual([
      'already_present',
      'already_present',
      'not_present',
      'not_present',
    ]);
  });

  it('sends ISO times as Unix seconds and can clear a field with null', async () => {
    const out = await h.ok<Out>('update_contact_attributes', {
      id: C.priya.id,
      set: { signed_up_at: '2024-01-02T03:04:05+01:00', phone: null, unsubscribed_from_emails: true },
    });
    expect(h.recorded().find((r) => r.method === 'PUT')?.body).toEqual({
      signed_up_at: Date.UTC(2024, 0, 2, 2, 4, 5) / 1000,
      phone: null,
      unsubscribed_from_emails: true,
    });
    expect(out.contact).toMatchObject({
      signed_up_at: '2024-01-02T02:04:05.000Z',
      phone: null,
      unsubscribed_from_emails: true,
    });
  });

  it('names missing custom attributes and writes nothing', async () => {
    const text = await h.fails('update_contact_attributes', {
      id: C.tom.id,
      set: { name: 'Tom B.' },
      custom_attributes: { favourite_color: 'teal', plan: 'pro', shoe_size: 44 },
      add_tags: ['VIP'],
    });
    expect(text).toMatch(/do not exist in Intercom: favourite_color, shoe_size\. Nothing was changed/);
    expect(text).toMatch(/create_missing_attributes: true/);
    expect(text).toMatch(/Existing custom attributes: .*plan/);
    expect(calls()).toEqual([`GET /contacts/${C.tom.id}`, 'GET /data_attributes']);
    expect(h.workspaceA.contacts.get(C.tom.id)?.name).toBe('Tom Becker');
  });

  it('rejects values of the wrong type for existing attributes, and standard fields, before writing', async () => {
    const text = await h.fails('update_contact_attributes', {
      id: C.tom.id,
      custom_attributes: { seats: 'many', beta_tester: 'yes', email: 'x@y.test', trial_ends_at: 'soon' },
    });
    expect(text).toMatch(/seats is integer: expected an integer/);
    expect(text).toMatch(/beta_tester is boolean: expected true or false/);
    expect(text).toMatch(/email is a standard field: set it with set\.email/);
    expect(text).toMatch(/trial_ends_at is date/);
    expect(writes()).toEqual([]);
  });

  it('creates missing data attributes with inferred types, then writes them', async () => {
    const out = await h.ok<Out>('update_contact_attributes', {
      id: C.tom.id,
      create_missing_attributes: true,
      custom_attributes: {
        nps_score: 9,
        health: 0.75,
        is_partner: true,
        renewal_date: '2026-03-01',
        account_note: 'big account',
        trial_ends_at: '2026-01-15T12:00:00Z',
      },
    });
    const created = h.recorded().filter((r) => r.path === '/data_attributes' && r.method === 'POST');
    expect(created.map((r) => r.body)).toEqual([
      { name: 'nps_score', model: 'contact', data_type: 'integer' },
      { name: 'health', model: 'contact', data_type: 'float' },
      { name: 'is_partner', model: 'contact', data_type: 'boolean' },
      { name: 'renewal_date', model: 'contact', data_type: 'date' },
      { name: 'account_note', model: 'contact', data_type: 'string' },
    ]);
    const put = h.recorded().find((r) => r.method === 'PUT');
    expect(put?.body).toEqual({
      custom_attributes: {
        nps_score: 9,
        health: 0.75,
        is_partner: true,
        renewal_date: Date.UTC(2026, 2, 1) / 1000,
        account_note: 'big account',
        trial_ends_at: Date.UTC(2026, 0, 15, 12) / 1000,
      },
    });
    expect(out.data_attributes_created).toHaveLength(5);
    expect(out.contact.custom_attributes).toMatchObject({ nps_score: 9, account_note: 'big account' });
  });

  it('refuses a new attribute whose type cannot be inferred', async () => {
    const text = await h.fails('update_contact_attributes', {
      id: C.tom.id,
      create_missing_attributes: true,
      custom_attributes: { mystery: null, 'bad.name': 'x' },
    });
    expect(text).toMatch(/mystery: a new attribute needs a value/);
    expect(text).toMatch(/bad\.name: use letters/);
    expect(writes()).toEqual([]);
  });

  it('creates a missing contact with create_if_missing (role user by default)', async () => {
    const out = await h.ok<Out>('update_contact_attributes', {
      email: 'new.customer@create.test',
      create_if_missing: true,
      set: { name: 'New Customer' },
      custom_attributes: { plan: 'pro' },
      add_tags: ['VIP'],
    });
    expect(out.created).toBe(true);
    expect(out.contact).toMatchObject({ email: 'new.customer@create.test', role: 'user', tags: ['VIP'] });
    expect(out.changed).toEqual(['role', 'email', 'name', 'custom_attributes.plan']);
    expect(h.recorded().find((r) => r.method === 'POST' && r.path === '/contacts')?.body).toEqual({
      role: 'user',
      email: 'new.customer@create.test',
      name: 'New Customer',
      custom_attributes: { plan: 'pro' },
    });
    expect(h.recorded().filter((r) => r.method === 'PUT')).toEqual([]);
    const lead = await h.ok<Out>('update_contact_attributes', {
      external_id: 'lead-ext-1',
      create_if_missing: true,
      set: { role: 'lead' },
    });
    expect(lead.contact).toMatchObject({ role: 'lead', external_id: 'lead-ext-1' });
  });

  it('updates the existing contact when create answers 409 because search lags behind', async () => {
    const lagging = addContact(h.workspaceA, { email: 'lagging@create.test', name: 'Old Name' });
    lagging.searchIndexed = false;
    const out = await h.ok<Out>('update_contact_attributes', {
      email: 'lagging@create.test',
      create_if_missing: true,
      set: { name: 'New Name' },
    });
    expect(calls()).toEqual([
      'POST /contacts/search',
      'POST /contacts',
      `GET /contacts/${lagging.id}`,
      `PUT /contacts/${lagging.id}`,
      `GET /contacts/${lagging.id}/tags`,
    ]);
    expect(h.recorded()[1]).toMatchObject({ status: 409 });
    expect(h.recorded()[3]?.body).toEqual({ name: 'New Name' });
    expect(out).toMatchObject({
      created: false,
      changed: ['name'],
      contact: { id: lagging.id, name: 'New Name' },
    });
    expect(out.note).toContain(lagging.id);
    expect([...h.workspaceA.contacts.values()].filter((c) => c.email === 'lagging@create.test')).toHaveLength(
      1,
    );
  });

  it('does not update a different contact that a 409 names because it shares set.email', async () => {
    const other = addContact(h.workspaceA, { email: 'shared@create.test', external_id: 'other-ext' });
    const text = await h.fails('update_contact_attributes', {
      external_id: 'brand-new-ext',
      create_if_missing: true,
      set: { email: 'shared@create.test', name: 'Someone' },
    });
    expect(text).toMatch(
      new RegExp(`contact ${other.id} already has these details, but it is not the contact`),
    );
    expect(h.recorded().filter((r) => r.method === 'PUT')).toEqual([]);
    expect(h.workspaceA.contacts.get(other.id)?.name).toBeNull();
  });

  it('reports a missing contact without create_if_missing, and refuses bad combinations', async () => {
    expect(
      await h.fails('update_contact_attributes', { email: 'ghost@nowhere.test', set: { name: 'G' } }),
    ).toMatch(/No contact has email ghost@nowhere.test\. Set create_if_missing: true/);
    expect(
      await h.fails('update_contact_attributes', {
        id: C.tom.id,
        create_if_missing: true,
        set: { name: 'x' },
      }),
    ).toMatch(/create_if_missing needs the contact named by email or external_id/);
    expect(await h.fails('update_contact_attributes', { id: C.tom.id })).toMatch(/Nothing to change/);
    expect(
      await h.fails('update_contact_attributes', { id: C.tom.id, add_tags: ['VIP'], remove_tags: ['vip'] }),
    ).toMatch(/both added and removed: VIP/);
    expect(
      await h.fails('update_contact_attributes', { id: C.tom.id, set: { last_seen_at: 'whenever' } }),
    ).toMatch(/^set\.last_seen_at: "whenever" is not a time we can read\. Write ISO 8601/);
    expect(writes()).toEqual([]);
  });

  it('does not retry a failed PUT, says the outcome is unknown and lists what was already done', async () => {
    h.fake.inject({ kind: 'status', status: 503, times: 1, match: { method: 'PUT' } });
    const text = await h.fails('update_contact_attributes', {
      id: C.liam.id,
      create_missing_attributes: true,
      custom_attributes: { loyalty_points: 120 },
    });
    expect(text).toMatch(/Updating contact .* failed: Intercom is unavailable \(HTTP 503\)/);
    expect(text).toMatch(/outcome is unknown/);
    expect(text).toMatch(/Already done: created custom attribute loyalty_points \(integer\)/);
    expect(h.recorded().filter((r) => r.method === 'PUT')).toHaveLength(1);
  });

  it('does not retry a dropped create', async () => {
    h.fake.inject({ kind: 'drop', when: 'after', times: 1, match: { method: 'POST', path: /^\/contacts$/ } });
    const text = await h.fails('update_contact_attributes', {
      email: 'dropped@create.test',
      create_if_missing: true,
    });
    expect(text).toMatch(/Creating the contact failed: .*outcome is unknown/);
    expect(h.recorded().filter((r) => r.method === 'POST' && r.path === '/contacts')).toHaveLength(1);
  });

  it('reports each tag on its own when one tag write fails', async () => {
    h.fake.inject({ kind: 'status', status: 500, times: 1, match: { method: 'POST', path: /\/tags$/ } });
    const out = await h.ok<Out>('update_contact_attributes', { id: C.noah.id, add_tags: ['Bug', 'Billing'] });
    expect(out.tag_changes).toEqual([
      { tag: 'Bug', action: 'unknown', error: expect.stringMatching(/HTTP 500.*outcome is unknown/) },
      { tag: 'Billing', action: 'added' },
    ]);
    expect(out.contact.tags).toEqual(['Billing']);
    expect(h.recorded().filter((r) => r.method === 'POST' && r.path.endsWith('/tags'))).toHaveLength(2);
  });

  it('keeps workspaces apart', async () => {
    const text = await h.fails(
      'update_contact_attributes',
      { id: C.sofia.id, set: { name: 'Hacked' } },
      h.clientB,
    );
    expect(text).toMatch(/No contact has id/);
    expect(h.workspaceA.contacts.get(C.sofia.id)?.name).toBe('Sofia Rossi');
  });
});
