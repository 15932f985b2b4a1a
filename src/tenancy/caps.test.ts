import { describe, expect, it } from 'vitest';
import { capsInput, capsWithin, DEFAULT_CAPS, resolveCaps } from './caps.js';

describe('connection caps', () => {
  it('tightening stays within, loosening does not', () => {
    const current = { confirmAbove: 50, sendsPerDay: 1000 };
    expect(capsWithin({ confirmAbove: 10, sendsPerDay: 500 }, current)).toBe(true);
    expect(capsWithin(current, current)).toBe(true);
    expect(capsWithin({ confirmAbove: 51, sendsPerDay: 1000 }, current)).toBe(false);
    expect(capsWithin({ confirmAbove: 50, sendsPerDay: 1001 }, current)).toBe(false);
    // Lifting the daily cap is loosening; setting one where there was none is tightening.
    expect(capsWithin({ confirmAbove: 50, sendsPerDay: null }, current)).toBe(false);
    expect(capsWithin({ confirmAbove: 0, sendsPerDay: 5 }, DEFAULT_CAPS)).toBe(true);
  });

  it('keeps what the input leaves out, and null lifts the daily cap', () => {
    const current = { confirmAbove: 5, sendsPerDay: 100 };
    expect(resolveCaps({ confirm_above: 7 }, current)).toEqual({ confirmAbove: 7, sendsPerDay: 100 });
    expect(resolveCaps({ sends_per_day: null }, current)).toEqual({ confirmAbove: 5, sendsPerDay: null });
    expect(capsInput.safeParse({ confirm_above: -1 }).success).toBe(false);
    expect(capsInput.safeParse({ confirm_above: 1.5 }).success).toBe(false);
    expect(capsInput.safeParse({ other: 1 }).success).toBe(false);
  });
});
