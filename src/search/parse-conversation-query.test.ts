import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSearch, type NameResolver } from './compile-search.js';
import type { Condition } from './conditions.js';
import { parseConversationQuery } from './parse-conversation-query.js';

// Wednesday 2026-11-18, 10:00 in New York (EST, UTC−5).
const NOW = new Date('2026-11-18T15:00:00Z');
const TZ = 'America/New_York';
const NAMES = {
  admins: [
    { id: '11', name: 'Bob Martin' },
    { id: '12', name: 'Alice Wong' },
  ],
  teams: [{ id: '21', name: 'Billing' }],
  tags: [
    { id: '31', name: 'VIP' },
    { id: '32', name: 'spam' },
  ],
};
/** Unix seconds of midnight of a New York day in November (UTC−5), written independently of the code. */
const nyMidnight = (day: string) => Date.parse(`${day}T05:00:00Z`) / 1000;

const read = (q: string) => parseConversationQuery(q, { now: NOW, timeZone: TZ, names: NAMES });
const conditions = (q: string): Condition[] => read(q).conditions.map((c) => c.condition);

const resolver: NameResolver = {
  admin: async (n) => NAMES.admins.find((a) => a.id === n || a.name.startsWith(n)) ?? { id: '0', name: n },
  team: async (n) => NAMES.teams.find((t) => t.name === n) ?? { id: '0', name: n },
  tag: async (n) => NAMES.tags.find((t) => t.name === n) ?? { id: '0', name: n },
  company: async (ref, { orNull }) => {
    if (ref === 'Acme') return { id: 'c1', name: 'Acme', contactIds: ['a1', 'a2'], total: 2 };
    if (orNull) return { none: `no company is named "${ref}"` };
    throw new Error(`unknown company ${ref}`);
  },
  meId: '11',
};
const compile = async (q: string) =>
  compileSearch(read(q).conditions, resolver, { now: NOW, timeZone: TZ, customerText: () => null });

describe('parseConversationQuery', () => {
  it('reads "closed yesterday" as closed now and last closed yesterday, not created', async () => {
    expect(conditions('assigned to Bob that were closed yesterday')).toEqual([
      { kind: 'admin', value: 'Bob Martin' },
      { kind: 'state', value: 'closed' },
      { kind: 'date', field: 'closed', after: '2026-11-17', before: '2026-11-18' },
    ]);
    const { query } = await compile('assigned to Bob that were closed yesterday');
    expect(query).toEqual({
      operator: 'AND',
      value: [
        { field: 'admin_assignee_id', operator: '=', value: 11 },
        { field: 'state', operator: '=', value: 'closed' },
        { field: 'statistics.last_close_at', operator: '>', value: nyMidnight('2026-11-17') },
        { field: 'statistics.last_close_at', operator: '<', value: nyMidnight('2026-11-18') - 1 },
      ],
    });
  });

  it('applies "not from last year" as an exclusion of that range', async () => {
    const { query, interpreted } = await compile('login problems that are still open but not from last year');
    const jan2025 = Date.parse('2025-01-01T05:00:00Z') / 1000;
    const jan2026 = Date.parse('2026-01-01T05:00:00Z') / 1000;
    expect(query).toEqual({
      operator: 'AND',
      value: [
        { field: 'source.body', operator: '~', value: 'log' },
        { field: 'state', operator: '=', value: 'open' },
        {
          operator: 'OR',
          value: [
            { field: 'created_at', operator: '<', value: jan2025 - 1 },
            { field: 'created_at', operator: '>', value: jan2026 },
          ],
        },
      ],
    });
    expect(interpreted[2]).toMatch(/^"not from last year" → created NOT/);
    expect(read('login problems that are still open but not from last year').ignored).toEqual(['problems']);
  });

  it('reads dates as people say them, in five languages', () => {
    const date = (q: string) => conditions(q).find((c) => c.kind === 'date');
    expect(date('since Monday')).toMatchObject({ after: '2026-11-16' });
    expect(date('last 7 days')).toMatchObject({ after: '2026-11-11' });
    expect(date('past 2 weeks')).toMatchObject({ after: '2026-11-04' });
    expect(date('this month')).toMatchObject({ after: '2026-11-01' });
    expect(date('in October')).toMatchObject({ after: '2026-10-01', before: '2026-11-01' });
    expect(date('la semana pasada')).toMatchObject({ after: '2026-11-09', before: '2026-11-16' });
    expect(date('depuis lundi')).toMatchObject({ after: '2026-11-16' });
    expect(date('seit gestern')).toMatchObject({ after: '2026-11-17' });
    expect(date('ontem')).toMatchObject({ after: '2026-11-17', before: '2026-11-18' });
    expect(date('el 5 de noviembre')).toMatchObject({ after: '2026-11-05', before: '2026-11-06' });
    expect(date('entre el 1 de noviembre y el 5 de noviembre')).toMatchObject({
      after: '2026-11-01',
      before: '2026-11-06',
    });
    expect(date('zwischen 1. November und 5. November')).toMatchObject({
      after: '2026-11-01',
      before: '2026-11-06',
    });
    expect(date('the customer replied yesterday')).toMatchObject({
      field: 'contact_replied',
      after: '2026-11-17',
    });
    expect(read('before Black Friday').notUnderstood).toEqual([
      { words: 'before Black Friday', hint: expect.stringMatching(/date/) },
    ]);
  });

  it('reaches every filter from words', () => {
    expect(conditions('conversations with a bad rating')).toEqual([{ kind: 'rating', scores: [1, 2] }]);
    expect(conditions('rated 5 stars')).toEqual([{ kind: 'rating', scores: [5] }]);
    expect(conditions('waiting on the customer for more than 3 days')).toEqual([
      { kind: 'waiting', on: 'customer', hours: 72 },
    ]);
    expect(conditions('waiting for a reply for more than 2 days')).toEqual([
      { kind: 'waiting', on: 'us', hours: 48 },
    ]);
    expect(conditions('Billing team')).toEqual([{ kind: 'team', value: 'Billing' }]);
    expect(conditions('team Billing')).toEqual([{ kind: 'team', value: 'Billing' }]);
    expect(conditions('assigned to Billing')).toEqual([{ kind: 'team', value: 'Billing' }]);
    expect(conditions('unread email conversations')).toEqual([
      { kind: 'read', value: false },
      { kind: 'channel', value: 'email' },
    ]);
    expect(conditions('angry customers')).toEqual([{ kind: 'sentiment', value: 'negative' }]);
    expect(conditions('conversaciones abiertas sobre facturación')).toEqual([
      { kind: 'state', value: 'open' },
      { kind: 'text', stems: ['factur'], match: 'all' },
    ]);
  });

  it('negates tags and keeps topic words stemmed, any-of across "or"', () => {
    const parsed = read('refunds or invoices, not tagged VIP');
    expect(parsed.conditions.map((c) => [c.condition, c.negated])).toEqual([
      [{ kind: 'text', stems: ['refund', 'invoic'], match: 'any' }, false],
      [{ kind: 'tag', values: ['VIP'] }, true],
    ]);
  });

  it('refuses two ranges for one date rather than matching nothing', async () => {
    await expect(compile('created yesterday, created last week')).rejects.toThrow(/two created dates/);
  });

  it('reads a company wherever the query names one, and "from <Name>" as company or contact', () => {
    const company = (value: string) => [{ kind: 'company', value }];
    expect(conditions('company Acme')).toEqual(company('Acme'));
    expect(conditions('tickets from customers at Globex Corp')).toEqual(company('Globex Corp'));
    expect(conditions('conversaciones de la empresa Acme')).toEqual(company('Acme'));
    expect(conditions("clients de l'entreprise Initech")).toEqual(company('Initech'));
    expect(conditions('Gespräche von Kunden der Firma Umbrella')).toEqual(company('Umbrella'));
    expect(conditions('open tickets from the Acme company')).toEqual([
      { kind: 'state', value: 'open' },
      { kind: 'company', value: 'Acme' },
    ]);
    expect(conditions('customers of Hooli')).toEqual(company('Hooli'));
    expect(conditions('from Jane Cooper')).toEqual([
      { kind: 'company', value: 'Jane Cooper', orContactName: true },
    ]);
    expect(conditions('from Acme customers')).toEqual([
      { kind: 'company', value: 'Acme', orContactName: true },
    ]);
    // A name after "at" or "from" is its capitalised words; the people of a company go with it.
    expect(conditions('what did people at Initech ask about refunds')).toEqual([
      { kind: 'company', value: 'Initech' },
      { kind: 'text', stems: ['refund'], match: 'all' },
    ]);
    expect(conditions('tickets from Acme employees')).toEqual([
      { kind: 'company', value: 'Acme', orContactName: true },
    ]);
    expect(conditions('customers at Bank of America')).toEqual(company('Bank of America'));
    // Lower-case words after "at" or "from" are not names.
    expect(conditions('problems at login')).not.toContainEqual(expect.objectContaining({ kind: 'company' }));
  });

  it('compiles a company to its contacts, and "from <Name>" to the contact name when no company has it', async () => {
    const acme = await compile('open from Acme');
    expect(acme.query).toEqual({
      operator: 'AND',
      value: [
        { field: 'state', operator: '=', value: 'open' },
        { field: 'contact_ids', operator: 'IN', value: ['a1', 'a2'] },
      ],
    });
    expect(acme.interpreted[1]).toBe(
      '"from Acme" → company Acme (id c1): contact is one of Acme\'s 2 contacts (contact_ids)',
    );
    const jane = await compile('from Jane Cooper');
    expect(jane.query).toEqual({ field: 'source.author.name', operator: '~', value: 'Jane Cooper' });
    expect(jane.interpreted[0]).toMatch(/no company is named "Jane Cooper"/);
    const notAcme = await compile('open, not from company Acme');
    expect(notAcme.query).toMatchObject({
      value: expect.arrayContaining([{ field: 'contact_ids', operator: 'NIN', value: ['a1', 'a2'] }]),
    });
  });

  it('reads any text without throwing, and every condition it returns compiles', async () => {
    const words = fc.constantFrom(
      'open',
      'not',
      'closed',
      'yesterday',
      'since',
      'last',
      '7',
      'days',
      'assigned',
      'to',
      'Bob',
      'team',
      'Billing',
      'tagged',
      'VIP',
      'or',
      'and',
      'rated',
      '5',
      'stars',
      'waiting',
      'on',
      'the',
      'customer',
      'more',
      'than',
      'angry',
      'refunds',
      '"mobile app"',
      'sin',
      'asignar',
      'desde',
      'lunes',
      'between',
      'Nov',
      '1',
      'before',
      ',',
      '¿',
      'über',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.array(words, { maxLength: 12 }).map((w) => w.join(' ')),
          fc.string({ maxLength: 80 }),
        ),
        async (q) => {
          const parsed = read(q);
          try {
            await compileSearch(parsed.conditions, resolver, {
              now: NOW,
              timeZone: TZ,
              customerText: () => null,
            });
          } catch (error) {
            // Only refusals with a message the user can act on (a contradiction, a limit), never a crash.
            expect((error as Error).name).toBe('QueryResolutionError');
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
