import { describe, expect, it } from 'vitest';
import { excerpt, htmlToText, isoTime } from './text.js';

describe('isoTime', () => {
  const reference = (seconds: number) => new Date(seconds * 1000).toISOString();

  it('writes what Date#toISOString writes, at calendar edges', () => {
    const edges = [
      1, 59, 60, 3_599, 86_399, 86_400, 951_782_399, 951_782_400, 951_868_799, 951_868_800, 4_107_542_400,
      4_107_628_800, 1_700_000_000, 1_767_225_599, 1_767_225_600, 253_402_300_799,
    ];
    for (const seconds of edges) expect(isoTime(seconds)).toBe(reference(seconds));
  });

  it('writes what Date#toISOString writes, for 100,000 random whole seconds up to year 9999', () => {
    let state = 12_345;
    const next = () => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state / 2_147_483_648;
    };
    const mismatches: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const seconds = 1 + Math.floor(next() * 253_402_300_798);
      if (isoTime(seconds) !== reference(seconds)) mismatches.push(`${seconds}: ${isoTime(seconds)}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('leaves fractions, negatives and years past 9999 to Date, and treats 0 and null as missing', () => {
    expect(isoTime(1_700_000_000.25)).toBe('2023-11-14T22:13:20.250Z');
    expect(isoTime(-1)).toBe('1969-12-31T23:59:59.000Z');
    expect(isoTime(253_402_300_800)).toBe('+010000-01-01T00:00:00.000Z');
    expect(isoTime(0)).toBeNull();
    expect(isoTime(null)).toBeNull();
    expect(isoTime(undefined)).toBeNull();
  });
});

describe('excerpt', () => {
  it('keeps text that looks like HTML once the body is plain text', () => {
    const text = htmlToText('<p>Use the &lt;div&gt; tag &amp;amp; the &lt;br&gt; one</p>');
    expect(text).toBe('Use the <div> tag &amp; the <br> one');
    expect(excerpt(text, 200)).toBe('Use the <div> tag &amp; the <br> one');
  });

  it('folds line breaks and clips on a word boundary', () => {
    expect(excerpt('first line\nsecond   line', 200)).toBe('first line second line');
    expect(excerpt('alpha beta gamma delta', 17)).toBe('alpha beta gamma…');
    expect(excerpt(' \n ', 10)).toBeNull();
  });
});
