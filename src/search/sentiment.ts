import {
  EMOTICONS,
  INTENSIFIERS,
  LEXICON,
  NEGATED_WEIGHTS,
  NEGATORS,
  SOFT_FLIPPED,
  SOFT_NEGATORS,
} from './sentiment-lexicon.js';

export interface Sentiment {
  label: 'negative' | 'neutral' | 'positive';
  /** From -1 (very negative) to 1 (very positive). */
  score: number;
}

/** How far a negation reaches ("not at all happy"); a comma or the end of the sentence also ends it. */
const NEGATION_SCOPE = 3;
/** Negated words flip and weaken: "not bad" is mildly positive, "not happy" clearly negative. */
const NEGATION_FACTOR = -0.75;
/** VADER's normalisation constant: the raw sum S becomes S / sqrt(S² + ALPHA). */
const ALPHA = 15;
/**
 * Labels need |score| >= 0.3, i.e. a raw sum of at least about 1.2: one mild word ("issue", "thanks",
 * weight ±1) stays neutral, while one clear word ("frustrated", "great") or two mild ones decide it.
 */
const THRESHOLD = 0.3;

const EMOTICON_RE = /:-?\)|:-?\(|:d\b|\p{Extended_Pictographic}\uFE0F?/giu;

function sentences(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .split(/[.!?;\n]+/)
    .filter((s) => s.trim());
}

/** Words and commas; apostrophes in contractions are dropped ("doesn't" becomes "doesnt"). */
function tokens(sentence: string): string[] {
  return sentence
    .replace(/'/g, '')
    .replace(/,/g, ' , ')
    .split(/[^\p{L}\p{N},]+/u)
    .filter(Boolean);
}

/** The weight of `word`, given whether a negation (hard: "not", soft: "no") is in scope. */
function weightOf(word: string, negation: 'hard' | 'soft' | null): number {
  const base = LEXICON.get(word) ?? 0;
  if (negation === null) return base;
  const negated = NEGATED_WEIGHTS.get(word);
  if (negated !== undefined) return negated;
  return negation === 'hard' || SOFT_FLIPPED.has(word) ? base * NEGATION_FACTOR : base;
}

function scoreSentence(words: string[]): number {
  // "It was quick, but it's still broken": the clause after "but" counts more (as in VADER).
  const pivot = words.findLastIndex((w) => w === 'but' || w === 'however');
  let total = 0;
  let negatedFor = 0;
  let negation: 'hard' | 'soft' = 'hard';
  let boost = 1;
  words.forEach((word, index) => {
    if (word === ',') {
      negatedFor = 0;
      boost = 1;
      return;
    }
    if (NEGATORS.has(word) || SOFT_NEGATORS.has(word)) {
      negatedFor = NEGATION_SCOPE;
      negation = NEGATORS.has(word) ? 'hard' : 'soft';
      return;
    }
    const intensity = INTENSIFIERS.get(word);
    if (intensity !== undefined) {
      boost *= intensity;
      negatedFor = Math.max(0, negatedFor - 1);
      return;
    }
    const weight = weightOf(word, negatedFor > 0 ? negation : null);
    negatedFor = Math.max(0, negatedFor - 1);
    if (!weight) {
      boost = 1;
      return;
    }
    const clause = pivot < 0 ? 1 : index < pivot ? 0.5 : 1.5;
    total += weight * boost * clause;
    boost = 1;
  });
  return total;
}

/**
 * Lexicon-based sentiment of customer-written support text (AFINN-style weights with negation,
 * intensifiers and "but" clauses). Deterministic, no model; meant for triage, not for nuance.
 */
export function scoreSentiment(text: string): Sentiment {
  let sum = 0;
  for (const match of text.toLowerCase().matchAll(EMOTICON_RE)) sum += EMOTICONS.get(match[0]) ?? 0;
  for (const sentence of sentences(text.replace(EMOTICON_RE, ' '))) sum += scoreSentence(tokens(sentence));
  const score = Math.round((sum / Math.sqrt(sum * sum + ALPHA)) * 1000) / 1000;
  const label = score >= THRESHOLD ? 'positive' : score <= -THRESHOLD ? 'negative' : 'neutral';
  return { label, score: Object.is(score, -0) ? 0 : score };
}
