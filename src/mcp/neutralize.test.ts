import { describe, expect, it } from 'vitest';
import { neutralize, neutralizeText } from './neutralize.js';

describe('neutralize', () => {
  it('removes bidi controls, control characters and tag characters, keeping line breaks, tabs and emoji', () => {
    expect(neutralizeText('abc\u202Efdp.exe')).toBe('abcfdp.exe');
    expect(neutralizeText('\u2066x\u2069 \u200Fy\u061C')).toBe('x y');
    expect(neutralizeText('bell\u0007 esc\u001B[31m del\u007F c1\u0085')).toBe('bell esc[31m del c1');
    expect(neutralizeText(`hi${String.fromCodePoint(0xe0049, 0xe0067, 0xe006e)}`)).toBe('hi');
    expect(neutralizeText('line 1\nline\t2\r\n👩‍💻 café')).toBe('line 1\nline\t2\r\n👩‍💻 café');
  });

  it('walks objects and arrays, keys included, and shares what did not change', () => {
    const clean = { a: ['x', { b: 1 }], c: null };
    expect(neutralize(clean)).toBe(clean);
    expect(neutralize({ 'k\u202E': ['v\u202E', 2, true], n: { m: 'ok' } })).toEqual({
      k: ['v', 2, true],
      n: { m: 'ok' },
    });
  });
});
