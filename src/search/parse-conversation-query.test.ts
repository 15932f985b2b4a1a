import { describe, expect, it } from 'vitest';
import { buildConversationSearchQuery, type SearchLookups } from './build-intercom-query.js';
import { type ConversationFilters, conversationFiltersSchema } from './conversation-filters.js';
import { QueryResolutionError } from './errors.js';
import type { IntercomSearchQuery, SearchFilter } from './intercom-query.js';
import { interpretConversationSearch } from './interpret-conversation-search.js';
import { parseConversationQuery } from './parse-conversation-query.js';

const NOW = new Date('2026-11-24T12:00:00Z'); // a Tuesday

const LOOKUPS: SearchLookups = {
  admins: [
    { id: '101', name: 'Sarah Connor', email: 'sarah@corp.example' },
    { id: '102', name: 'Tom Baker', email: 'tom@corp.example' },
    { id: '103', name: 'Tomás Ruiz', email: 'tomas@corp.example' },
    { id: '104', name: 'Priya Patel', email: 'priya@corp.example' },
  ],
  teams: [
    { id: '201', name: 'Billing' },
    { id: '202', name: 'Billing Escalations' },
    { id: '203', name: 'Customer Success' },
    { id: '204', name: 'Support EU' },
    { id: '205', name: 'Support US' },
  ],
  tags: [
    { id: '301', name: 'billing' },
    { id: '302', name: 'refund' },
    { id: '303', name: 'VIP' },
    { id: '304', name: 'bug' },
    { id: '305', name: 'feature request' },
  ],
  me: { id: '104', name: 'Priya Patel' },
};

/** Unix seconds of a UTC day or instant, written independently of the code under test. */
const u = (iso: string) => Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso) / 1000;
const f = (
  field: string,
  operator: SearchFilter['operator'],
  value: SearchFilter['value'],
): SearchFilter => ({
  field,
  operator,
  value,
});
const and = (...value: IntercomSearchQuery[]): IntercomSearchQuery => ({ operator: 'AND', value });
const or = (...value: IntercomSearchQuery[]): IntercomSearchQuery => ({ operator: 'OR', value });
const body = (word: string) => f('source.body', '~', word);

function search(query: string, filters?: ConversationFilters, timeZone?: string) {
  const interpreted = interpretConversationSearch({ query, filters }, { now: NOW, timeZone });
  const built = buildConversationSearchQuery(interpreted.filters, LOOKUPS, { timeZone });
  return { ...interpreted, ...built };
}

interface Row {
  q: string;
  query: IntercomSearchQuery;
  uninterpreted?: string[];
}

const rows: Row[] = [
  // The examples of the brief.
  {
    q: 'open conversations about refunds from the last 7 days',
    query: and(f('state', '=', 'open'), f('created_at', '>', u('2026-11-17')), body('refunds')),
  },
  {
    q: 'unassigned snoozed conversations tagged billing',
    query: and(f('state', '=', 'snoozed'), f('admin_assignee_id', '=', 0), f('tag_ids', '=', '301')),
  },
  {
    q: 'conversations from jane@acme.com since 2026-10-01',
    query: and(f('source.author.email', '=', 'jane@acme.com'), f('created_at', '>', u('2026-10-01'))),
  },
  {
    q: 'high priority unread conversations assigned to Sarah',
    query: and(f('read', '=', false), f('priority', '=', 'priority'), f('admin_assignee_id', '=', 101)),
  },
  {
    q: 'closed conversations for team Billing updated before 2026-09-01',
    query: and(
      f('state', '=', 'closed'),
      f('team_assignee_id', '=', 201),
      f('updated_at', '<', u('2026-09-01')),
    ),
  },
  // States, read, priority.
  { q: 'open', query: f('state', '=', 'open') },
  { q: 'Show me all snoozed conversations.', query: f('state', '=', 'snoozed') },
  { q: 'resolved conversations', query: f('state', '=', 'closed') },
  { q: 'unread', query: f('read', '=', false) },
  { q: 'conversations that have not been read', query: f('read', '=', false) },
  { q: 'read conversations', query: f('read', '=', true) },
  {
    q: 'non-priority open conversations',
    query: and(f('state', '=', 'open'), f('priority', '=', 'not_priority')),
  },
  { q: 'not priority', query: f('priority', '=', 'not_priority') },
  // Admins and teams.
  { q: 'conversations assigned to me', query: f('admin_assignee_id', '=', 104) },
  { q: 'assigned to sarah@corp.example', query: f('admin_assignee_id', '=', 101) },
  { q: 'assigned to Tomás', query: f('admin_assignee_id', '=', 103) },
  { q: 'assigned to connor', query: f('admin_assignee_id', '=', 101) },
  { q: 'assigned to 102', query: f('admin_assignee_id', '=', 102) },
  {
    q: 'open conversations assigned to nobody',
    query: and(f('state', '=', 'open'), f('admin_assignee_id', '=', 0)),
  },
  { q: 'conversations assigned to team Customer Success', query: f('team_assignee_id', '=', 203) },
  { q: 'team customer', query: f('team_assignee_id', '=', 203) },
  { q: 'conversations with no team', query: f('team_assignee_id', '=', 0) },
  {
    q: 'unassigned conversations in the Billing Escalations team',
    query: and(f('admin_assignee_id', '=', 0), f('team_assignee_id', '=', 202)),
  },
  // Tags and contacts.
  { q: 'tagged billing, refund or vip', query: f('tag_ids', 'IN', ['301', '302', '303']) },
  { q: 'with tag "feature request"', query: f('tag_ids', '=', '305') },
  {
    q: 'tagged VIP from 6762F14A1BB69F9F2193BBB3',
    query: and(f('tag_ids', '=', '303'), f('contact_ids', '=', '6762f14a1bb69f9f2193bbb3')),
  },
  // Dates (now is Tuesday 2026-11-24 12:00 UTC).
  { q: 'conversations today', query: f('created_at', '>', u('2026-11-24')) },
  {
    q: 'yesterday',
    query: and(f('created_at', '>', u('2026-11-23')), f('created_at', '<', u('2026-11-24'))),
  },
  { q: 'this week', query: f('created_at', '>', u('2026-11-23')) },
  {
    q: 'last week',
    query: and(f('created_at', '>', u('2026-11-16')), f('created_at', '<', u('2026-11-23'))),
  },
  {
    q: 'last month',
    query: and(f('created_at', '>', u('2026-10-01')), f('created_at', '<', u('2026-11-01'))),
  },
  { q: 'past 2 weeks', query: f('created_at', '>', u('2026-11-10')) },
  { q: 'in the last 24 hours', query: f('created_at', '>', u('2026-11-23T12:00:00Z')) },
  { q: 'the last three months', query: f('created_at', '>', u('2026-08-24')) },
  {
    q: 'between 2026-10-01 and 2026-10-31',
    query: and(f('created_at', '>', u('2026-10-01')), f('created_at', '<', u('2026-11-01'))),
  },
  { q: 'after 2026-10-01', query: f('created_at', '>', u('2026-10-02')) },
  { q: 'before 2026-09-01', query: f('created_at', '<', u('2026-09-01')) },
  { q: 'since October 1', query: f('created_at', '>', u('2026-10-01')) },
  {
    q: 'on 2026-11-02',
    query: and(f('created_at', '>', u('2026-11-02')), f('created_at', '<', u('2026-11-03'))),
  },
  {
    q: 'from December 5',
    query: and(f('created_at', '>', u('2025-12-05')), f('created_at', '<', u('2025-12-06'))),
  },
  { q: 'updated in the last 3 days', query: f('updated_at', '>', u('2026-11-21')) },
  { q: 'older than 30 days', query: f('created_at', '<', u('2026-10-25')) },
  {
    q: 'since 2026-11-01T09:30:00+01:00 last updated today',
    query: and(f('created_at', '>', u('2026-11-01T08:30:00Z')), f('updated_at', '>', u('2026-11-24'))),
  },
  // Text.
  { q: 'conversations about "refund policy"', query: and(body('refund'), body('policy')) },
  { q: 'about refunds or chargebacks', query: or(body('refunds'), body('chargebacks')) },
  {
    q: 'open conversations about refunds or chargebacks',
    query: and(f('state', '=', 'open'), or(body('refunds'), body('chargebacks'))),
  },
  {
    q: 'regarding login issues with tag bug',
    query: and(f('tag_ids', '=', '304'), body('login'), body('issues')),
  },
  {
    q: 'unassigned high priority conversations from jane@acme.com tagged vip in the last 7 days',
    query: and(
      f('priority', '=', 'priority'),
      f('admin_assignee_id', '=', 0),
      f('tag_ids', '=', '303'),
      f('source.author.email', '=', 'jane@acme.com'),
      f('created_at', '>', u('2026-11-17')),
    ),
  },
  // Words that are not understood are reported, and negations we cannot express are never flipped.
  {
    q: 'open conversations about refunds that customers hated',
    query: and(f('state', '=', 'open'), body('refunds')),
    uninterpreted: ['customers', 'hated'],
  },
  { q: 'urgent open conversations', query: f('state', '=', 'open'), uninterpreted: ['urgent'] },
  { q: 'not tagged billing, open', query: f('state', '=', 'open'), uninterpreted: ['not tagged billing'] },
  {
    q: 'from Jane Doe yesterday',
    query: and(f('created_at', '>', u('2026-11-23')), f('created_at', '<', u('2026-11-24'))),
    uninterpreted: ['from Jane Doe'],
  },
  {
    q: 'closed, not assigned to Sarah',
    query: f('state', '=', 'closed'),
    uninterpreted: ['not assigned to Sarah'],
  },
  { q: 'my open conversations', query: f('state', '=', 'open'), uninterpreted: ['my'] },
];

describe('parse + build: phrasings to Intercom queries', () => {
  it.each(rows)('$q', ({ q, query, uninterpreted = [] }) => {
    const result = search(q);
    expect(result.query).toEqual(query);
    expect(result.uninterpreted).toEqual(uninterpreted);
  });
});

const SIXTEEN_WORDS =
  'alpha bravo charlie delta echo foxtrot golf hotel india juliett kilo lima mike oscar papa quebec';

const refusals: { q: string; code: QueryResolutionError['code']; message: RegExp }[] = [
  {
    q: 'tagged billng',
    code: 'unknown_name',
    message: /No tag named "billng".*Known tags: billing, bug, feature/,
  },
  { q: 'tagged billing urgent', code: 'unknown_name', message: /Did you mean "billing"\?/ },
  { q: 'assigned to Tom', code: 'ambiguous_name', message: /Tom Baker \(id 102\), Tomás Ruiz \(id 103\)/ },
  { q: 'team Support', code: 'ambiguous_name', message: /Support EU \(id 204\), Support US \(id 205\)/ },
  { q: 'assigned to 999', code: 'unknown_name', message: /No admin has id 999/ },
  { q: 'open closed conversations', code: 'contradiction', message: /state: "open" vs "closed"/ },
  { q: 'since 2026-10-01 in the last 7 days', code: 'contradiction', message: /created after/ },
  { q: 'created after 2026-11-01 before 2026-10-01', code: 'contradiction', message: /not earlier than/ },
  { q: `open about ${SIXTEEN_WORDS}`, code: 'too_many_filters', message: /17 conditions.*allows 15/ },
  { q: 'show me everything', code: 'empty_query', message: /not understood: "everything"/ },
  { q: '', code: 'empty_query', message: /no conditions/ },
];

describe('refusals', () => {
  it.each(refusals)('$q -> $code', ({ q, code, message }) => {
    let caught: unknown;
    try {
      search(q);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(QueryResolutionError);
    expect((caught as QueryResolutionError).code).toBe(code);
    expect((caught as QueryResolutionError).message).toMatch(message);
  });

  it('lists the candidates of an ambiguous name', () => {
    expect(() => search('assigned to sarah', undefined)).not.toThrow();
    try {
      search('assigned to tom');
    } catch (error) {
      expect((error as QueryResolutionError).candidates).toEqual([
        'Tom Baker (id 102)',
        'Tomás Ruiz (id 103)',
      ]);
    }
  });
});

describe('interpretation and merging', () => {
  it('describes what it read, with the relative date spelled out', () => {
    const parsed = parseConversationQuery('open conversations about refunds from the last 7 days', NOW);
    expect(parsed.interpreted).toEqual([
      'state = open',
      'text contains "refunds"',
      'created on or after 2026-11-17 (from the last 7 days)',
    ]);
    expect(conversationFiltersSchema.parse(parsed.filters)).toEqual(parsed.filters);
  });

  it('describes the built query with resolved names', () => {
    const result = search('unassigned conversations for team billing tagged vip or refund about invoices');
    expect(result.interpreted).toEqual([
      'admin assignee = nobody (admin_assignee_id = 0; the team assignment is not checked)',
      'team assignee = Billing (id 201)',
      'tag is any of VIP (id 303), refund (id 302)',
      'body contains the word "invoices"',
    ]);
  });

  it('lets structured filters win over the text and reports the override', () => {
    const result = search('open conversations about refunds', { state: 'closed', tag: ['bug'] });
    expect(result.query).toEqual(and(f('state', '=', 'closed'), f('tag_ids', '=', '304'), body('refunds')));
    expect(result.notes).toEqual([
      'state: the filter "closed" was used instead of "open" from the query text',
    ]);
  });

  it('works from structured filters alone', () => {
    const result = search('', { text: ['Refund policy'], text_match: 'any', read: false });
    expect(result.query).toEqual(and(f('read', '=', false), or(body('refund'), body('policy'))));
  });

  it('counts calendar days in the given time zone', () => {
    const result = search('today', undefined, 'America/New_York');
    expect(result.query).toEqual(f('created_at', '>', u('2026-11-24T05:00:00Z')));
    expect(result.interpreted).toEqual(['created on or after 2026-11-24 00:00 America/New_York']);
  });

  it('rejects an unknown time zone with a usable message', () => {
    expect(() => search('today', undefined, 'Mars/Olympus')).toThrow(/Unknown time zone "Mars\/Olympus"/);
  });
});
