import { stemmer as stemEn } from '@orama/stemmers/english';
import { stemmer as stemFr } from '@orama/stemmers/french';
import { stemmer as stemDe } from '@orama/stemmers/german';
import { stemmer as stemPt } from '@orama/stemmers/portuguese';
import { stemmer as stemEs } from '@orama/stemmers/spanish';
import { deu, eng, fra, por, spa } from 'stopword';
import { fold, type Lang } from './vocabulary.js';

/**
 * Language detection, stop words and stemming for the words of a query. Stop-word lists come from
 * `stopword`, stemmers (Snowball) from `@orama/stemmers`; this file only picks the language and keeps
 * stems searchable with Intercom's "contains" operator.
 */

const STOPWORDS: Record<Lang, ReadonlySet<string>> = {
  en: new Set(eng.map(fold)),
  es: new Set(spa.map(fold)),
  fr: new Set(fra.map(fold)),
  de: new Set(deu.map(fold)),
  pt: new Set(por.map(fold)),
};

const STEMMERS: Record<Lang, (word: string) => string> = {
  en: stemEn,
  es: stemEs,
  fr: stemFr,
  de: stemDe,
  pt: stemPt,
};

/** Words that say which language a short query is in, beyond stop words (support vocabulary). */
const CUES: Record<Lang, ReadonlySet<string>> = {
  en: new Set(
    'open closed conversations assigned tagged about since last week yesterday today unread'.split(' '),
  ),
  es: new Set(
    'abiertas cerradas conversaciones asignadas etiquetadas sobre desde semana ayer hoy ultimos facturacion clientes'.split(
      ' ',
    ),
  ),
  fr: new Set(
    'ouvertes fermees conversations assignees depuis semaine hier aujourdhui derniers clients'.split(' '),
  ),
  de: new Set(
    'offene geschlossene gesprache zugewiesen seit woche gestern heute letzten kunden uber'.split(' '),
  ),
  pt: new Set(
    'abertas fechadas conversas atribuidas desde semana ontem hoje ultimos clientes sobre'.split(' '),
  ),
};

const LANGS: Lang[] = ['en', 'es', 'fr', 'de', 'pt'];

/** How much the words (folded) look like each language: cue words count 2, stop words 1. */
export function languageScores(words: readonly string[]): Record<Lang, number> {
  const scores = { en: 0, es: 0, fr: 0, de: 0, pt: 0 };
  for (const lang of LANGS) {
    for (const w of words) scores[lang] += (CUES[lang].has(w) ? 2 : 0) + (STOPWORDS[lang].has(w) ? 1 : 0);
  }
  return scores;
}

/** The most likely language of the query's words (folded); English when nothing tells. */
export function detectLanguage(words: readonly string[]): Lang {
  const scores = languageScores(words);
  let best: Lang = 'en';
  for (const lang of LANGS) if (scores[lang] > scores[best]) best = lang;
  return best;
}

export function isStopword(word: string, lang: Lang): boolean {
  return STOPWORDS[lang].has(word) || (lang !== 'en' && STOPWORDS.en.has(word));
}

/** Stems shorter than this are too broad to search with "contains" ("us" would match "business"). */
const MIN_STEM = 3;

/**
 * The searchable stem of a word: Snowball's stem, written as the start of the word itself so that it
 * keeps its accents ("rückerstattung" → "rückerstatt", not the stemmer's "ruckerstatt"). Intercom's
 * `~` (contains) on that stem matches the word's inflections: "refund" finds "refunds" and "refunded".
 */
export function stemWord(word: string, lang: Lang): string {
  const lc = word.toLowerCase();
  // "login" is also written "log in", "logged in", "logging in": search the common start.
  if (lang === 'en' && /^log(in|ins|ged|ging|s)?$/.test(lc)) return 'log';
  if (lc.length <= MIN_STEM + 1 || /\d/.test(lc)) return lc;
  const stem = fold(STEMMERS[lang](lc));
  if (stem.length < MIN_STEM || !fold(lc).startsWith(stem)) return lc;
  // The folded and the written word have the same letters, one for one, once accents are removed.
  let out = '';
  let folded = '';
  for (const ch of lc) {
    if (folded.length >= stem.length) break;
    out += ch;
    folded += fold(ch);
  }
  return out;
}
