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

/**
 * A one-paragraph excerpt of plain text (from `htmlToText`): line breaks folded into spaces, at most `max`
 * characters. Never HTML again: a customer's literal "<div>" or "&amp;" must survive.
 */
export function excerpt(text: string, max: number): string | null {
  const folded = text.replace(/\s+/g, ' ').trim();
  return folded ? clip(folded, max).text : null;
}

const LAST_SECOND_OF_9999 = 253_402_300_799;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * Unix seconds to an ISO 8601 string (UTC, as `Date#toISOString` writes it); null for a missing or zero
 * timestamp. Whole seconds are formatted with integer arithmetic (Hinnant's days-to-civil): a list of 20
 * conversations holds ~100 timestamps, and `toISOString` costs about 1 µs each on Node 20.
 */
export function isoTime(seconds: number | null | undefined): string | null {
  if (!seconds) return null;
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > LAST_SECOND_OF_9999) {
    return new Date(seconds * 1000).toISOString();
  }
  const days = Math.floor(seconds / 86_400);
  const secondOfDay = seconds - days * 86_400;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(secondOfDay / 3600);
  const minute = Math.floor((secondOfDay % 3600) / 60);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(secondOfDay % 60)}.000Z`;
}
