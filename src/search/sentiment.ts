import vader from 'vader-sentiment';
import {
  EXPECTED_THINGS,
  INTENSIFIERS_OTHER,
  LEXICONS,
  NEGATORS_EN,
  NEGATORS_OTHER,
  POLITE,
  REQUEST_WORDS,
  RESOLUTION_MARKERS,
  SUPPORT_NEGATIVE,
} from './sentiment-support.js';
import { detectLanguage, isStopword, stemWord } from './text-words.js';
import { fold } from './vocabulary.js';

export interface Sentiment {
  label: 'negative' | 'neutral' | 'positive';
  /** From -1 (very negative) to 1 (very positive). */
  score: number;
}

/** VADER's normalisation constant: a raw sum S becomes S / sqrt(S² + ALPHA). */
const ALPHA = 15;
/** A label needs |score| at least this: one polite "thanks" in a question stays neutral. */
const THRESHOLD = 0.35;

const normalize = (raw: number) => raw / Math.sqrt(raw * raw + ALPHA);
/** VADER's compound back to its raw sum (the inverse of `normalize`). */
const denormalize = (c: number) =>
  Math.abs(c) >= 0.9999 ? Math.sign(c) * 60 : (c * Math.sqrt(ALPHA)) / Math.sqrt(1 - c * c);

const wordsOf = (text: string) =>
  fold(text)
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}-]+/u)
    .filter(Boolean);

/** Support-specific negatives, with a negation just before flipping them off ("no errors", "not slow"). */
function supportScore(words: string[], question = false): number {
  let sum = 0;
  words.forEach((w, k) => {
    const weight = SUPPORT_NEGATIVE.get(w);
    if (weight === undefined || (question && REQUEST_WORDS.has(w))) return;
    const before = words.slice(Math.max(0, k - 2), k);
    if (before.some((b) => ['no', 'not', 'without', 'never', 'zero'].includes(b))) return;
    if (
      w === 'down' &&
      !before.some((b) => ['is', 'was', 'went', 'still', 'goes', 'been', 'are', 'again'].includes(b))
    )
      return;
    if ((w === 'again' || w === 'still') && sum === 0) return; // only worsen an existing complaint
    sum += weight;
  });
  return sum;
}

const negatedAt = (words: string[], k: number) =>
  words.slice(Math.max(0, k - 3), k).some((b) => NEGATORS_EN.has(b) || NEGATORS_OTHER.has(b));

/** "no reply", "doesn't work", "did not help": something expected that did not happen. */
function missingScore(words: string[]): number {
  return words.reduce((sum, w, k) => (EXPECTED_THINGS.has(w) && negatedAt(words, k) ? sum - 2 : sum), 0);
}

/** A question or request whose only warmth is politeness ("How do I …? Thanks") stays neutral. */
const isQuestion = (text: string) => /\?\s*(?:\p{L}+[\s!.]*)?$/u.test(text.trim()) || /\?/.test(text);

/** Sentence-initial capitals are not VADER's "shouting" and hide "Not" from its negation list. */
const forVader = (text: string) =>
  text
    .replace(/(^|[.!?]\s+)(\p{Lu})(?=\p{Ll})/gu, (_, a: string, b: string) => a + b.toLowerCase())
    // A comma ends a negation ("Not sure, but great work"), as it does for a reader.
    .replace(/\b(not|no|never)\b([^,.!?]{0,30}),/giu, '$1$2.');

function englishScore(text: string): number {
  const words = wordsOf(text);
  // Sentence by sentence: VADER's negation would otherwise reach across a full stop.
  let raw = forVader(text)
    .split(/(?<=[.!?])\s+|\n+/)
    .filter((sentence) => sentence.trim())
    .reduce(
      (sum, sentence) =>
        sum + denormalize(vader.SentimentIntensityAnalyzer.polarity_scores(sentence).compound),
      0,
    );
  const support = supportScore(words, isQuestion(text)) + missingScore(words);
  const resolved = words.some((w, k) => RESOLUTION_MARKERS.has(w) && !negatedAt(words, k));
  if (resolved) raw += 1.5;
  if (
    isQuestion(text) &&
    raw > 0 &&
    !words.some((w) => !POLITE.has(w) && ['great', 'love', 'awesome', 'excellent'].includes(w))
  )
    raw *= 0.4;
  // "Great, another outage. Just great.": praise next to a failure that is not resolved is sarcasm.
  if (support < 0 && !resolved && raw > 0) raw = -0.5 * raw;
  return normalize(raw + (resolved ? 0 : support));
}

type Other = 'es' | 'fr' | 'de' | 'pt';
const stemmedLexicons = new Map<Other, Map<string, number>>();

/** The language's lexicon by Snowball stem, so "enfadados" and "parfaitement" find "enfadado" and "parfait". */
function stemmed(lang: Other): Map<string, number> {
  let map = stemmedLexicons.get(lang);
  if (!map) {
    map = new Map([...LEXICONS[lang]].map(([w, weight]) => [fold(stemWord(w, lang)), weight]));
    stemmedLexicons.set(lang, map);
  }
  return map;
}

/** The word's weight in its language, else in the other three (short texts are often misdetected). */
function lookup(
  w: string,
  lang: Other,
  lexicon: ReadonlyMap<string, number>,
  byStem: Map<string, number>,
): number {
  const own = lexicon.get(w) ?? byStem.get(fold(stemWord(w, lang)));
  if (own !== undefined) return own;
  for (const other of ['es', 'fr', 'de', 'pt'] as Other[]) {
    if (other === lang) continue;
    const found = LEXICONS[other].get(w) ?? stemmed(other).get(fold(stemWord(w, other)));
    if (found !== undefined) return found;
  }
  return SUPPORT_NEGATIVE.get(w) ?? 0;
}

const RESOLVED_OTHER = new Set(
  'solucionado solucionada resuelto resuelta resolu resolue regle gelost behoben resolvido resolvida'.split(
    ' ',
  ),
);

function otherScore(text: string, lang: Other): number {
  const lexicon = LEXICONS[lang];
  const byStem = stemmed(lang);
  const words = wordsOf(text);
  const resolved = words.some((w) => RESOLVED_OTHER.has(w));
  let raw = 0;
  let negatedFor = 0;
  let boost = 1;
  for (const w of words) {
    if (NEGATORS_OTHER.has(w)) {
      negatedFor = 3;
      continue;
    }
    if (INTENSIFIERS_OTHER.has(w)) {
      boost = 1.3;
      continue;
    }
    let weight = lookup(w, lang, lexicon, byStem);
    if (resolved && weight < 0) weight = 0;
    if (POLITE.has(w)) weight = Math.min(weight, 1);
    if (weight !== 0) raw += (negatedFor > 0 ? -0.74 : 1) * weight * boost;
    boost = 1;
    negatedFor = Math.max(0, negatedFor - 1);
  }
  for (const m of text.matchAll(/\p{Extended_Pictographic}/gu)) raw += /[😡😠👎😞😢]/u.test(m[0]) ? -2 : 1.5;
  if (/!{2,}/.test(text)) raw *= 1.2;
  if (isQuestion(text) && raw > 0) raw *= 0.4;
  return normalize(raw);
}

/** The query's language, or for short texts without stop words, the one whose lexicon knows most words. */
function sentimentLanguage(words: string[]): 'en' | Other {
  const detected = detectLanguage(words);
  if (detected !== 'en' || words.some((w) => isStopword(w, 'en'))) return detected;
  let best: 'en' | Other = 'en';
  let most = 0;
  for (const lang of ['es', 'fr', 'de', 'pt'] as Other[]) {
    const hits = words.filter(
      (w) => LEXICONS[lang].has(w) || stemmed(lang).has(fold(stemWord(w, lang))),
    ).length;
    if (hits > most) [best, most] = [lang, hits];
  }
  return best;
}

/**
 * Sentiment of customer-written support text. English goes through VADER (`vader-sentiment`: negation,
 * intensifiers, "but", capitals, emoji) plus support words VADER does not know (outage, crash, charged
 * twice, …) and a sarcasm rule; Spanish, French, German and Portuguese through per-language lexicons with
 * negation and intensifiers. Deterministic, no model; meant for triage.
 */
export function scoreSentiment(text: string): Sentiment {
  const lang = sentimentLanguage(wordsOf(text));
  const value = lang === 'en' ? englishScore(text) : otherScore(text, lang);
  const score = Math.round(value * 1000) / 1000;
  const label = score >= THRESHOLD ? 'positive' : score <= -THRESHOLD ? 'negative' : 'neutral';
  return { label, score: Object.is(score, -0) ? 0 : score };
}
