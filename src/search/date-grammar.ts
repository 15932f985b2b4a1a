import * as chrono from 'chrono-node';
import {
  addDays,
  addMonths,
  type CalendarDate,
  compareDates,
  formatDate,
  formatInstant,
  isIsoDateOrDateTime,
  makeDate,
  parseIsoDate,
  startOfWeek,
} from './dates.js';
import type { Token } from './tokenize-query.js';
import {
  AGO_AFTER,
  AGO_BEFORE,
  AGO_GERMAN,
  type DateUnit,
  LAST_WORDS,
  type Lang,
  MONTHS,
  NUMBER_WORDS,
  RANGE_JOINERS,
  RANGE_WORDS,
  THIS_WORDS,
  TODAY,
  UNITS,
  YESTERDAY,
} from './vocabulary.js';

/**
 * Dates as support leads write them, in five languages: "yesterday", "last 7 days", "past 2 weeks",
 * "this month", "la semana pasada", "in November", "since Monday", "between Nov 1 and Nov 5",
 * "older than 30 days", "3 days ago", 2026-11-01. Relative phrases are read by this grammar (its words are
 * in vocabulary.ts); calendar names (weekdays, "5 de noviembre", "am 5. November") by chrono-node in the
 * query's language. Days are calendar days in the workspace time zone.
 */

/** `after` is inclusive, `before` exclusive; each is YYYY-MM-DD (00:00 in the time zone) or an instant. */
export interface DateRange {
  after?: string;
  before?: string;
}

export interface DateMatch extends DateRange {
  consumed: number;
}

/** A calendar date chrono found, by the token it starts at. */
interface ChronoDay {
  day: CalendarDate;
  consumed: number;
}

export interface DateContext {
  now: Date;
  today: CalendarDate;
  /** Calendar names chrono-node read in the query, by the token they start at. */
  chrono: Map<number, ChronoDay>;
}

/** A range and how many tokens gave it; `start`/`end` also bound "since X" and "until X". */
interface Span {
  start: string;
  end?: string;
  consumed: number;
}

const CHRONO: Record<Lang, chrono.Chrono> = {
  en: chrono.casual,
  es: chrono.es.casual,
  fr: chrono.fr.casual,
  de: chrono.de.casual,
  pt: chrono.pt.casual,
};

/**
 * Runs chrono-node once over the query (in its language, and in English) and keeps the calendar days it
 * found (a day of a month, or a weekday: the latest one up to today), by the token each starts at.
 */
export function chronoDays(text: string, tokens: Token[], lang: Lang, now: Date, offsetMinutes: number) {
  const found = new Map<number, ChronoDay>();
  const reference = { instant: now, timezone: offsetMinutes };
  const langs: Lang[] = lang === 'en' ? ['en'] : [lang, 'en'];
  for (const l of langs) {
    for (const r of CHRONO[l].parse(text.normalize('NFC'), reference, { forwardDate: false })) {
      const s = r.start;
      if (!s.isCertain('day') && !s.isCertain('weekday')) continue;
      if (r.tags().has('result/relativeDate')) continue; // "last week", "3 days ago": the grammar's
      const first = tokens.findIndex((t) => t.end > r.index);
      const endAt = r.index + r.text.length;
      let last = first;
      while (last + 1 < tokens.length && (tokens[last + 1]?.start ?? Infinity) < endAt) last++;
      const day = makeDate(s.get('year') ?? 0, s.get('month') ?? 0, s.get('day') ?? 0);
      if (first < 0 || !day || found.has(first)) continue;
      found.set(first, { day, consumed: last - first + 1 });
    }
  }
  return found;
}

const wAt = (t: Token[], j: number) => (t[j]?.quoted ? '' : (t[j]?.w ?? ''));

function count(word: string): number | null {
  if (/^\d{1,4}$/.test(word) && Number(word) > 0) return Number(word);
  return NUMBER_WORDS.get(word) ?? null;
}

const dayRange = (c: CalendarDate, consumed: number): Span => ({
  start: formatDate(c),
  end: formatDate(addDays(c, 1)),
  consumed,
});

function unitStart(unit: DateUnit, today: CalendarDate): CalendarDate {
  if (unit === 'week') return startOfWeek(today);
  if (unit === 'month') return { ...today, d: 1 };
  if (unit === 'year') return { y: today.y, m: 1, d: 1 };
  return today;
}

function minus(n: number, unit: DateUnit, ctx: DateContext): string {
  if (unit === 'hour') return formatInstant(ctx.now.getTime() - n * 3_600_000);
  if (unit === 'day' || unit === 'week') return formatDate(addDays(ctx.today, unit === 'day' ? -n : -7 * n));
  return formatDate(addMonths(ctx.today, unit === 'month' ? -n : -12 * n));
}

/** The previous calendar unit: "last week" is Monday to Sunday before this week. */
function previousUnit(unit: DateUnit, ctx: DateContext, consumed: number): Span {
  if (unit === 'hour') return { start: minus(1, 'hour', ctx), consumed };
  if (unit === 'day') return dayRange(addDays(ctx.today, -1), consumed);
  const current = unitStart(unit, ctx.today);
  const start = unit === 'week' ? addDays(current, -7) : addMonths(current, unit === 'month' ? -1 : -12);
  return { start: formatDate(start), end: formatDate(current), consumed };
}

/** A month name, optionally with a year; without one, the latest such month up to now. */
function monthSpan(month: number, yearWord: string, ctx: DateContext, consumed: number): Span {
  const withYear = /^\d{4}$/.test(yearWord);
  let y = withYear ? Number(yearWord) : ctx.today.y;
  if (!withYear && month > ctx.today.m) y -= 1;
  const start = { y, m: month, d: 1 };
  return {
    start: formatDate(start),
    end: formatDate(addMonths(start, 1)),
    consumed: consumed + (withYear ? 1 : 0),
  };
}

/** A point or span in time at token j, without a leading range word. */
function expression(t: Token[], j: number, ctx: DateContext, anchored = false): Span | null {
  const w = wAt(t, j);
  if (!w) return null;
  if (TODAY.has(w)) return dayRange(ctx.today, 1);
  if (YESTERDAY.has(w)) return dayRange(addDays(ctx.today, -1), 1);
  const raw = t[j]?.raw ?? '';
  const iso = parseIsoDate(raw);
  if (iso) return dayRange(iso, 1);
  if (isIsoDateOrDateTime(raw)) return { start: raw, end: raw, consumed: 1 };
  const fromChrono = ctx.chrono.get(j);
  if (fromChrono) return dayRange(fromChrono.day, fromChrono.consumed);
  const month = MONTHS.get(w);
  if (month && (anchored || !AMBIGUOUS_MONTHS.has(w)) && !count(wAt(t, j + 1))) {
    return monthSpan(month, wAt(t, j + 1), ctx, 1);
  }
  if (month && /^\d{4}$/.test(wAt(t, j + 1))) return monthSpan(month, wAt(t, j + 1), ctx, 1);
  // "il y a 3 jours": one word for the grammar.
  if (w === 'il' && wAt(t, j + 1) === 'y' && wAt(t, j + 2) === 'a') return ago(t, j + 3, ctx, 3);
  if (AGO_BEFORE.has(w) || AGO_GERMAN.has(w)) return ago(t, j + 1, ctx, 1);
  if (LAST_WORDS.has(w)) {
    // "last 7 days", "in the last 2 weeks", "últimos 7 días", "letzten 7 Tage"
    const n = count(wAt(t, j + 1));
    const unit = n === null ? undefined : UNITS.get(wAt(t, j + 2));
    if (n !== null && unit) return { start: minus(n, unit, ctx), consumed: 3 };
    const single = UNITS.get(wAt(t, j + 1));
    if (!single) return null;
    // "past week" is the 7 days up to now; "last week" the previous calendar week.
    return w === 'past' ? { start: minus(1, single, ctx), consumed: 2 } : previousUnit(single, ctx, 2);
  }
  if (THIS_WORDS.has(w)) {
    const unit = UNITS.get(wAt(t, j + 1));
    if (!unit || unit === 'hour') return null;
    return { start: formatDate(unitStart(unit, ctx.today)), consumed: 2 };
  }
  const n = count(w);
  if (n !== null) {
    // "7 derniers jours" (count, last, unit), "3 days ago", "2 semanas atrás"
    if (LAST_WORDS.has(wAt(t, j + 1))) {
      const unit = UNITS.get(wAt(t, j + 2));
      return unit ? { start: minus(n, unit, ctx), consumed: 3 } : null;
    }
    const unit = UNITS.get(wAt(t, j + 1));
    if (unit && AGO_AFTER.has(wAt(t, j + 2))) return agoSpan(n, unit, ctx, 3);
    if (/^\d{4}$/.test(w) && n >= 2000 && n <= 2100) {
      return { start: `${w}-01-01`, end: `${n + 1}-01-01`, consumed: 1 };
    }
    return null;
  }
  const unit = UNITS.get(w);
  if (unit && LAST_WORDS.has(wAt(t, j + 1))) return previousUnit(unit, ctx, 2); // "semana pasada"
  if (unit && THIS_WORDS.has(wAt(t, j + 1)))
    return { start: formatDate(unitStart(unit, ctx.today)), consumed: 2 };
  return null;
}

function ago(t: Token[], j: number, ctx: DateContext, lead: number): Span | null {
  const n = count(wAt(t, j));
  const unit = n === null ? undefined : UNITS.get(wAt(t, j + 1));
  if (n === null || !unit) return null;
  return agoSpan(n, unit, ctx, lead + 2);
}

/** "3 days ago": that day (a smaller unit: since then). */
function agoSpan(n: number, unit: DateUnit, ctx: DateContext, consumed: number): Span {
  if (unit === 'hour') return { start: minus(n, 'hour', ctx), consumed };
  const day = parseIsoDate(minus(n, unit, ctx)) as CalendarDate;
  return dayRange(day, consumed);
}

/** Month abbreviations that are also common words; read as months only after "in", "since", … */
const AMBIGUOUS_MONTHS = new Set(['may', 'mar', 'jun', 'jul', 'mai', 'dec', 'sept']);

const ARTICLES = new Set([
  'the',
  'el',
  'la',
  'le',
  'les',
  'los',
  'las',
  'o',
  'a',
  'der',
  'die',
  'den',
  'dem',
]);

const OLDER = new Set(['older', 'mas', 'plus', 'alter', 'alteren', 'mais']);
const MORE = new Set(['more', 'over', 'mas', 'plus', 'mehr', 'mais']);
const THAN = new Set(['than', 'de', 'que', 'als']);

/**
 * A date phrase at token `i` (after any field verb): a range word ("since", "before", "between … and
 * …", "desde", "seit", …) and an expression, or an expression alone. Null when there is none.
 */
export function matchDate(t: Token[], i: number, ctx: DateContext): DateMatch | null {
  const w = wAt(t, i);
  if (OLDER.has(w) && THAN.has(wAt(t, i + 1))) {
    // "older than 30 days", "más de 30 días" (as an age)
    const n = count(wAt(t, i + 2));
    const unit = n === null ? undefined : UNITS.get(wAt(t, i + 3));
    if (n !== null && unit) return { before: minus(n, unit, ctx), consumed: 4 };
  }
  if (MORE.has(w) && THAN.has(wAt(t, i + 1))) {
    // "more than 60 days ago", "hace más de 2 semanas" (as a point in the past)
    const n = count(wAt(t, i + 2));
    const unit = n === null ? undefined : UNITS.get(wAt(t, i + 3));
    if (n !== null && unit && AGO_AFTER.has(wAt(t, i + 4)))
      return { before: minus(n, unit, ctx), consumed: 5 };
  }
  const word = RANGE_WORDS.get(w);
  if (!word) {
    const e = expression(t, i, ctx);
    return e && { after: e.start, ...(e.end ? { before: e.end } : {}), consumed: e.consumed };
  }
  let j = i + 1;
  while (
    ['the', 'el', 'la', 'le', 'les', 'los', 'las', 'o', 'a', 'der', 'die', 'den', 'dem'].includes(wAt(t, j))
  )
    j++;
  const e = expression(t, j, ctx, true);
  if (!e) return null;
  const used = j - i + e.consumed;
  const end = e.end;
  if (word === 'since') return { after: e.start, consumed: used };
  if (word === 'after') return { after: end ?? e.start, consumed: used };
  if (word === 'before') return { before: e.start, consumed: used };
  if (word === 'until') return { before: end ?? e.start, consumed: used };
  if (word === 'between' || word === 'from') {
    const joined = RANGE_JOINERS.has(wAt(t, i + used)) ? 1 : 0;
    let k = i + used + joined;
    while (joined && ARTICLES.has(wAt(t, k))) k++;
    const second = joined ? expression(t, k, ctx, true) : null;
    if (second) {
      const last = second.end ?? second.start;
      return { after: e.start, before: last, consumed: k - i + second.consumed };
    }
    if (word === 'between') return null;
  }
  return { after: e.start, ...(end ? { before: end } : {}), consumed: used };
}

/** Whether `a` is a plain day not after `b` (for checks of contradictions). */
export function notAfter(a: string, b: string): boolean {
  const x = parseIsoDate(a);
  const y = parseIsoDate(b);
  return !x || !y || compareDates(x, y) <= 0;
}
