import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createConversationWithParts,
  type FakeIntercom,
  type FakeWorkspace,
  startFakeIntercom,
  WORKSPACE_A,
  WORKSPACE_B,
} from './fake-intercom/index.js';

let fake: FakeIntercom;
let wsA: FakeWorkspace;
let wsB: FakeWorkspace;

beforeAll(async () => {
  fake = await startFakeIntercom();
  wsA = fake.workspaces.get(WORKSPACE_A.id) as FakeWorkspace;
  wsB = fake.workspaces.get(WORKSPACE_B.id) as FakeWorkspace;
});

afterAll(async () => {
  await fake?.close();
});

interface CallOptions {
  method?: string;
  body?: unknown;
  token?: string | null;
  headers?: Record<string, string>;
}

interface Result {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test convenience for deep JSON access
  json: any;
}

async function call(path: string, opts: CallOptions = {}): Promise<Result> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Intercom-Version': '2.14',
    ...opts.headers,
  };
  const token = opts.token === undefined ? WORKSPACE_A.token : opts.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${fake.url}${path}`, {
    method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
    headers,
    body:
      opts.body === undefined
        ? undefined
        : typeof opts.body === 'string'
          ? opts.body
          : JSON.stringify(opts.body),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, text, json };
}

const search = (kind: 'contacts' | 'conversations', body: unknown, token?: string) =>
  call(`/${kind}/search`, { body, token });

function expectError(r: Result, status: number, code: string, message?: string | RegExp) {
  expect(r.status).toBe(status);
  expect(r.json).toMatchObject({ type: 'error.list', errors: [{ code }] });
  expect(typeof r.json.request_id).toBe('string');
  if (message !== undefined) expect(r.json.errors[0].message).toMatch(message);
}

/** Follows pages.next for a GET list endpoint and returns every item id. */
async function collectList(path: string, key: 'data' | 'conversations', perPage: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const q = new URLSearchParams({ per_page: String(perPage) });
    if (cursor) q.set('starting_after', cursor);
    const r = await call(`${path}?${q}`);
    expect(r.status).toBe(200);
    expect(r.json[key].length).toBeLessThanOrEqual(perPage);
    ids.push(...r.json[key].map((x: { id: string }) => x.id));
    cursor = r.json.pages.next?.starting_after;
    if (!cursor) return ids;
    expect(r.json.pages.next.page).toBe(r.json.pages.page + 1);
  }
  throw new Error('pagination did not terminate');
}

beforeEach(() => {
  fake.reset();
});

describe('auth, headers and tenant isolation', () => {
  it('answers /me per workspace with the token owner and the app', async () => {
    const a = await call('/me');
    expect(a.status).toBe(200);
    expect(a.json).toMatchObject({
      type: 'admin',
      id: WORKSPACE_A.ownerAdminId,
      app: {
        type: 'app',
        id_code: 'wsa111',
        name: 'Acme Support',
        region: 'US',
        timezone: 'America/Los_Angeles',
      },
    });
    expect(typeof a.json.app.created_at).toBe('number');
    expect(typeof a.json.app.identity_verification).toBe('boolean');
    const b = await call('/me', { token: WORKSPACE_B.token });
    expect(b.json).toMatchObject({
      id: WORKSPACE_B.ownerAdminId,
      app: { id_code: 'wsb222', region: 'Europe' },
    });
    expect(b.json.name).not.toBe(a.json.name);
  });

  it('rejects missing, unknown and revoked tokens with error.list bodies', async () => {
    expectError(await call('/me', { token: null }), 401, 'unauthorized', 'Access Token Invalid');
    expectError(await call('/me', { token: 'dG9rOm5vcGU=' }), 401, 'unauthorized', 'Access Token Invalid');
    expectError(await call('/me', { token: WORKSPACE_A.revokedToken }), 401, 'token_revoked');
    expect(WORKSPACE_A.token).toMatch(/^[A-Za-z0-9+/=]{60}$/);
  });

  it('sends rate-limit, request-id and Intercom-Version headers on success and on errors', async () => {
    for (const r of [await call('/admins'), await call('/me', { token: null })]) {
      expect(Number(r.headers.get('x-ratelimit-limit'))).toBe(1666);
      expect(Number(r.headers.get('x-ratelimit-remaining'))).toBeGreaterThan(0);
      const reset = Number(r.headers.get('x-ratelimit-reset'));
      expect(reset).toBeGreaterThan(Date.now() / 1000 - 1);
      expect(reset).toBeLessThanOrEqual(Date.now() / 1000 + 11);
      expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.headers.get('intercom-version')).toBe('2.14');
    }
    const first = Number((await call('/teams')).headers.get('x-ratelimit-remaining'));
    const second = Number((await call('/teams')).headers.get('x-ratelimit-remaining'));
    expect(second === first - 1 || second > first).toBe(true); // counts down within a 10 s window
  });

  it('answers 406 when Accept does not allow JSON, 400 for an unknown Intercom-Version', async () => {
    expectError(await call('/me', { headers: { Accept: 'text/html' } }), 406, 'not_acceptable');
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${fake.url}/me`);
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: '/me',
          headers: { Authorization: `Bearer ${WORKSPACE_A.token}` },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(406);
    expectError(
      await call('/me', { headers: { 'Intercom-Version': 'v2.14' } }),
      400,
      'intercom_version_invalid',
    );
  });

  it('keeps workspaces isolated', async () => {
    const contactB = WORKSPACE_B.contacts.lena.id;
    expectError(await call(`/contacts/${contactB}`), 404, 'not_found', 'User Not Found');
    expect((await call(`/contacts/${contactB}`, { token: WORKSPACE_B.token })).status).toBe(200);
    expectError(await call(`/conversations/${WORKSPACE_B.conversations.lateParcel}`), 404, 'not_found');
    const tagsA = (await call('/tags')).json.data.map((t: { name: string }) => t.name);
    const tagsB = (await call('/tags', { token: WORKSPACE_B.token })).json.data.map(
      (t: { name: string }) => t.name,
    );
    expect(tagsA).toContain('VIP');
    expect(tagsB).not.toContain('VIP');
    const adminsA = (await call('/admins')).json.admins.map((a: { id: string }) => a.id);
    expect(adminsA.sort()).toEqual(Object.values(WORKSPACE_A.admins).sort());
    expect(fake.requestsFor(WORKSPACE_B.id).map((r) => r.path)).toEqual([`/contacts/${contactB}`, '/tags']);
    expect(fake.requests.every((r) => r.intercomVersion === '2.14')).toBe(true);
  });

  it('seeds the documented amount of data, different per workspace', () => {
    for (const ws of [wsA, wsB]) {
      expect(ws.admins.size).toBeGreaterThanOrEqual(3);
      expect([...ws.admins.values()].some((a) => a.away_mode_enabled)).toBe(true);
      expect(ws.teams.size).toBeGreaterThanOrEqual(2);
      expect(ws.contacts.size).toBeGreaterThanOrEqual(8);
      expect(new Set([...ws.contacts.values()].map((c) => c.role))).toEqual(new Set(['user', 'lead']));
      expect(ws.tags.size).toBeGreaterThanOrEqual(4);
      expect(ws.segments.size).toBeGreaterThanOrEqual(2);
      expect(ws.conversations.size).toBeGreaterThanOrEqual(10);
      expect(new Set([...ws.conversations.values()].map((c) => c.state))).toEqual(
        new Set(['open', 'closed', 'snoozed']),
      );
      expect(ws.articles.size).toBeGreaterThanOrEqual(5);
      expect(ws.dataAttributes.some((d) => d.custom)).toBe(true);
    }
    const ids = (ws: FakeWorkspace) => new Set([...ws.contacts.keys(), ...ws.conversations.keys()]);
    const shared = [...ids(wsA)].filter((id) => ids(wsB).has(id));
    expect(shared).toEqual([]);
    for (const id of wsA.contacts.keys()) expect(id).toMatch(/^[0-9a-f]{24}$/);
    for (const id of wsA.conversations.keys()) expect(id).toMatch(/^\d+$/);
  });
});

describe('errors and unhandled routes', () => {
  it('answers 501 naming the route and records it in unhandled', async () => {
    const r = await call('/news/news_items');
    expectError(r, 501, 'not_implemented', /GET \/news\/news_items/);
    expect((await call('/contacts/x', { method: 'PATCH', body: {} })).status).toBe(501);
    expect(fake.unhandled).toEqual(['GET /news/news_items', 'PATCH /contacts/x']);
    fake.reset();
    expect(fake.unhandled).toEqual([]);
  });

  it('answers 400 for an invalid JSON body', async () => {
    expectError(await call('/contacts', { body: '{"email":' }), 400, 'parameter_invalid');
  });

  it('uses Intercom error codes for missing resources', async () => {
    expectError(await call('/admins/999'), 404, 'admin_not_found', 'Admin not found');
    expectError(await call('/conversations/1'), 404, 'not_found', 'Resource Not Found');
    expectError(await call('/contacts/000000000000000000000000'), 404, 'not_found', 'User Not Found');
  });
});

describe('list pagination', () => {
  it('pages GET /contacts with pages.next objects until it is absent', async () => {
    const ids = await collectList('/contacts', 'data', 3);
    expect(ids.length).toBe(wsA.contacts.size);
    expect(new Set(ids).size).toBe(ids.length);
    const last = await call('/contacts?per_page=150');
    expect(last.json.pages).toMatchObject({ type: 'pages', page: 1, per_page: 150, total_pages: 1 });
    expect(last.json.pages.next).toBeUndefined();
    expect(last.json.total_count).toBe(wsA.contacts.size);
  });

  it('pages GET /conversations and rejects per_page above 150', async () => {
    const ids = await collectList('/conversations', 'conversations', 4);
    expect(ids.sort()).toEqual([...wsA.conversations.keys()].sort());
    const first = await call('/conversations?per_page=2');
    expect(first.json.type).toBe('conversation.list');
    expect(first.json.conversations[0].conversation_parts).toBeUndefined();
    expectError(await call('/contacts?per_page=151'), 400, 'parameter_invalid');
  });

  it('pages GET /articles by page number', async () => {
    const p1 = await call('/articles?per_page=4');
    expect(p1.json).toMatchObject({
      type: 'list',
      total_count: wsA.articles.size,
      pages: { page: 1, per_page: 4, total_pages: 2 },
    });
    expect(p1.json.pages.next).toContain('/articles?page=2');
    const p2 = await call('/articles?page=2&per_page=4');
    expect(p2.json.data.length).toBe(wsA.articles.size - 4);
    expect(p2.json.pages.next).toBeUndefined();
    const states = new Set([...p1.json.data, ...p2.json.data].map((a: { state: string }) => a.state));
    expect(states).toEqual(new Set(['published', 'draft']));
  });
});

describe('search', () => {
  it('paginates in the body and ignores a query-string cursor', async () => {
    const query = { field: 'role', operator: '=', value: 'user' };
    const p1 = await search('contacts', { query, pagination: { per_page: 2 } });
    expect(p1.status).toBe(200);
    expect(p1.json.data).toHaveLength(2);
    const cursor = p1.json.pages.next.starting_after as string;
    const p2 = await search('contacts', { query, pagination: { per_page: 2, starting_after: cursor } });
    expect(p2.json.pages.page).toBe(2);
    expect(p2.json.data[0].id).not.toBe(p1.json.data[0].id);
    const ignored = await call(`/contacts/search?starting_after=${encodeURIComponent(cursor)}`, {
      body: { query, pagination: { per_page: 2 } },
    });
    expect(ignored.json.data.map((c: { id: string }) => c.id)).toEqual(
      p1.json.data.map((c: { id: string }) => c.id),
    );
    const all: string[] = [];
    let next: string | undefined;
    do {
      const r = await search('contacts', { query, pagination: { per_page: 3, starting_after: next } });
      all.push(...r.json.data.map((c: { id: string }) => c.id));
      next = r.json.pages.next?.starting_after;
    } while (next);
    expect(all.length).toBe([...wsA.contacts.values()].filter((c) => c.role === 'user').length);
    expect(new Set(all).size).toBe(all.length);
  });

  it('supports nested AND/OR groups up to 2 levels and 15 filters per group', async () => {
    const nested = {
      operator: 'AND',
      value: [
        {
          operator: 'OR',
          value: [
            { field: 'custom_attributes.plan', operator: '=', value: 'enterprise' },
            { field: 'email_domain', operator: '=', value: 'initech.io' },
          ],
        },
        { field: 'role', operator: '=', value: 'user' },
      ],
    };
    const r = await search('contacts', { query: nested });
    expect(r.status).toBe(200);
    expect(r.json.data.map((c: { email: string }) => c.email).sort()).toEqual([
      'jane.doe@globex.com',
      'marcus.lee@initech.io',
      'noah.williams@initech.io',
      'sofia.rossi@hooli.com',
    ]);
    const tooDeep = {
      operator: 'AND',
      value: [
        {
          operator: 'OR',
          value: [{ operator: 'AND', value: [{ field: 'role', operator: '=', value: 'user' }] }],
        },
      ],
    };
    expectError(await search('contacts', { query: tooDeep }), 400, 'parameter_invalid');
    const sixteen = {
      operator: 'OR',
      value: Array.from({ length: 16 }, (_, i) => ({ field: 'name', operator: '=', value: `n${i}` })),
    };
    expectError(await search('contacts', { query: sixteen }), 400, 'parameter_invalid');
    const fifteen = { operator: 'OR', value: sixteen.value.slice(0, 15) };
    expect((await search('contacts', { query: fifteen })).status).toBe(200);
  });

  it('knows contact fields, operators, tags, segments and custom attributes', async () => {
    const emails = async (query: unknown) =>
      (await search('contacts', { query })).json.data.map((c: { email: string | null }) => c.email).sort();
    expect(await emails({ field: 'email', operator: '$', value: '@globex.com' })).toEqual([
      'jane.doe@globex.com',
      'tom.becker@globex.com',
    ]);
    expect(await emails({ field: 'name', operator: '^', value: 'pri' })).toEqual(['priya.shah@umbrella.co']);
    expect(await emails({ field: 'email', operator: '~', value: 'nakamura' })).toEqual([
      'k.nakamura@yahoo.co.jp',
    ]);
    expect(
      await emails({ field: 'external_id', operator: 'IN', value: ['acme-u-1001', 'acme-u-1005'] }),
    ).toEqual(['jane.doe@globex.com', 'sofia.rossi@hooli.com']);
    expect(await emails({ field: 'tag_id', operator: '=', value: WORKSPACE_A.tags.churnRisk })).toEqual([
      'liam.obrien@piedpiper.net',
      'marcus.lee@initech.io',
    ]);
    expect(
      await emails({ field: 'segment_id', operator: '=', value: WORKSPACE_A.segments.trialLeads }),
    ).toEqual(['k.nakamura@yahoo.co.jp', 'visitor.chen@gmail.com']);
    expect(await emails({ field: 'custom_attributes.seats', operator: '>', value: 100 })).toEqual([
      'jane.doe@globex.com',
      'sofia.rossi@hooli.com',
    ]);
    expect(await emails({ field: 'custom_attributes.beta_tester', operator: '=', value: true })).toEqual([
      'priya.shah@umbrella.co',
    ]);
    expectError(
      await search('contacts', { query: { field: 'tag_id', operator: 'IN', value: ['1'] } }),
      400,
      'parameter_invalid',
    );
    expectError(
      await search('contacts', { query: { field: 'nope', operator: '=', value: 'x' } }),
      400,
      'parameter_invalid',
    );
    expectError(
      await search('contacts', { query: { field: 'created_at', operator: '!=', value: 1 } }),
      400,
      'parameter_invalid',
    );
    expectError(
      await search('contacts', { query: { field: 'role', operator: 'IN', value: 'user' } }),
      400,
      'parameter_invalid',
    );
    expectError(await search('contacts', {}), 400, 'parameter_invalid');
  });

  it('matches contact dates by calendar day in the workspace time zone', async () => {
    const jane = wsA.contacts.get(WORKSPACE_A.contacts.jane.id);
    const created = jane?.created_at as number;
    const ids = async (operator: string, value: number) =>
      (await search('contacts', { query: { field: 'created_at', operator, value } })).json.data.map(
        (c: { id: string }) => c.id,
      );
    expect(await ids('=', created + 60)).toContain(jane?.id);
    expect(await ids('>', created - 60)).not.toContain(jane?.id); // > starts at the next day
    expect(await ids('<', created + 60)).not.toContain(jane?.id);
  });

  it('searches conversations: single-word source.body, states, assignees, tags, dates', async () => {
    const ids = async (query: unknown) =>
      (await search('conversations', { query })).json.conversations.map((c: { id: string }) => c.id).sort();
    const K = WORKSPACE_A.conversations;
    expect(await ids({ field: 'source.body', operator: '=', value: 'support' })).toEqual(
      [K.loginBug, K.cancelAngry].sort(),
    );
    expect(await ids({ field: 'source.body', operator: '=', value: 'need support' })).toEqual([]);
    expect(await ids({ field: 'source.body', operator: '~', value: 'need support' })).toEqual([]);
    expect(await ids({ field: 'state', operator: '=', value: 'snoozed' })).toEqual([K.snoozedTrial]);
    expect(
      await ids({ field: 'admin_assignee_id', operator: '=', value: Number(WORKSPACE_A.admins.dev) }),
    ).toEqual([K.refundAngry, K.invoiceHtml].sort());
    expect(await ids({ field: 'tag_ids', operator: '=', value: WORKSPACE_A.tags.billing })).toEqual(
      [K.refundAngry, K.invoiceHtml].sort(),
    );
    expect(
      await ids({ field: 'source.author.email', operator: '=', value: 'visitor.chen@gmail.com' }),
    ).toEqual([K.leadPricing]);
    expect(await ids({ field: 'contact_ids', operator: '=', value: WORKSPACE_A.contacts.marcus.id })).toEqual(
      [K.refundAngry, K.mobileCrash].sort(),
    );
    const created = wsA.conversations.get(K.mobileCrash)?.created_at as number;
    expect(await ids({ field: 'created_at', operator: '>', value: String(created) })).toEqual([
      K.mobileCrash,
    ]);
    const unassigned = await ids({
      operator: 'AND',
      value: [
        { field: 'open', operator: '=', value: true },
        { field: 'admin_assignee_id', operator: '=', value: 0 },
        { field: 'priority', operator: '!=', value: 'priority' },
      ],
    });
    expect(unassigned).toEqual([K.exportFeature, K.cancelAngry, K.leadPricing, K.mobileCrash].sort());
    const r = await search('conversations', {
      query: { field: 'open', operator: '=', value: true },
      pagination: { per_page: 2 },
    });
    expect(r.json).toMatchObject({ type: 'conversation.list', pages: { per_page: 2, page: 1 } });
    expect(r.json.pages.next.starting_after).toEqual(expect.any(String));
  });
});

describe('contacts, data attributes and tags', () => {
  it('creates contacts and refuses duplicates with 409 naming the existing id', async () => {
    const created = await call('/contacts', {
      body: {
        role: 'user',
        email: 'New.Person@Example.com',
        external_id: 'ext-new-1',
        name: 'New Person',
        custom_attributes: { plan: 'pro' },
      },
    });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({
      type: 'contact',
      role: 'user',
      email: 'new.person@example.com',
      custom_attributes: { plan: 'pro' },
    });
    expect(created.json.id).toMatch(/^[0-9a-f]{24}$/);
    const dupEmail = await call('/contacts', { body: { email: WORKSPACE_A.contacts.jane.email } });
    expectError(
      dupEmail,
      409,
      'conflict',
      `A contact matching those details already exists with id=${WORKSPACE_A.contacts.jane.id}`,
    );
    const dupExt = await call('/contacts', { body: { external_id: 'ext-new-1' } });
    expectError(dupExt, 409, 'conflict', `already exists with id=${created.json.id}`);
    // the same email in another workspace is fine
    expect(
      (await call('/contacts', { body: { email: 'new.person@example.com' }, token: WORKSPACE_B.token }))
        .status,
    ).toBe(200);
  });

  it('rejects unknown custom attributes until the data attribute exists', async () => {
    const id = WORKSPACE_A.contacts.tom.id;
    const bad = await call(`/contacts/${id}`, {
      method: 'PUT',
      body: { custom_attributes: { favourite_color: 'teal' } },
    });
    expectError(bad, 400, 'parameter_invalid', /favourite_color/);
    expectError(
      await call('/contacts', {
        body: { email: 'x1@example.com', custom_attributes: { favourite_color: 'red' } },
      }),
      400,
      'parameter_invalid',
      /favourite_color/,
    );
    const attr = await call('/data_attributes', {
      body: { name: 'favourite_color', model: 'contact', data_type: 'string' },
    });
    expect(attr.json).toMatchObject({
      type: 'data_attribute',
      name: 'favourite_color',
      full_name: 'custom_attributes.favourite_color',
      custom: true,
    });
    expectError(
      await call('/data_attributes', {
        body: { name: 'favourite_color', model: 'contact', data_type: 'string' },
      }),
      400,
      'parameter_invalid',
    );
    const ok = await call(`/contacts/${id}`, {
      method: 'PUT',
      body: { custom_attributes: { favourite_color: 'teal' }, name: 'Thomas Becker' },
    });
    expect(ok.json).toMatchObject({
      name: 'Thomas Becker',
      custom_attributes: { plan: 'starter', favourite_color: 'teal' },
    });
    const list = await call('/data_attributes?model=contact');
    expect(list.json.data.some((d: { name: string }) => d.name === 'favourite_color')).toBe(true);
    expect(
      list.json.data.some((d: { name: string; custom: boolean }) => d.name === 'email' && !d.custom),
    ).toBe(true);
    // workspace B never heard of it
    expect(
      (
        await call('/contacts', {
          token: WORKSPACE_B.token,
          body: { email: 'q@example.com', custom_attributes: { favourite_color: 'x' } },
        })
      ).status,
    ).toBe(400);
  });

  it('deletes contacts', async () => {
    const c = await call('/contacts', { body: { role: 'lead', name: 'Temp Lead' } });
    const del = await call(`/contacts/${c.json.id}`, { method: 'DELETE' });
    expect(del.json).toEqual({ type: 'contact', id: c.json.id, external_id: null, deleted: true });
    expect(wsA.contacts.has(c.json.id)).toBe(false);
    expectError(await call(`/contacts/${c.json.id}`), 404, 'not_found', 'User Not Found');
  });

  it('simulates eventually consistent search with the searchIndexed switch', async () => {
    const c = await call('/contacts', { body: { email: 'lagging@example.com', name: 'Lagging' } });
    const stored = wsA.contacts.get(c.json.id);
    if (!stored) throw new Error('contact not stored');
    stored.searchIndexed = false;
    const query = { field: 'email', operator: '=', value: 'lagging@example.com' };
    expect((await search('contacts', { query })).json.total_count).toBe(0);
    expect((await call(`/contacts/${c.json.id}`)).json.email).toBe('lagging@example.com');
    expectError(
      await call('/contacts', { body: { email: 'lagging@example.com' } }),
      409,
      'conflict',
      `already exists with id=${c.json.id}`,
    );
    stored.searchIndexed = true;
    expect((await search('contacts', { query })).json.data[0].id).toBe(c.json.id);
  });

  it('lists a contact’s companies with names; the contact payload has {type, id, url} only', async () => {
    const { jane, priya } = WORKSPACE_A.contacts;
    const co = WORKSPACE_A.companies;
    const contact = await call(`/contacts/${jane.id}`);
    expect(contact.json.companies).toEqual({
      type: 'list',
      data: [
        { type: 'company', id: co.globex, url: `/companies/${co.globex}` },
        { type: 'company', id: co.hooli, url: `/companies/${co.hooli}` },
      ],
      url: `/contacts/${jane.id}/companies`,
      total_count: 2,
      has_more: false,
    });
    const r = await call(`/contacts/${jane.id}/companies`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      type: 'list',
      total_count: 2,
      pages: { type: 'pages', next: null, page: 1, per_page: 50, total_pages: 1 },
    });
    expect(r.json.data.map((c: { name: string }) => c.name)).toEqual(['Globex Corporation', 'Hooli']);
    expect(r.json.data[0]).toMatchObject({
      type: 'company',
      id: co.globex,
      company_id: 'globex',
      app_id: WORKSPACE_A.id,
      user_count: 2,
      tags: { type: 'tag.list', tags: [] },
    });
    const first = await call(`/contacts/${jane.id}/companies?per_page=1`);
    expect(first.json.data.map((c: { id: string }) => c.id)).toEqual([co.globex]);
    expect(first.json.pages.next).toBe(`${fake.url}/contacts/${jane.id}/companies?page=2&per_page=1`);
    const second = await call(`/contacts/${jane.id}/companies?page=2&per_page=1`);
    expect(second.json.data.map((c: { id: string }) => c.id)).toEqual([co.hooli]);
    expect(second.json.pages.next).toBeNull();
    expect((await call(`/contacts/${priya.id}/companies`)).json).toMatchObject({ data: [], total_count: 0 });
    expect((await call(`/contacts/${priya.id}`)).json.companies).toMatchObject({ data: [], total_count: 0 });
    expectError(
      await call('/contacts/0123456789abcdef01234567/companies'),
      404,
      'not_found',
      'User Not Found',
    );
    const other = await call(`/contacts/${jane.id}/companies`, { token: WORKSPACE_B.token });
    expect(other.status).toBe(404);
  });

  it('creates or returns tags and tags/untags contacts', async () => {
    const t1 = await call('/tags', { body: { name: 'Newsletter' } });
    const t2 = await call('/tags', { body: { name: 'Newsletter' } });
    expect(t1.json).toMatchObject({ type: 'tag', name: 'Newsletter' });
    expect(t2.json.id).toBe(t1.json.id);
    expect((await call('/tags', { body: { name: 'VIP' } })).json.id).toBe(WORKSPACE_A.tags.vip);
    const id = WORKSPACE_A.contacts.noah.id;
    expect((await call(`/contacts/${id}/tags`, { body: { id: t1.json.id } })).json).toMatchObject({
      id: t1.json.id,
    });
    expect(wsA.contacts.get(id)?.tagIds).toContain(t1.json.id);
    expect((await call(`/contacts/${id}`)).json.tags.data).toContainEqual({
      type: 'tag',
      id: t1.json.id,
      url: `/tags/${t1.json.id}`,
    });
    expectError(await call(`/contacts/${id}/tags`, { body: { id: '1' } }), 404, 'not_found');
    expect((await call(`/contacts/${id}/tags/${t1.json.id}`, { method: 'DELETE' })).status).toBe(200);
    expect(wsA.contacts.get(id)?.tagIds).not.toContain(t1.json.id);
    const segments = await call('/segments?include_count=true');
    expect(segments.json.type).toBe('segment.list');
    expect(
      segments.json.segments.find((s: { id: string }) => s.id === WORKSPACE_A.segments.trialLeads).count,
    ).toBe(2);
  });
});

describe('conversations', () => {
  it('creates contact-initiated conversations and returns a user_message', async () => {
    const before = wsA.conversations.size;
    const r = await call('/conversations', {
      body: { from: { type: 'user', id: WORKSPACE_A.contacts.priya.id }, body: 'Hello there' },
    });
    expect(r.json).toMatchObject({ type: 'user_message', body: 'Hello there', message_type: 'inapp' });
    expect(r.json.conversation_id).toMatch(/^\d+$/);
    expect(wsA.conversations.size).toBe(before + 1);
    expectError(
      await call('/conversations', { body: { from: { type: 'user', id: 'nope' }, body: 'x' } }),
      404,
      'not_found',
      'User Not Found',
    );
  });

  it('replies as an admin (comment and note) and validates admin_id', async () => {
    const id = WORKSPACE_A.conversations.exportFeature;
    const conv = wsA.conversations.get(id);
    const parts = conv?.parts.length ?? 0;
    const r = await call(`/conversations/${id}/reply`, {
      body: {
        message_type: 'comment',
        type: 'admin',
        admin_id: WORKSPACE_A.admins.bob,
        body: '<p>Yes, coming soon.</p>',
      },
    });
    expect(r.status).toBe(200);
    expect(r.json.type).toBe('conversation');
    const last = r.json.conversation_parts.conversation_parts.at(-1);
    expect(last).toMatchObject({
      part_type: 'comment',
      body: '<p>Yes, coming soon.</p>',
      author: { type: 'admin', id: WORKSPACE_A.admins.bob },
    });
    await call(`/conversations/${id}/reply`, {
      body: { message_type: 'note', type: 'admin', admin_id: WORKSPACE_A.admins.bob, body: 'internal' },
    });
    expect(conv?.parts.length).toBe(parts + 2);
    expect(conv?.parts.at(-1)?.part_type).toBe('note');
    expectError(
      await call(`/conversations/${id}/reply`, {
        body: { message_type: 'comment', type: 'admin', body: 'x' },
      }),
      400,
      'parameter_invalid',
    );
    expectError(
      await call(`/conversations/${id}/reply`, {
        body: { message_type: 'comment', type: 'admin', admin_id: WORKSPACE_B.ownerAdminId, body: 'x' },
      }),
      404,
      'admin_not_found',
    );
    expect(conv?.parts.length).toBe(parts + 2);
  });

  it('closes, opens, snoozes and assigns through /parts', async () => {
    const id = WORKSPACE_A.conversations.leadPricing;
    const admin_id = WORKSPACE_A.ownerAdminId;
    const parts = (body: unknown) => call(`/conversations/${id}/parts`, { body });
    const closed = await parts({ message_type: 'close', type: 'admin', admin_id, body: 'Closing this' });
    expect(closed.json).toMatchObject({ state: 'closed', open: false });
    expect(closed.json.conversation_parts.conversation_parts.at(-1)).toMatchObject({
      part_type: 'close',
      body: 'Closing this',
    });
    expect((await parts({ message_type: 'open', admin_id })).json).toMatchObject({
      state: 'open',
      open: true,
    });
    expectError(await parts({ message_type: 'snoozed', admin_id }), 400, 'parameter_invalid');
    const until = Math.floor(Date.now() / 1000) + 3600;
    expect((await parts({ message_type: 'snoozed', admin_id, snoozed_until: until })).json).toMatchObject({
      state: 'snoozed',
      snoozed_until: until,
    });
    const assigned = await parts({
      message_type: 'assignment',
      type: 'admin',
      admin_id,
      assignee_id: WORKSPACE_A.admins.bob,
    });
    expect(assigned.json).toMatchObject({ admin_assignee_id: Number(WORKSPACE_A.admins.bob), state: 'open' });
    const team = await parts({
      message_type: 'assignment',
      type: 'team',
      admin_id,
      assignee_id: WORKSPACE_A.teams.tier1,
    });
    expect(team.json.team_assignee_id).toBe(Number(WORKSPACE_A.teams.tier1));
    const unassigned = await parts({ message_type: 'assignment', type: 'admin', admin_id, assignee_id: '0' });
    expect(unassigned.json.admin_assignee_id).toBeNull();
    const v216 = await call(`/conversations/${id}`, { headers: { 'Intercom-Version': '2.16' } });
    expect(v216.json.admin_assignee_id).toBe(0);
    expectError(await parts({ message_type: 'close', type: 'admin' }), 400, 'parameter_invalid');
    expectError(await parts({ message_type: 'explode', admin_id }), 400, 'parameter_invalid');
  });

  it('tags and untags conversations (untag needs admin_id in the DELETE body)', async () => {
    const id = WORKSPACE_A.conversations.mobileCrash;
    const tag = WORKSPACE_A.tags.vip;
    const r = await call(`/conversations/${id}/tags`, {
      body: { id: tag, admin_id: WORKSPACE_A.ownerAdminId },
    });
    expect(r.json).toMatchObject({
      type: 'tag',
      id: tag,
      name: 'VIP',
      applied_by: { type: 'admin', id: WORKSPACE_A.ownerAdminId },
    });
    expect(wsA.conversations.get(id)?.tags.map((t) => t.tagId)).toContain(tag);
    expectError(
      await call(`/conversations/${id}/tags/${tag}`, { method: 'DELETE' }),
      400,
      'parameter_invalid',
    );
    const del = await call(`/conversations/${id}/tags/${tag}`, {
      method: 'DELETE',
      body: { admin_id: WORKSPACE_A.ownerAdminId },
    });
    expect(del.status).toBe(200);
    expect(wsA.conversations.get(id)?.tags.map((t) => t.tagId)).not.toContain(tag);
    expectError(
      await call(`/conversations/${id}/tags/${tag}`, {
        method: 'DELETE',
        body: { admin_id: WORKSPACE_A.ownerAdminId },
      }),
      404,
      'tag_not_found',
    );
  });

  it('returns all parts of a 300-part conversation and only the 500 newest of a bigger one', async () => {
    const big = createConversationWithParts(wsA, 300);
    const r = await call(`/conversations/${big.id}?display_as=plaintext`);
    expect(r.json.conversation_parts.total_count).toBe(300);
    expect(r.json.conversation_parts.conversation_parts).toHaveLength(300);
    expect(r.json.conversation_parts.conversation_parts[1].body).toBe('Customer message 2');
    const huge = createConversationWithParts(wsA, 620);
    const h = await call(`/conversations/${huge.id}`);
    const hp = h.json.conversation_parts.conversation_parts;
    expect(hp).toHaveLength(500);
    expect(hp.at(-1).id).toBe(huge.parts.at(-1)?.id);
    expect(hp[0].id).toBe(huge.parts[120]?.id);
  });

  it('renders HTML bodies as plain text with display_as=plaintext', async () => {
    const id = WORKSPACE_A.conversations.invoiceHtml;
    const html = await call(`/conversations/${id}`);
    expect(html.json.source.body).toContain('<b>invoice #INV-2024-0931</b>');
    const plain = await call(`/conversations/${id}?display_as=plaintext`);
    expect(plain.json.source.body).not.toMatch(/<[a-z]/);
    expect(plain.json.source.body).toContain('invoice #INV-2024-0931');
  });
});

describe('messages and events', () => {
  it('sends in_app and email messages with Intercom validation', async () => {
    const before = wsA.messages.length;
    const to = { type: 'user', id: WORKSPACE_A.contacts.jane.id };
    const from = { type: 'admin', id: Number(WORKSPACE_A.ownerAdminId) };
    const inapp = await call('/messages', { body: { message_type: 'in_app', body: 'Hi Jane', from, to } });
    expect(inapp.json).toMatchObject({ type: 'admin_message', message_type: 'inapp', body: 'Hi Jane' });
    expect(inapp.json.conversation_id).toBeUndefined();
    expectError(
      await call('/messages', { body: { message_type: 'email', body: 'Hi', template: 'plain', from, to } }),
      422,
      'parameter_not_found',
      'No subject supplied for email message',
    );
    expectError(
      await call('/messages', { body: { message_type: 'inapp', body: 'Hi', from, to } }),
      400,
      'parameter_invalid',
    );
    expectError(
      await call('/messages', {
        body: {
          message_type: 'in_app',
          body: 'Hi',
          from,
          to: { type: 'user', id: WORKSPACE_B.contacts.lena.id },
        },
      }),
      404,
      'not_found',
    );
    const email = await call('/messages', {
      body: {
        message_type: 'email',
        subject: 'Welcome',
        template: 'personal',
        body: 'Hi',
        from,
        to,
        create_conversation_without_contact_reply: true,
      },
    });
    expect(email.json).toMatchObject({ message_type: 'email', subject: 'Welcome' });
    expect(wsA.conversations.get(email.json.conversation_id)?.source.delivered_as).toBe('admin_initiated');
    expect(wsA.messages.length).toBe(before + 2);
    expect(wsA.messages.at(-1)).toMatchObject({ message_type: 'email', to: [{ type: 'user', id: to.id }] });
  });

  it('accepts events with 202 and an empty body, keeps 10 metadata keys and de-duplicates', async () => {
    const before = wsA.events.length;
    const metadata = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, i]));
    const body = {
      event_name: 'ordered-item',
      created_at: 1_730_000_000,
      user_id: WORKSPACE_A.contacts.jane.external_id,
      metadata,
    };
    const r = await call('/events', { body });
    expect(r.status).toBe(202);
    expect(r.text).toBe('');
    expect(wsA.events.length).toBe(before + 1);
    expect(Object.keys(wsA.events.at(-1)?.metadata ?? {})).toEqual([
      'k0',
      'k1',
      'k2',
      'k3',
      'k4',
      'k5',
      'k6',
      'k7',
      'k8',
      'k9',
    ]);
    expect((await call('/events', { body })).status).toBe(202);
    expect(wsA.events.length).toBe(before + 1);
    expect((await call('/events', { body: { ...body, created_at: 1_730_000_001 } })).status).toBe(202);
    expect(wsA.events.length).toBe(before + 2);
    expectError(
      await call('/events', { body: { event_name: 'x', user_id: 'acme-u-1001' } }),
      400,
      'parameter_invalid',
    );
    expectError(
      await call('/events', { body: { event_name: 'x', created_at: 1, email: 'nobody@example.com' } }),
      404,
      'not_found',
      'User Not Found',
    );
    const lead = await call('/events', {
      body: { event_name: 'viewed-pricing', created_at: 5, id: WORKSPACE_A.contacts.lead1.id },
    });
    expect(lead.status).toBe(202);
    const listed = await call(`/events?type=user&intercom_user_id=${WORKSPACE_A.contacts.jane.id}`);
    expect(listed.json.type).toBe('event.list');
    expect(
      listed.json.events.filter((e: { event_name: string }) => e.event_name === 'ordered-item'),
    ).toHaveLength(2);
  });
});

describe('faults', () => {
  it('injects 429 with rate-limit headers, and 500/502/503', async () => {
    fake.inject({ kind: 'status', status: 429, match: { path: /^\/admins$/ } });
    const limited = await call('/admins');
    expectError(limited, 429, 'rate_limit_exceeded');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000 - 1);
    expect((await call('/admins')).status).toBe(200);
    fake.inject({ kind: 'status', status: 500, times: 2 });
    expectError(await call('/teams'), 500, 'server_error');
    expectError(await call('/teams'), 500, 'server_error');
    expect((await call('/teams')).status).toBe(200);
    fake.inject({ kind: 'status', status: 502 });
    const bad = await call('/teams');
    expect(bad.status).toBe(502);
    expect(bad.headers.get('content-type')).toContain('text/html');
    fake.inject({ kind: 'status', status: 503, match: { workspaceId: WORKSPACE_B.id } });
    expect((await call('/teams')).status).toBe(200);
    expectError(await call('/teams', { token: WORKSPACE_B.token }), 503, 'service_unavailable');
    expect(fake.requests.filter((r) => r.fault === 'status')).toHaveLength(5);
  });

  it('counts the real rate limit down and answers 429 once exhausted', async () => {
    fake.inject({
      kind: 'rateLimitRemaining',
      remaining: 2,
      resetInSeconds: 30,
      workspaceId: WORKSPACE_A.id,
    });
    const r1 = await call('/me');
    expect(r1.headers.get('x-ratelimit-remaining')).toBe('1');
    const reset = Number(r1.headers.get('x-ratelimit-reset'));
    expect(reset).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 29);
    expect((await call('/me')).headers.get('x-ratelimit-remaining')).toBe('0');
    const r3 = await call('/me');
    expectError(r3, 429, 'rate_limit_exceeded');
    expect(r3.headers.get('x-ratelimit-reset')).toBe(String(reset));
    expect((await call('/me', { token: WORKSPACE_B.token })).status).toBe(200);
    fake.reset();
    expect((await call('/me')).status).toBe(200);
  });

  it('delays a response with slow and still answers correctly', async () => {
    fake.inject({ kind: 'slow', delayMs: 300, match: { method: 'GET', path: /^\/me$/ } });
    const t0 = Date.now();
    const r = await call('/me');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
    expect(r.json.id).toBe(WORKSPACE_A.ownerAdminId);
    const t1 = Date.now();
    await call('/me');
    expect(Date.now() - t1).toBeLessThan(250);
  });

  it('drops before the side effect: no response and no state change', async () => {
    const before = wsA.messages.length;
    fake.inject({ kind: 'drop', when: 'before', match: { method: 'POST', path: /^\/messages$/ } });
    const body = {
      message_type: 'in_app',
      body: 'dropped',
      from: { type: 'admin', id: WORKSPACE_A.ownerAdminId },
      to: { type: 'user', id: WORKSPACE_A.contacts.tom.id },
    };
    await expect(call('/messages', { body })).rejects.toThrow();
    expect(wsA.messages.length).toBe(before);
    expect(fake.requests.at(-1)).toMatchObject({ path: '/messages', status: 0, fault: 'drop-before' });
  });

  it('drops after the side effect: no response but the write happened exactly once', async () => {
    const conv = wsA.conversations.get(WORKSPACE_A.conversations.apiRateLimit);
    const parts = conv?.parts.length ?? 0;
    fake.inject({ kind: 'drop', when: 'after', match: { path: /\/reply$/ } });
    const body = {
      message_type: 'comment',
      type: 'admin',
      admin_id: WORKSPACE_A.admins.bob,
      body: 'Raised your limit.',
    };
    await expect(
      call(`/conversations/${WORKSPACE_A.conversations.apiRateLimit}/reply`, { body }),
    ).rejects.toThrow();
    expect(conv?.parts.length).toBe(parts + 1);
    expect(conv?.parts.at(-1)?.body).toBe('Raised your limit.');
    expect(fake.requests.filter((r) => r.path.endsWith('/reply'))).toHaveLength(1);
    expect(fake.requests.at(-1)).toMatchObject({ status: 0, fault: 'drop-after' });
    expect((await call('/me')).status).toBe(200);
  });

  it('clears queued faults', async () => {
    fake.inject({ kind: 'status', status: 500, times: 5 });
    fake.clearFaults();
    expect((await call('/me')).status).toBe(200);
  });
});

describe('extra workspaces', () => {
  it('adds workspaces with their own tokens and optional bulk data', async () => {
    const ws = fake.addWorkspace({ name: 'Bulk Co', region: 'Australia', contacts: 400, conversations: 30 });
    const me = await call('/me', { token: ws.token });
    expect(me.json.app).toMatchObject({ id_code: ws.id, name: 'Bulk Co', region: 'Australia' });
    const ids = new Set<string>();
    let next: string | undefined;
    do {
      const r = await search(
        'contacts',
        {
          query: { field: 'role', operator: '=', value: 'user' },
          pagination: { per_page: 150, starting_after: next },
        },
        ws.token,
      );
      for (const c of r.json.data) ids.add(c.id);
      next = r.json.pages.next?.starting_after;
    } while (next);
    expect(ids.size).toBe(320);
    expect((await call(`/contacts/${[...ids][0]}`)).status).toBe(404);
    expect(fake.unhandled).toEqual([]);
  });
});
