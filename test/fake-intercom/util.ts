import { randomBytes, randomUUID } from 'node:crypto';

/** Current time in Unix seconds (Intercom timestamps are seconds). */
export function nowUnix(): number {
  return Math.floor(Date.now() / 1000);
}

/** A 24-hex id (contacts, segments) built from an 8-hex workspace prefix and a counter. */
export function hexId(prefix: string, n: number): string {
  return (prefix + n.toString(16).padStart(16, '0')).slice(0, 24);
}

/** Random id in Intercom's request id format (uuid). */
export function requestId(): string {
  return randomUUID();
}

/**
 * An access token shaped like a real Intercom one: base64 of `tok:<uuid>:1:0` (60 characters).
 * Pass a seed to make it deterministic.
 */
export function makeToken(seed?: string): string {
  const uuid = seed ? seedToUuid(seed) : randomUUID();
  return Buffer.from(`tok:${uuid}:1:0`).toString('base64');
}

function seedToUuid(seed: string): string {
  const hex = Buffer.from(seed).toString('hex').padEnd(32, '0').slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

/** Intercom's `display_as=plaintext`: tags removed, block ends become line breaks, entities decoded. */
export function stripHtml(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6])>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_m, e: string) => ENTITIES[e] ?? '')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/** Lower-cased words of a (possibly HTML) body, used by `source.body` search. */
export function wordsOf(body: string): Set<string> {
  const out = new Set<string>();
  for (const w of stripHtml(body)
    .toLowerCase()
    .split(/[^\p{L}\p{N}_'-]+/u)) {
    const t = w.replace(/^['-]+|['-]+$/g, '');
    if (t) out.add(t);
  }
  return out;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function offsetSeconds(tz: string, unix: number): number {
  let fmt = formatters.get(tz);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, fmt);
  }
  const p: Record<string, number> = {};
  for (const part of fmt.formatToParts(new Date(unix * 1000))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(
    p.year ?? 1970,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  return asUtc / 1000 - unix;
}

/** Unix second of the start of the calendar day containing `unix` in time zone `tz`. */
export function startOfDay(tz: string, unix: number): number {
  const off = offsetSeconds(tz, unix);
  const local = unix + off;
  const localMidnight = local - (((local % 86400) + 86400) % 86400);
  return localMidnight - offsetSeconds(tz, localMidnight - off);
}

/** Start of the following calendar day (DST-safe). */
export function startOfNextDay(tz: string, unix: number): number {
  return startOfDay(tz, startOfDay(tz, unix) + 26 * 3600);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
