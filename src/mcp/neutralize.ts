/**
 * Characters that let text reach a model or a person other than as it reads: bidi controls that reorder
 * what is shown (U+202E "right-to-left override"), C0/C1 controls other than tab and line breaks, and
 * Unicode tag characters (U+E0000–U+E007F), which are invisible but read by models ("ASCII smuggling").
 * Every string a tool returns goes through here once, where results are rendered.
 */
const CONTROLS = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F';
const BIDI = '\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069';
const TAGS = '\\u{E0000}-\\u{E007F}';
const UNSAFE = new RegExp(`[${CONTROLS}${BIDI}${TAGS}]`, 'gu');

/** `text` without those characters (the same string when it has none, which is the usual case). */
export function neutralizeText(text: string): string {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(text) ? text.replace(UNSAFE, '') : text;
}

/** A copy of a JSON value with every string (keys included) neutralized; unchanged parts are shared. */
export function neutralize<T>(value: T): T {
  if (typeof value === 'string') return neutralizeText(value) as T;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const n = neutralize(v);
      if (n !== v) changed = true;
      return n;
    });
    return (changed ? out : value) as T;
  }
  if (value !== null && typeof value === 'object') {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const key = neutralizeText(k);
      const n = neutralize(v);
      if (n !== v || key !== k) changed = true;
      out[key] = n;
    }
    return (changed ? out : value) as T;
  }
  return value;
}
