import { describe, expect, it } from 'vitest';
import { canonicalEventName, eventNameProblem, metadataKeyProblems } from './rules.js';

// Intercom's documented cases: names are lower-cased and best written verb-noun with "-"; metadata is
// flat, at most 10 keys, and keys cannot hold "." or "$".
describe('event names', () => {
  it.each([
    ['updated-plan', null],
    ['invited-friend', null],
    ['placed-order', null],
    ['ordered_item', null],
    ['viewed-page-2', null],
    ['Upgraded.Plan', 'upgraded-plan'],
    ['upgraded plan! 🚀', 'upgraded-plan'],
    ['Placed Order', 'placed-order'],
    ['PLACED-ORDER', 'placed-order'],
    ['paid $100', 'paid-100'],
    ['  trailing-space ', 'trailing-space'],
    ['café-visited', 'cafe-visited'],
    ['signed/up', 'signed-up'],
  ])('%s → %s', (name, canonical) => {
    const problem = eventNameProblem(name);
    if (canonical === null) expect(problem).toBeNull();
    else {
      expect(canonicalEventName(name)).toBe(canonical);
      expect(problem).toContain(`use "${canonical}"`);
    }
  });

  it('refuses a name without letters or digits', () => {
    expect(eventNameProblem('🚀!!')).toMatch(/no letters or digits/);
  });
});

describe('metadata keys', () => {
  it.each([
    [['order_id', 'price', 'invoice_date'], []],
    [['order.id'], ['key "order.id" contains "." or "$", which Intercom does not accept; use "order_id"']],
    [['$amount'], ['key "$amount" contains "." or "$", which Intercom does not accept; use "_amount"']],
    [
      ['created_at'],
      ['key "created_at" is one of the event\'s own fields; use another name, e.g. "created_at_value"'],
    ],
    [[' '], ['a key is empty']],
  ])('%j', (keys, problems) => {
    expect(metadataKeyProblems(keys)).toEqual(problems);
  });

  it('allows 10 keys and refuses 11, naming them', () => {
    const ten = Array.from({ length: 10 }, (_, i) => `k${i}`);
    expect(metadataKeyProblems(ten)).toEqual([]);
    expect(metadataKeyProblems([...ten, 'k10'])[0]).toMatch(
      /has 11 keys \(k0, .*k10\); Intercom keeps only the first 10/,
    );
  });
});
