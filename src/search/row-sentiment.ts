import type { IntercomConversation } from '../intercom/conversations.js';
import { customerSourceText, sentimentOf } from '../tools/common/conversation.js';
import type { Sentiment } from './sentiment.js';
import { languageScores } from './text-words.js';
import { fold, type Lang } from './vocabulary.js';

/**
 * The sentiment a search filter checks: that of the customer's first message, the part every search
 * result carries (the row's label also reads the latest customer part when it is fetched).
 */
export function customerSentiment(c: IntercomConversation): Sentiment | null {
  return sentimentOf([customerSourceText(c)]);
}

/** Whether the customer's first message may be written in `lang` (short messages often look like two). */
export function mayBeWrittenIn(c: IntercomConversation, lang: Lang): boolean {
  const words = fold(customerSourceText(c) ?? '')
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
  const scores = languageScores(words);
  const best = Math.max(...Object.values(scores));
  return best === 0 || scores[lang] >= best * 0.5;
}
