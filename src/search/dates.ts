import { QueryResolutionError } from './errors.js';

/** A calendar day without a time zone; `m` is 1-12. */
export interface CalendarDate {
  y: number;
  m: number;
  d: number;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/i;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws a QueryResolutionError unless `timeZone` is an IANA name this runtime knows. */
export function assertTimeZone(timeZone: string): void {
  try {
    formatter(timeZone);
  } catch {
    throw new QueryResolutionError(
      'invalid_value',
      `Unknown time zone "${timeZone}"; use an IANA name such as "Europe/Paris" or "UTC".`,
    );
  }
}

/** Wall-clock fields of an instant in a time zone. */
function wallClock(ms: number, timeZone: string): number[] {
  if (timeZone === 'UTC') {
    const d = new Date(ms);
    return [
      d.getUTCFullYear(),
      d.getUTCMonth() + 1,
      d.getUTCDate(),
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
    ];
  }
  const out = [0, 0, 0, 0, 0, 0];
  const order = ['year', 'month', 'day', 'hour', 'minute', 'second'];
  for (const part of formatter(timeZone).formatToParts(new Date(ms))) {
    const index = order.indexOf(part.type);
    if (index >= 0) out[index] = Number(part.value);
  }
  return out;
}

function offsetMs(ms: number, timeZone: string): number {
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0] = wallClock(ms, timeZone);
  return Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(ms / 1000) * 1000;
}

/** The instant (ms) at which the wall clock in `timeZone` shows the given local time. */
function zonedToMs(c: CalendarDate, h: number, mi: number, s: number, timeZone: string): number {
  const asUtc = Date.UTC(c.y, c.m - 1, c.d, h, mi, s);
  if (timeZone === 'UTC') return asUtc;
  const first = asUtc - offsetMs(asUtc, timeZone);
  // A second pass corrects guesses that landed on the other side of a DST change.
  return asUtc - offsetMs(first, timeZone);
}

export function todayIn(now: Date, timeZone: string): CalendarDate {
  const [y = 1970, m = 1, d = 1] = wallClock(now.getTime(), timeZone);
  return { y, m, d };
}

export function addDays(c: CalendarDate, days: number): CalendarDate {
  const t = new Date(Date.UTC(c.y, c.m - 1, c.d + days));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** Moves by whole months, clamping the day (March 31 minus one month is February 28/29). */
export function addMonths(c: CalendarDate, months: number): CalendarDate {
  const first = new Date(Date.UTC(c.y, c.m - 1 + months, 1));
  const y = first.getUTCFullYear();
  const m = first.getUTCMonth() + 1;
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { y, m, d: Math.min(c.d, daysInMonth) };
}

/** Weeks start on Monday (ISO 8601). */
export function startOfWeek(c: CalendarDate): CalendarDate {
  const weekday = new Date(Date.UTC(c.y, c.m - 1, c.d)).getUTCDay();
  return addDays(c, -((weekday + 6) % 7));
}

export function formatDate(c: CalendarDate): string {
  return `${String(c.y).padStart(4, '0')}-${String(c.m).padStart(2, '0')}-${String(c.d).padStart(2, '0')}`;
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return (a.y - b.y) * 10_000 + (a.m - b.m) * 100 + (a.d - b.d);
}

/** A real calendar date or null (rejects 2026-02-30). */
export function makeDate(y: number, m: number, d: number): CalendarDate | null {
  const t = new Date(Date.UTC(y, m - 1, d));
  const ok = t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
  return ok ? { y, m, d } : null;
}

export function parseIsoDate(value: string): CalendarDate | null {
  const match = DATE_RE.exec(value);
  return match ? makeDate(Number(match[1]), Number(match[2]), Number(match[3])) : null;
}

export function isIsoDateOrDateTime(value: string): boolean {
  return toUnixSeconds(value, 'UTC') !== null;
}

/**
 * Unix seconds for `YYYY-MM-DD` (00:00 of that day), `YYYY-MM-DDTHH:MM[:SS]` (wall clock) in
 * `timeZone`, or a datetime with `Z`/`±HH:MM` (an absolute instant). Null when not such a value.
 */
export function toUnixSeconds(value: string, timeZone: string): number | null {
  const day = parseIsoDate(value);
  if (day) return zonedToMs(day, 0, 0, 0, timeZone) / 1000;
  const match = DATETIME_RE.exec(value);
  if (!match) return null;
  const date = makeDate(Number(match[1]), Number(match[2]), Number(match[3]));
  const [h, mi, s] = [Number(match[4]), Number(match[5]), Number(match[6] ?? 0)];
  if (!date || h > 23 || mi > 59 || s > 59) return null;
  if (match[7]) return Math.floor(Date.parse(value.toUpperCase()) / 1000);
  return zonedToMs(date, h, mi, s, timeZone) / 1000;
}

/** `2026-11-23T12:00:00Z` for an instant (whole seconds). */
export function formatInstant(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}
