/** Plain-text helpers for message bodies: Intercom bodies are HTML unless fetched with display_as=plaintext. */

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (match, entity: string) => {
    if (entity.startsWith('#')) {
      const hex = entity[1] === 'x' || entity[1] === 'X';
      const code = Number.parseInt(entity.slice(hex ? 2 : 1), hex ? 16 : 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
    }
    return ENTITIES[entity.toLowerCase()] ?? match;
  });
}

/**
 * HTML (or already plain) message body to readable plain text: block ends become single line breaks, list items
 * start with "- ", links keep their target ("guide (https://…)"), tags are removed, entities decoded and
 * whitespace collapsed. Only `<` followed by a tag name counts as a tag, so "a < b" survives.
 */
export function htmlToText(body: string | null | undefined): string {
  if (!body) return '';
  const text = body
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(
      /<a\b[^>]*?href\s*=\s*["']([^"']+)["'][^>]*>([\s\S]*?)<\/a>/gi,
      (_m, href: string, inner: string) =>
        inner.replace(/<[^>]*>/g, '').trim() === href ? href : `${inner} (${href})`,
    )
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<\/(p|div|ul|ol|h[1-6]|blockquote|pre|tr|table)>/gi, '\n')
    .replace(/<\/?[a-z][a-z0-9-]*\b[^>]*>/gi, '');
  return decodeEntities(text)
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/** `text` cut to at most `max` characters (ending with "…" when cut), on a word boundary when one is near. */
export function clip(text: string, max: number): { text: string; truncated: boolean } {
  if (text.length <= max) return { text, truncated: false };
  const hard = text.slice(0, Math.max(0, max - 1));
  const space = hard.lastIndexOf(' ');
  const cut = space > max * 0.8 ? hard.slice(0, space) : hard;
  return { text: `${cut.trimEnd()}…`, truncated: true };
}

/** A one-paragraph excerpt: plain text with line breaks folded into spaces, at most `max` characters. */
export function excerpt(body: string | null | undefined, max: number): string | null {
  const text = htmlToText(body).replace(/\s+/g, ' ').trim();
  return text ? clip(text, max).text : null;
}

/** Unix seconds to an ISO 8601 string (UTC); null for a missing or zero timestamp. */
export function isoTime(seconds: number | null | undefined): string | null {
  return seconds ? new Date(seconds * 1000).toISOString() : null;
}
