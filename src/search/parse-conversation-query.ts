import { zoneOffsetMinutes } from '../util/time-phrases.js';
import type { Condition, ReadCondition } from './conditions.js';
import { chronoDays, type DateContext } from './date-grammar.js';
import { assertTimeZone, todayIn } from './dates.js';
import { NameGazetteer, type WorkspaceNames } from './name-gazetteer.js';
import {
  assignRule,
  bareNameRule,
  channelRule,
  companyRule,
  contactRule,
  dateRule,
  fromNameRule,
  type Match,
  mineRule,
  priorityRule,
  type Rule,
  type RuleContext,
  ratingRule,
  readRule,
  sentimentRule,
  stateRule,
  tagRule,
  teamRule,
  waitingRule,
} from './query-rules.js';
import { detectLanguage, isStopword, stemWord } from './text-words.js';
import type { Token } from './tokenize-query.js';
import { tokenize } from './tokenize-query.js';
import { FILLER, GENERIC, type Lang, NEGATIONS, RANGE_WORDS, TOPIC_WORDS } from './vocabulary.js';

export interface NotUnderstood {
  words: string;
  hint: string;
}

export interface ParsedConversationQuery {
  lang: Lang;
  conditions: ReadCondition[];
  /** Words that mean something the search cannot use, each with what to do instead. */
  notUnderstood: NotUnderstood[];
  /** Generic words left out of the text conditions ("problems", "issues", "new"). */
  ignored: string[];
}

export interface ParseOptions {
  now: Date;
  /** IANA zone of the workspace (GET /me); relative dates are its calendar days. */
  timeZone?: string | undefined;
  /** The workspace's admins, teams and tags, to recognise their names anywhere in the query. */
  names?: WorkspaceNames | undefined;
}

/** Most text words sent as conditions; more would exceed Intercom's 15 filters per group. */
export const MAX_TEXT_WORDS = 8;

const RULES: Rule[] = [
  contactRule,
  dateRule,
  waitingRule,
  ratingRule,
  companyRule,
  assignRule,
  teamRule,
  tagRule,
  stateRule,
  priorityRule,
  readRule,
  sentimentRule,
  channelRule,
  bareNameRule,
  fromNameRule,
];

const JOINERS = new Set(['or', 'and', 'o', 'y', 'ou', 'et', 'oder', 'und', 'e']);
const CONVERSATION_WORDS = new Set([
  'conversations',
  'conversation',
  'tickets',
  'ticket',
  'chats',
  'convos',
  'inbox',
  'queue',
  'cases',
  'conversaciones',
  'gesprache',
  'konversationen',
  'conversas',
  'open',
  'closed',
  'unread',
]);

const EMPTY_NAMES: WorkspaceNames = { admins: [], teams: [], tags: [] };

interface TextRun {
  words: { raw: string; stem: string }[];
  any: boolean;
  negated: boolean;
  joinerPending: boolean;
  startTok: number;
  endTok: number;
}

/**
 * Reads a natural-language conversation search ("open conversations about refunds from the last 7 days",
 * "conversaciones abiertas sobre facturación", "assigned to Bob that were closed yesterday") into
 * conditions, by grammar rules and libraries, no model. Every word ends up in a condition, in the text
 * conditions (stemmed), in `ignored` (generic words) or in `notUnderstood` (with a hint): nothing is
 * dropped silently.
 */
export function parseConversationQuery(text: string, options: ParseOptions): ParsedConversationQuery {
  const timeZone = options.timeZone ?? 'UTC';
  assertTimeZone(timeZone);
  const tokens: Token[] = tokenize(text);
  const lang = detectLanguage(tokens.map((t) => t.w));
  const offset = zoneOffsetMinutes(timeZone, options.now);
  const dates: DateContext = {
    now: options.now,
    today: todayIn(options.now, timeZone),
    chrono: chronoDays(text, tokens, lang, options.now, offset),
  };
  const names = new NameGazetteer(options.names ?? EMPTY_NAMES);
  const ctx: RuleContext = { dates, names };
  const tagWords = new Map(
    (options.names ?? EMPTY_NAMES).tags
      .filter((tag) => !/\s/.test(tag.name.trim()))
      .map((tag) => [tag.name.toLowerCase(), tag.name]),
  );

  const out: ParsedConversationQuery = { lang, conditions: [], notUnderstood: [], ignored: [] };
  let negation = null as { start: number; left: number } | null;
  let run = null as TextRun | null;
  const wordsOf = (from: number, to: number) =>
    tokens
      .slice(from, to)
      .map((tok) => (tok.quoted ? `"${tok.raw}"` : tok.raw))
      .join(' ');

  const flush = () => {
    if (run && run.words.length > 0) {
      const stems = [...new Set(run.words.map((w) => w.stem))];
      const wording = wordsOf(run.startTok, run.endTok);
      out.conditions.push({
        condition: { kind: 'text', stems, match: run.any && stems.length > 1 ? 'any' : 'all' },
        negated: run.negated,
        wording,
      });
    }
    run = null;
  };
  const push = (conditions: Condition[], from: number, to: number) => {
    const negated = negation !== null;
    const start = negation?.start ?? from;
    for (const condition of conditions) {
      // "not closed yesterday": the negation is of the date; the state stays a separate reading.
      out.conditions.push({ condition, negated, wording: wordsOf(start, to) });
    }
    negation = null;
  };

  let i = 0;
  while (i < tokens.length) {
    const tok = tokens[i] as Token;
    if (tok.quoted) {
      flush();
      const words = tok.lc
        .split(/\s+/)
        .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
        .filter(Boolean);
      if (words.length > 0) push([{ kind: 'text', stems: [...new Set(words)], match: 'all' }], i, i + 1);
      i++;
      continue;
    }
    const match = firstMatch(tokens, i, ctx);
    if (!match && NEGATIONS.has(tok.w)) {
      flush();
      negation = { start: negation?.start ?? i, left: 4 };
      i++;
      continue;
    }
    if (match) {
      flush();
      if (match.unusable) {
        out.notUnderstood.push({
          words: wordsOf(negation?.start ?? i, i + match.consumed),
          hint: match.unusable.hint,
        });
        negation = null;
      } else if (match.conditions) push(match.conditions, i, i + match.consumed);
      i += match.consumed;
      continue;
    }
    if (isMineWord(tokens, i)) {
      flush();
      const m = mineRule(tokens, i, ctx) as Match;
      push(m.conditions ?? [], i, i + 1);
      i++;
      continue;
    }
    const rangeWord = RANGE_WORDS.get(tok.w);
    if (rangeWord && ['since', 'before', 'after', 'until', 'between'].includes(rangeWord) && tokens[i + 1]) {
      // "before Black Friday": a date we cannot read is reported, not searched as words.
      flush();
      let end = i + 1;
      while (end < tokens.length && end < i + 4 && !FILLER.has(tokens[end]?.w ?? '') && !tokens[end - 1]?.sep)
        end++;
      out.notUnderstood.push({
        words: wordsOf(i, end),
        hint: 'Not a date we can read: write a date (2026-11-27, "Nov 27"), a weekday or "last 7 days".',
      });
      negation = null;
      i = end;
      continue;
    }
    if (TOPIC_WORDS.has(tok.w) || FILLER.has(tok.w) || isStopword(tok.w, lang)) {
      if (run && JOINERS.has(tok.w)) (run as TextRun).joinerPending = true;
      else if (!TOPIC_WORDS.has(tok.w) && !isStopword(tok.w, lang)) flush();
      else if (run && !JOINERS.has(tok.w)) flush();
      if (negation && --negation.left <= 0) negation = null;
      i++;
      continue;
    }
    if (GENERIC.has(tok.w)) {
      flush();
      out.ignored.push(tok.raw);
      i++;
      continue;
    }
    const tagName = tagWords.get(tok.lc);
    if (tagName) {
      flush();
      push([{ kind: 'tag_or_text', tag: tagName, stem: stemWord(tok.raw, lang) }], i, i + 1);
      i++;
      continue;
    }
    // A content word: part of the current topic, or the start of one.
    const negated = negation !== null;
    if (!run || run.negated !== negated) {
      flush();
      run = {
        words: [],
        any: false,
        negated,
        joinerPending: false,
        startTok: negation?.start ?? i,
        endTok: i + 1,
      };
    }
    const current = run as TextRun;
    if (current.joinerPending) current.any = true;
    current.joinerPending = false;
    current.words.push({ raw: tok.raw, stem: stemWord(tok.raw, lang) });
    current.endTok = i + 1;
    negation = null;
    if (tok.sep) current.joinerPending = true;
    i++;
  }
  flush();
  const dangling = negation as { start: number } | null;
  if (dangling) {
    out.notUnderstood.push({
      words: wordsOf(dangling.start, tokens.length),
      hint: 'Say what to exclude: "not tagged spam", "not from last year".',
    });
  }
  limitText(out);
  return out;
}

function firstMatch(tokens: Token[], i: number, ctx: RuleContext): Match | null {
  for (const rule of RULES) {
    const m = rule(tokens, i, ctx);
    if (m && m.consumed > 0) return m;
  }
  return null;
}

/** "my" is the connected admin only before conversations ("my open tickets"), not in "my invoice". */
function isMineWord(tokens: Token[], i: number): boolean {
  const w = tokens[i]?.w ?? '';
  if (w === 'mine') return true;
  if (!['my', 'mis', 'mes', 'meine', 'minhas', 'meus'].includes(w)) return false;
  return [1, 2].some((k) => CONVERSATION_WORDS.has(tokens[i + k]?.w ?? ''));
}

/** Keeps the text conditions within MAX_TEXT_WORDS words, reporting the rest. */
function limitText(out: ParsedConversationQuery): void {
  let used = 0;
  for (const read of out.conditions) {
    if (read.condition.kind !== 'text') continue;
    const stems = read.condition.stems;
    const room = Math.max(0, MAX_TEXT_WORDS - used);
    if (stems.length > room) {
      out.notUnderstood.push({
        words: stems.slice(room).join(' '),
        hint: `At most ${MAX_TEXT_WORDS} words are searched in the text; use fewer or more specific words.`,
      });
      read.condition.stems = stems.slice(0, room);
    }
    used += read.condition.stems.length;
  }
  out.conditions = out.conditions.filter((r) => r.condition.kind !== 'text' || r.condition.stems.length > 0);
}
