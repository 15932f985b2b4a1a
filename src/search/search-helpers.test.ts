import { describe, expect, it } from 'vitest';
import { addMonths, startOfWeek, toUnixSeconds } from './dates.js';
import { QueryResolutionError } from './errors.js';
import { checkSearchLimits, type IntercomSearchQuery } from './intercom-query.js';
import { mergeFilters } from './merge-filters.js';
import { resolveByName } from './resolve-names.js';
import { tokenize } from './tokenize-query.js';

const u = (iso: string) => Date.parse(iso) / 1000;

describe('dates', () => {
  it.each([
    ['2026-03-29', 'Europe/Paris', '2026-03-28T23:00:00Z'], // the day DST starts: midnight is still CET
    ['2026-03-30', 'Europe/Paris', '2026-03-29T22:00:00Z'],
    ['2026-11-01', 'America/New_York', '2026-11-01T04:00:00Z'], // the day DST ends: midnight is still EDT
    ['2026-10-01T09:30', 'Asia/Kolkata', '2026-10-01T04:00:00Z'],
    ['2026-10-01T09:30:00-02:00', 'Asia/Kolkata', '2026-10-01T11:30:00Z'],
    ['2026-10-01', 'UTC', '2026-10-01T00:00:00Z'],
  ])('%s in %s is %s', (value, timeZone, expected) => {
    expect(toUnixSeconds(value, timeZone)).toBe(u(expected));
  });

  it.each(['2026-02-30', '2026-13-01', '2026-10-01T25:00', 'yesterday', '1 Oct 2026'])(
    'rejects %s',
    (value) => {
      expect(toUnixSeconds(value, 'UTC')).toBeNull();
    },
  );

  it('clamps month arithmetic and starts weeks on Monday', () => {
    expect(addMonths({ y: 2026, m: 3, d: 31 }, -1)).toEqual({ y: 2026, m: 2, d: 28 });
    expect(startOfWeek({ y: 2026, m: 11, d: 29 })).toEqual({ y: 2026, m: 11, d: 23 });
  });
});

describe('checkSearchLimits', () => {
  const leaf = { field: 'state', operator: '=', value: 'open' } as const;

  it('accepts two levels of groups', () => {
    expect(() =>
      checkSearchLimits({ operator: 'AND', value: [leaf, { operator: 'OR', value: [leaf] }] }),
    ).not.toThrow();
  });

  it('refuses a third level', () => {
    const deep: IntercomSearchQuery = {
      operator: 'AND',
      value: [{ operator: 'OR', value: [{ operator: 'AND', value: [leaf] }] }],
    };
    expect(() => checkSearchLimits(deep)).toThrow(/nests groups 3 deep/);
  });

  it('refuses 16 entries in one group', () => {
    expect(() => checkSearchLimits({ operator: 'OR', value: Array(16).fill(leaf) })).toThrow(
      QueryResolutionError,
    );
  });
});

describe('resolveByName', () => {
  const teams = [
    { id: '1', name: 'Billing' },
    { id: '2', name: 'Billing Escalations' },
    { id: '3', name: 'Support' },
  ];

  it('prefers an exact name over a prefix match', () => {
    expect(resolveByName('team', 'BILLING', teams).id).toBe('1');
  });

  it('matches a unique prefix or word', () => {
    expect(resolveByName('team', 'escal', teams).id).toBe('2');
    expect(resolveByName('team', 'supp', teams).id).toBe('3');
  });

  it('accepts an unchecked numeric id only when no list was loaded', () => {
    expect(resolveByName('team', '42', [])).toEqual({ id: '42', name: '42' });
    expect(() => resolveByName('team', '42', teams)).toThrow(/No team has id 42/);
  });
});

describe('mergeFilters', () => {
  it('keeps both sides, lets structured values win and reports only real differences', () => {
    const merged = mergeFilters(
      { state: 'open', tag: ['billing'], text: ['refund'] },
      { state: 'open', tag: ['vip'], read: false },
    );
    expect(merged.filters).toEqual({ state: 'open', tag: ['vip'], text: ['refund'], read: false });
    expect(merged.conflicts).toEqual([
      'tag: the filter "vip" was used instead of "billing" from the query text',
    ]);
  });
});

describe('tokenize', () => {
  it('keeps quoted phrases, emails and separators', () => {
    const tokens = tokenize(`"refund policy" from jane@acme.com. tagged billing, vip 'feature request'`);
    expect(tokens.map((t) => [t.raw, t.quoted, t.sep])).toEqual([
      ['refund policy', true, false],
      ['from', false, false],
      ['jane@acme.com', false, false],
      ['tagged', false, false],
      ['billing', false, true],
      ['vip', false, false],
      ['feature request', true, false],
    ]);
  });
});
