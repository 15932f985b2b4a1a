import { describe, expect, it } from 'vitest';
import { addConversation } from '../fake-intercom/conversation-builder.js';
import { addCompany, addContact } from '../fake-intercom/index.js';
import { WORKSPACE_A } from '../fake-intercom/seed-a.js';
import { useToolHarness } from './harness.js';

// search_conversations by company: Intercom's conversation search has no company field, so the company is
// resolved (GET /companies), its contacts listed (GET /companies/{id}/contacts, one page of 50) and the
// search asks for `contact_ids IN [...]`, saying so in interpreted_query.

const h = useToolHarness();
const CO = WORKSPACE_A.companies;

interface SearchOut {
  interpreted_query: string[];
  not_understood: { words: string; hint: string }[];
  caveats: string[];
  notes: string[];
  intercom_query: unknown;
  conversations: { id: string }[];
  total_count: number | null;
}

const searches = () => h.recorded().filter((r) => r.method === 'POST' && r.path === '/conversations/search');
const companyCalls = () =>
  h
    .recorded()
    .filter((r) => r.path.startsWith('/companies'))
    .map(
      (r) => `${r.method} ${r.path}${Object.keys(r.query).length ? ` ${new URLSearchParams(r.query)}` : ''}`,
    );

/** Contact ids of a company in the fake, as Intercom lists them. */
const membersOf = (companyId: string) =>
  [...h.workspaceA.contacts.values()].filter((c) => c.companyIds.includes(companyId)).map((c) => c.id);

/** The fake's conversations a contact of `companyId` takes part in, optionally only open ones. */
function conversationsOf(companyId: string, state?: string): string[] {
  const members = new Set(membersOf(companyId));
  return [...h.workspaceA.conversations.values()]
    .filter((c) => c.contactIds.some((id) => members.has(id)) && (!state || c.state === state))
    .map((c) => c.id)
    .sort();
}

const ids = (out: SearchOut) => out.conversations.map((c) => c.id).sort();

/** The contact_ids filter of the search Intercom received. */
function contactFilter(): { operator: string; value: unknown } | undefined {
  const body = searches()[0]?.body as { query: unknown } | undefined;
  const query = body?.query as {
    field?: string;
    value: unknown;
    operator: string;
  };
  const parts =
    'field' in query ? [query] : (query.value as { field?: string; operator: string; value: unknown }[]);
  return parts.find((p) => p.field === 'contact_ids');
}

describe('search_conversations by company', () => {
  it('reads "from <company>" in the query and searches the conversations of its contacts', async () => {
    const out = await h.ok<SearchOut>('search_conversations', {
      query: 'open conversations from Globex Corporation',
      per_page: 50,
      include_latest_part: false,
    });
    const members = membersOf(CO.globex);
    expect(members.length).toBeGreaterThan(1);
    expect(companyCalls()).toEqual([
      'GET /companies name=Globex+Corporation',
      `GET /companies/${CO.globex}/contacts`,
    ]);
    expect(contactFilter()).toEqual({ field: 'contact_ids', operator: 'IN', value: members });
    expect(ids(out)).toEqual(conversationsOf(CO.globex, 'open'));
    expect(out.conversations.length).toBeGreaterThan(0);
    expect(out.interpreted_query).toContain(
      `"from Globex Corporation" → company Globex Corporation (id ${CO.globex}): contact is one of Globex ` +
        `Corporation's ${members.length} contacts (contact_ids)`,
    );
    expect(out.not_understood).toEqual([]);
  });

  it('finds the company after "at", "empresa", a part of its name, in any of the languages', async () => {
    for (const [query, company] of [
      ['tickets from customers at Initech', CO.initech],
      ['conversaciones de la empresa Hooli', CO.hooli],
      ['company globex', CO.globex],
    ] as const) {
      const before = searches().length;
      const out = await h.ok<SearchOut>('search_conversations', {
        query,
        per_page: 50,
        include_latest_part: false,
      });
      expect(ids(out), query).toEqual(conversationsOf(company));
      const sent = searches()[before]?.body as { query: unknown };
      expect(JSON.stringify(sent.query), query).toContain(JSON.stringify(membersOf(company)));
      expect(out.interpreted_query.join('\n'), query).toMatch(new RegExp(`company .+ \\(id ${company}\\)`));
    }
  });

  it('takes the structured argument company as a name, Intercom id or company_id', async () => {
    for (const company of ['Initech', CO.initech, 'initech']) {
      const out = await h.ok<SearchOut>('search_conversations', {
        company,
        include_latest_part: false,
        per_page: 50,
      });
      expect(ids(out), company).toEqual(conversationsOf(CO.initech));
      expect(out.interpreted_query[0], company).toMatch(
        new RegExp(
          `^"company=${company}" → company Initech \\(id ${CO.initech}\\): contact is one of Initech's 2 contacts`,
        ),
      );
    }
  });

  it('lets the argument replace what the query said about the company, and reads "not from" as none of them', async () => {
    const out = await h.ok<SearchOut>('search_conversations', {
      query: 'open, not from company Hooli',
      include_latest_part: false,
      per_page: 50,
    });
    expect(contactFilter()).toEqual({ field: 'contact_ids', operator: 'NIN', value: membersOf(CO.hooli) });
    const hooli = new Set(conversationsOf(CO.hooli));
    const expected = [...h.workspaceA.conversations.values()]
      .filter((c) => c.state === 'open' && !hooli.has(c.id))
      .map((c) => c.id)
      .sort();
    expect(ids(out)).toEqual(expected);
  });

  it('reads "from <word of a company name>" as that company when only one company holds the word', async () => {
    const out = await h.ok<SearchOut>('search_conversations', {
      query: 'from Globex',
      include_latest_part: false,
      per_page: 50,
    });
    expect(ids(out)).toEqual(conversationsOf(CO.globex));
    expect(out.interpreted_query[0]).toMatch(/^"from Globex" → company Globex Corporation/);
  });

  it('keeps "from <person>" a contact name when no company has that name', async () => {
    const out = await h.ok<SearchOut>('search_conversations', {
      query: 'from Wei Chen',
      include_latest_part: false,
    });
    expect(companyCalls()).toEqual([
      'GET /companies name=Wei+Chen',
      'POST /companies/list page=1&per_page=50',
    ]);
    expect(out.intercom_query).toEqual({ field: 'source.author.name', operator: '~', value: 'Wei Chen' });
    expect(out.interpreted_query[0]).toBe(
      '"from Wei Chen" → contact name contains "Wei Chen" (no company is named "Wei Chen")',
    );
  });

  it('searches "from <person>" by contact name when the token may not read companies', async () => {
    h.fake.inject({ kind: 'status', status: 403, times: 1, match: { path: /^\/companies$/ } });
    const out = await h.ok<SearchOut>('search_conversations', {
      query: 'from Wei Chen',
      include_latest_part: false,
    });
    expect(out.intercom_query).toEqual({ field: 'source.author.name', operator: '~', value: 'Wei Chen' });
    expect(out.interpreted_query[0]).toBe(
      '"from Wei Chen" → contact name contains "Wei Chen" (companies could not be read with this connection, so not checked as a company)',
    );
    h.fake.inject({ kind: 'status', status: 403, times: 1, match: { path: /^\/companies$/ } });
    const named = await h.fails('search_conversations', { query: 'tickets from customers at Initech' });
    expect(named).toMatch(/refused/i);
    expect(searches()).toHaveLength(1);
  });

  it('keeps "from <person>" beside a company argument: both apply', async () => {
    const out = await h.ok<SearchOut>('search_conversations', {
      query: 'from Wei Chen',
      company: 'Initech',
      include_latest_part: false,
    });
    expect(out.notes).toEqual([]);
    expect(out.intercom_query).toEqual({
      operator: 'AND',
      value: [
        { field: 'source.author.name', operator: '~', value: 'Wei Chen' },
        { field: 'contact_ids', operator: 'IN', value: membersOf(CO.initech) },
      ],
    });
  });

  it('refuses an unknown company with what it looked at and the closest names, before searching', async () => {
    const text = await h.fails('search_conversations', { query: 'open conversations at Globx Corporation' });
    expect(text).toMatch(/No company is named "Globx Corporation"/);
    expect(text).toMatch(/Did you mean "Globex Corporation"\?/);
    expect(text).toMatch(/search_companies/);
    expect(searches()).toEqual([]);
    const byArgument = await h.fails('search_conversations', { company: 'Nowhere Ltd' });
    expect(byArgument).toMatch(/No company is named "Nowhere Ltd"/);
  });

  it('names the candidates when several companies have that name', async () => {
    const one = addCompany(h.workspaceA, { name: 'Twin Peaks', company_id: 'tp-1' }, [
      WORKSPACE_A.contacts.jane.id,
    ]);
    const two = addCompany(h.workspaceA, { name: 'Twin Peaks', company_id: 'tp-2' }, [
      WORKSPACE_A.contacts.tom.id,
    ]);
    const text = await h.fails('search_conversations', { query: 'company Twin Peaks' });
    expect(text).toContain(
      `"Twin Peaks" names several companies: Twin Peaks (id ${one.id}), Twin Peaks (id ${two.id})`,
    );
    expect(searches()).toEqual([]);
  });

  it('answers no conversation for a company without contacts, without searching', async () => {
    const empty = addCompany(h.workspaceA, { name: 'Empty Shell Inc' });
    const out = await h.ok<SearchOut>('search_conversations', { company: 'Empty Shell Inc' });
    expect(out.conversations).toEqual([]);
    expect(out.total_count).toBe(0);
    expect(out.interpreted_query).toEqual([
      `"company=Empty Shell Inc" → company Empty Shell Inc (id ${empty.id}) has no contacts, so no conversation is from it`,
    ]);
    expect(searches()).toEqual([]);
  });

  it('uses the first page of a large company’s contacts and says how many were left out', async () => {
    const contacts = Array.from({ length: 57 }, (_, k) =>
      addContact(h.workspaceA, { name: `Worker ${k}`, email: `worker${k}@megacorp.test`, role: 'user' }),
    );
    const co = addCompany(
      h.workspaceA,
      { name: 'Megacorp' },
      contacts.map((c) => c.id),
    );
    const early = addConversation(h.workspaceA, {
      contactId: (contacts[0] as { id: string }).id,
      body: '<p>hello</p>',
    });
    const late = addConversation(h.workspaceA, {
      contactId: (contacts[55] as { id: string }).id,
      body: '<p>hi</p>',
    });
    const out = await h.ok<SearchOut>('search_conversations', {
      query: 'conversations from Megacorp',
      include_latest_part: false,
    });
    const sent = contactFilter() as { value: string[] };
    expect(sent.value).toEqual(contacts.slice(0, 50).map((c) => c.id));
    expect(ids(out)).toEqual([early.id]);
    expect(ids(out)).not.toContain(late.id);
    expect(out.interpreted_query[0]).toBe(
      `"from Megacorp" → company Megacorp (id ${co.id}): contact is one of the first 50 of Megacorp's 57 contacts (contact_ids; list cut)`,
    );
    expect(out.caveats[0]).toMatch(
      /Only the first 50 of Megacorp's 57 contacts were used.+other 7 are missed/,
    );
  });
});
