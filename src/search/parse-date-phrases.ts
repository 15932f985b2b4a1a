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
import { type DateUnit, MONTHS, NUMBER_WORDS, UNITS } from './query-words.js';
import type { Token } from './tokenize-query.js';

export interface DateContext {
  now: Date;
  /** The current calendar day in the parser's time zone. */
  today: CalendarDate;
}

/** `after` is inclusive, `before` exclusive; each is YYYY-MM-DD (00:00 in the time zone) or a datetime. */
export interface DateRange {
  after?: string;
  before?: string;
}

export interface DatePhrase extends DateRange {
  consumed: number;
  field: 'created' | 'updated';
  /** The words that gave the range, as written ("last 7 days"). */
  label: string;
}

interface Day {
  start: string;
  end: string;
  consumed: number;
  /** A datetime rather than a whole day. */
  instant: boolean;
  isToday: boolean;
}

type Expr = DateRange & { consumed: number };

const lcAt = (t: Token[], j: number) => (t[j]?.quoted ? '' : (t[j]?.lc ?? ''));
const FIELD_FILLER = new Set(['in', 'within', 'during', 'over', 'the', 'at']);
const RANGE_JOINERS = new Set(['to', 'until', 'till', 'through', 'thru', 'and']);

const wholeDay = (c: CalendarDate, consumed: number, today?: CalendarDate): Day => ({
  start: formatDate(c),
  end: formatDate(addDays(c, 1)),
  consumed,
  instant: false,
  isToday: today !== undefined && compareDates(c, today) === 0,
});

function count(word: string): number | null {
  if (/^\d{1,4}$/.test(word) && Number(word) > 0) return Number(word);
  return NUMBER_WORDS[word] ?? null;
}

function dayOfMonth(word: string): number | null {
  const match = /^(\d{1,2})(st|nd|rd|th)?$/.exec(word);
  return match ? Number(match[1]) : null;
}

/** "October 1", "Oct 1st, 2026", "1 October": without a year, the most recent such day. */
function monthDay(
  month: number,
  day: number,
  yearWord: string,
  today: CalendarDate,
): [CalendarDate, boolean] | null {
  if (/^\d{4}$/.test(yearWord)) {
    const date = makeDate(Number(yearWord), month, day);
    return date ? [date, true] : null;
  }
  const date = makeDate(today.y, month, day);
  if (date && compareDates(date, today) > 0) return [makeDate(today.y - 1, month, day) ?? date, false];
  return date ? [date, false] : null;
}

/** One day or instant: today, yesterday, 2026-10-01, 2026-10-01T09:00Z, October 1 (2026), 1 Oct. */
function parseDay(t: Token[], j: number, ctx: DateContext): Day | null {
  const w = lcAt(t, j);
  if (w === 'today') return wholeDay(ctx.today, 1, ctx.today);
  if (w === 'yesterday') return wholeDay(addDays(ctx.today, -1), 1);
  const iso = parseIsoDate(w);
  if (iso) return wholeDay(iso, 1, ctx.today);
  const raw = t[j]?.raw ?? '';
  if (w && isIsoDateOrDateTime(raw))
    return { start: raw, end: raw, consumed: 1, instant: true, isToday: false };
  const [month, day] = MONTHS[w]
    ? [MONTHS[w], dayOfMonth(lcAt(t, j + 1))]
    : [MONTHS[lcAt(t, j + 1)], dayOfMonth(w)];
  if (!month || !day) return null;
  const found = monthDay(month, day, lcAt(t, j + 2), ctx.today);
  return found ? wholeDay(found[0], found[1] ? 3 : 2, ctx.today) : null;
}

function rolling(n: number, unit: DateUnit, ctx: DateContext): string {
  if (unit === 'hour') return formatInstant(ctx.now.getTime() - n * 3_600_000);
  if (unit === 'day' || unit === 'week') return formatDate(addDays(ctx.today, unit === 'day' ? -n : -7 * n));
  return formatDate(addMonths(ctx.today, unit === 'month' ? -n : -12 * n));
}

function startOf(unit: DateUnit, today: CalendarDate): CalendarDate {
  if (unit === 'week') return startOfWeek(today);
  if (unit === 'month') return { ...today, d: 1 };
  if (unit === 'year') return { y: today.y, m: 1, d: 1 };
  return today;
}

/** "last week" and "last month" are the previous calendar week (Monday to Sunday) and month. */
function previous(unit: DateUnit, ctx: DateContext): DateRange {
  if (unit === 'hour') return { after: rolling(1, 'hour', ctx) };
  const current = startOf(unit, ctx.today);
  const step = { day: [-1, 0], week: [-7, 0], month: [0, -1], year: [0, -12] }[unit];
  const start = step[1] ? addMonths(current, step[1]) : addDays(current, step[0] ?? 0);
  return { after: formatDate(start), before: formatDate(current) };
}

const on = (d: Day): DateRange =>
  d.instant || d.isToday ? { after: d.start } : { after: d.start, before: d.end };

function expression(t: Token[], j: number, ctx: DateContext): Expr | null {
  const w = lcAt(t, j);
  if (w === 'last' || w === 'past' || w === 'previous') {
    const n = count(lcAt(t, j + 1));
    const unitAfterCount = n === null ? undefined : UNITS[lcAt(t, j + 2)];
    if (n !== null && unitAfterCount) return { after: rolling(n, unitAfterCount, ctx), consumed: 3 };
    const unit = UNITS[lcAt(t, j + 1)];
    if (!unit) return null;
    return { ...(w === 'past' ? { after: rolling(1, unit, ctx) } : previous(unit, ctx)), consumed: 2 };
  }
  if (w === 'this' || w === 'current') {
    const unit = UNITS[lcAt(t, j + 1)];
    return unit && unit !== 'hour' ? { after: formatDate(startOf(unit, ctx.today)), consumed: 2 } : null;
  }
  if (w === 'older' && lcAt(t, j + 1) === 'than') {
    const n = count(lcAt(t, j + 2));
    const unit = UNITS[lcAt(t, j + 3)];
    return n !== null && unit ? { before: rolling(n, unit, ctx), consumed: 4 } : null;
  }
  const keyword = ['since', 'after', 'before', 'until', 'till', 'through', 'thru', 'on', 'between', 'from'];
  if (!keyword.includes(w)) {
    const d = parseDay(t, j, ctx);
    return d ? { ...on(d), consumed: d.consumed } : null;
  }
  const d = parseDay(t, j + 1, ctx);
  if (!d) {
    // "since last week", "before this month", "from the past 7 days": relative to another expression.
    const skip = lcAt(t, j + 1) === 'the' ? 2 : 1;
    const rel = ['since', 'before', 'from'].includes(w) ? expression(t, j + skip, ctx) : null;
    if (!rel || (w !== 'from' && rel.after === undefined)) return null;
    const consumed = skip + rel.consumed;
    if (w === 'since') return { after: rel.after, consumed };
    return w === 'before' ? { before: rel.after, consumed } : { ...rel, consumed };
  }
  const next = 1 + d.consumed;
  if (w === 'since') return { after: d.start, consumed: next };
  if (w === 'after') return { after: d.end, consumed: next };
  if (w === 'before') return { before: d.start, consumed: next };
  if (w === 'on') return { ...on(d), consumed: next };
  if (w !== 'between' && w !== 'from') return { before: d.end, consumed: next };
  const joined = RANGE_JOINERS.has(lcAt(t, j + next)) ? 1 : 0;
  const last = parseDay(t, j + next + joined, ctx);
  if (last) return { after: d.start, before: last.end, consumed: next + joined + last.consumed };
  return w === 'from' ? { ...on(d), consumed: next } : null;
}

/**
 * A date phrase at token `i`, optionally led by the field it applies to ("updated before 2026-09-01");
 * dates apply to `created_at` unless "updated"/"modified" says otherwise.
 */
export function matchDatePhrase(t: Token[], i: number, ctx: DateContext): DatePhrase | null {
  let j = i;
  let field: DatePhrase['field'] = 'created';
  const w = lcAt(t, j);
  if (w === 'created' || w === 'started') j++;
  else if (w === 'updated' || w === 'modified' || w === 'changed') [field, j] = ['updated', j + 1];
  else if (w === 'last' && lcAt(t, j + 1) === 'updated') [field, j] = ['updated', j + 2];
  if (j > i) while (FIELD_FILLER.has(lcAt(t, j))) j++;
  const expr = expression(t, j, ctx);
  if (!expr) return null;
  const label = t
    .slice(j, j + expr.consumed)
    .map((tok) => tok.raw)
    .join(' ');
  const range: DateRange = {};
  if (expr.after !== undefined) range.after = expr.after;
  if (expr.before !== undefined) range.before = expr.before;
  return { ...range, consumed: j - i + expr.consumed, field, label };
}
