/**
 * Intercom's rules for data event names and metadata keys (Submit a data event, API 2.14, and its data
 * events guide): names are stored lower-cased, and a good name is a past-tense verb-noun joined by a
 * hyphen ("updated-plan"); metadata is flat, at most 10 keys (Intercom keeps the first 10 and silently
 * drops the rest), and keys cannot hold "." or "$". We refuse what Intercom would rewrite or drop, so a
 * workspace never gets "Upgraded.Plan" and "upgraded.plan" as two spellings of one event, and suggest
 * the form that would be stored.
 */

export const MAX_METADATA_KEYS = 10;
const MAX_NAME = 255;
/** The event's own fields: as metadata keys they would be confused with them. */
const RESERVED_KEYS = new Set(['event_name', 'created_at', 'user_id', 'email', 'id', 'metadata', 'type']);

/** The event name Intercom would store: lower case, words joined by "-", letters, digits, "-" and "_". */
export function canonicalEventName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s.$/]+/g, '-')
    .replace(/[^a-z0-9_-]+/g, '')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, MAX_NAME);
}

/** Why an event name is refused (with the form to use), or null when Intercom would keep it as written. */
export function eventNameProblem(name: string): string | null {
  const canonical = canonicalEventName(name);
  if (!canonical) return `"${name}" has no letters or digits; use a verb-noun name like "updated-plan"`;
  if (canonical === name) return null;
  return (
    `"${name}" would not be stored as written (Intercom lower-cases names; use letters, digits, "-" or "_", ` +
    `no spaces, "." or "$"); use "${canonical}"`
  );
}

/** Problems with metadata keys, each with the key to use instead. */
export function metadataKeyProblems(keys: string[]): string[] {
  const problems: string[] = [];
  if (keys.length > MAX_METADATA_KEYS) {
    problems.push(
      `has ${keys.length} keys (${keys.join(', ')}); Intercom keeps only the first ${MAX_METADATA_KEYS} and ` +
        `drops the rest silently: send at most ${MAX_METADATA_KEYS}`,
    );
  }
  for (const key of keys) {
    const trimmed = key.trim();
    if (!trimmed) problems.push('a key is empty');
    else if (/[.$]/.test(key)) {
      problems.push(
        `key "${key}" contains "." or "$", which Intercom does not accept; use "${key.replace(/[.$]+/g, '_')}"`,
      );
    } else if (RESERVED_KEYS.has(trimmed.toLowerCase())) {
      problems.push(
        `key "${key}" is one of the event's own fields; use another name, e.g. "${trimmed}_value"`,
      );
    } else if (key.length > MAX_NAME)
      problems.push(`key "${key.slice(0, 40)}…" is longer than ${MAX_NAME} characters`);
  }
  return problems;
}
