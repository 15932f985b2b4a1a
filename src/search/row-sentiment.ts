import { languageScores } from './text-words.js';
import { fold, type Lang } from './vocabulary.js';

/** Whether a customer's message may be written in `lang` (short messages often look like two languages). */
export function mayBeWrittenIn(text: string, lang: Lang): boolean {
  const words = fold(text)
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
  const scores = languageScores(words);
  const best = Math.max(...Object.values(scores));
  return best === 0 || scores[lang] >= best * 0.5;
}
