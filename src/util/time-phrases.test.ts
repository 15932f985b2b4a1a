import { describe, expect, it } from 'vitest';
import { isoInZone, parseTime } from './time-phrases.js';

// Friday 2026-03-06 12:00 in Los Angeles (UTC-8); daylight saving starts Sunday 2026-03-08.
const now = new Date('2026-03-06T20:00:00Z');
const la = { timeZone: 'America/Los_Angeles', now };

function iso(input: string | number, options: Partial<Parameters<typeof parseTime>[1]> = {}) {
  const r = parseTime(input, { ...la, ...options });
  return 'error' in r ? r.error : r.iso;
}

describe('parseTime', () => {
  it.each([
    ['2026-03-10T09:00:00Z', '2026-03-10T02:00:00-07:00'],
    ['2026-03-10T09:00:00+01:00', '2026-03-10T01:00:00-07:00'],
    ['2026-03-10T09:00', '2026-03-10T09:00:00-07:00'],
    ['2026-03-07T09:00', '2026-03-07T09:00:00-08:00'],
    ['1773158400', '2026-03-10T09:00:00-07:00'],
    [1773158400, '2026-03-10T09:00:00-07:00'],
    [1773158400000, '2026-03-10T09:00:00-07:00'],
    ['2h', '2026-03-06T14:00:00-08:00'],
    ['90m', '2026-03-06T13:30:00-08:00'],
    ['in 2 hours', '2026-03-06T14:00:00-08:00'],
    ['tomorrow 9am', '2026-03-07T09:00:00-08:00'],
    ['tonight', '2026-03-06T22:00:00-08:00'],
    ['March 12 at 3pm', '2026-03-12T15:00:00-07:00'],
  ])('%s → %s', (input, expected) => {
    expect(iso(input)).toBe(expected);
  });

  it('reads a date without a time as the start of the day, or 09:00 for morning uses', () => {
    expect(iso('2026-03-10')).toBe('2026-03-10T00:00:00-07:00');
    expect(iso('2026-03-10', { dateOnly: 'morning' })).toBe('2026-03-10T09:00:00-07:00');
    expect(iso('next Monday', { dateOnly: 'morning' })).toBe('2026-03-09T09:00:00-07:00');
    expect(iso('tomorrow', { dateOnly: 'morning' })).toBe('2026-03-07T09:00:00-08:00');
  });

  it('points open phrases backwards for past times', () => {
    expect(iso('last monday', { direction: 'past' })).toBe('2026-03-02T00:00:00-08:00');
    expect(iso('yesterday', { direction: 'past' })).toBe('2026-03-05T00:00:00-08:00');
  });

  it('explains what it cannot read', () => {
    expect(iso('whenever')).toMatch(/"whenever" is not a time we can read\. Write ISO 8601/);
  });

  it('falls back to UTC without a zone', () => {
    expect(iso('2026-03-10T09:00', { timeZone: null })).toBe('2026-03-10T09:00:00Z');
    expect(isoInZone(0, 'Not/AZone')).toBe('1970-01-01T00:00:00Z');
  });
});
