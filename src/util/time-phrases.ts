import * as chrono from 'chrono-node';

/**
 * Times as people and models write them: unix seconds, ISO 8601 with or without an offset, a duration
 * ("90m", "2h", "3d", "1w") or a phrase ("tomorrow 9am", "in 2 hours", "next Monday"). Everything
 * without its own offset is read in the workspace's time zone (GET /me app.timezone). Phrases are read by
 * chrono-node, a well-kept natural-language date parser; this file only supplies the zone and the rules.
 */

export interface ParsedTime {
  /** Unix seconds. */
  unix: number;
  /** The same instant in ISO 8601 with the workspace's offset, e.g. 2026-03-10T09:00:00-07:00. */
  iso: string;
}

export interface TimeOptions {
  /** IANA zone of the workspace; UTC when unknown. */
  timeZone: string | null | undefined;
  now: Date;
  /** A date without a time: `start` of the day (ranges, past dates) or 09:00 (`morning`, e.g. snoozes). */
  dateOnly?: 'start' | 'morning';
  /** Which way an open phrase points: "monday" is the next one for `future`, the last one for `past`. */
  direction?: 'future' | 'past';
}

const DURATION = /^(?:in\s+)?(\d{1,6})\s*(m|min|mins|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?)$/i;
const UNIT_SECONDS: Record<string, number> = { m: 60, h: 3_600, d: 86_400, w: 604_800 };
const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
const CASUAL_TIME = /^casualReference\/(tonight|morning|afternoon|evening|noon|midnight|night|now)$/;
/** Unix seconds up to year 5138; larger numbers are read as milliseconds. */
const MAX_UNIX_SECONDS = 99_999_999_999;

/** The offset of `timeZone` from UTC at `at`, in minutes (e.g. -420 for 07:00 behind). */
export function zoneOffsetMinutes(timeZone: string | null | undefined, at: Date): number {
  if (!timeZone) return 0;
  try {
    const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value;
    const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name ?? '');
    if (!m) return 0;
    const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
    return m[1] === '-' ? -minutes : minutes;
  } catch {
    return 0; // an unknown zone name: UTC
  }
}

/** An instant written in ISO 8601 with the zone's offset at that instant. */
export function isoInZone(unix: number, timeZone: string | null | undefined): string {
  const at = new Date(unix * 1000);
  const offset = zoneOffsetMinutes(timeZone, at);
  const local = new Date(at.getTime() + offset * 60_000).toISOString().slice(0, 19);
  if (offset === 0) return `${local}Z`;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Wall-clock fields in the zone → unix seconds (the offset checked again at the result, for DST). */
function fromLocal(fields: number[], timeZone: string | null | undefined): number {
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0] = fields;
  const guess = Date.UTC(y, mo - 1, d, h, mi, s);
  let offset = zoneOffsetMinutes(timeZone, new Date(guess));
  offset = zoneOffsetMinutes(timeZone, new Date(guess - offset * 60_000));
  return Math.floor((guess - offset * 60_000) / 1000);
}

function result(unix: number, options: TimeOptions): ParsedTime {
  return { unix, iso: isoInZone(unix, options.timeZone) };
}

/** Reads a time, or says why it cannot (the message says what to write instead). */
export function parseTime(input: string | number, options: TimeOptions): ParsedTime | { error: string } {
  const nowUnix = Math.floor(options.now.getTime() / 1000);
  const text = typeof input === 'number' ? String(input) : input.trim();
  if (/^\d{9,14}$/.test(text)) {
    const n = Number(text);
    return result(n > MAX_UNIX_SECONDS ? Math.floor(n / 1000) : n, options);
  }
  if (ISO_WITH_OFFSET.test(text)) {
    const ms = Date.parse(text);
    if (Number.isFinite(ms)) return result(Math.floor(ms / 1000), options);
  }
  const local = ISO_LOCAL.exec(text);
  if (local) {
    const fields = local.slice(1).map((v) => (v === undefined ? undefined : Number(v)));
    const dateOnly = fields[3] === undefined;
    if (dateOnly && options.dateOnly === 'morning') fields[3] = 9;
    const unix = fromLocal(
      fields.map((v) => v ?? 0),
      options.timeZone,
    );
    if (Number.isFinite(unix)) return result(unix, options);
  }
  const duration = DURATION.exec(text);
  if (duration) {
    const unit = (duration[2] ?? '').toLowerCase()[0] ?? '';
    return result(nowUnix + Number(duration[1]) * (UNIT_SECONDS[unit] ?? 0), options);
  }
  const phrase = parsePhrase(text, options);
  if (phrase !== undefined) return result(phrase, options);
  return {
    error:
      `"${text}" is not a time we can read. Write ISO 8601 (2026-03-10T09:00:00Z, or 2026-03-10T09:00 in ` +
      'the workspace time zone), unix seconds, a duration ("2h", "3d") or a phrase ("tomorrow 9am", ' +
      '"in 2 hours", "next Monday")',
  };
}

function parsePhrase(text: string, options: TimeOptions): number | undefined {
  let offset = zoneOffsetMinutes(options.timeZone, options.now);
  for (let pass = 0; pass < 2; pass++) {
    const reference = { instant: options.now, timezone: offset };
    const [found] = chrono.parse(text, reference, { forwardDate: options.direction !== 'past' });
    if (!found) return undefined;
    const start = found.start;
    if (!start.isCertain('hour') && !start.isCertain('minute')) {
      const tags = [...found.tags()];
      // "in 3 days" keeps the time of day; "tonight" or "this morning" say their own.
      const timed = tags.some((t) => t === 'result/relativeDate' || CASUAL_TIME.test(t));
      if (!timed) {
        const day = (['year', 'month', 'day'] as const).map((c) => start.get(c) ?? 0);
        return fromLocal([...day, options.dateOnly === 'morning' ? 9 : 0], options.timeZone);
      }
    }
    const unix = Math.floor(start.date().getTime() / 1000);
    // A wall-clock time across a daylight-saving change: read again with the offset of that day.
    const there = zoneOffsetMinutes(options.timeZone, new Date(unix * 1000));
    if (there === offset) return unix;
    offset = there;
  }
  return undefined;
}
