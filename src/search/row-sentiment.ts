import type { IntercomConversation } from '../intercom/conversations.js';
import { customerSourceText, sentimentOf } from '../tools/common/conversation.js';
import type { Sentiment } from './sentiment.js';

/**
 * The sentiment a search filter checks: that of the customer's first message, the part every search
 * result carries (the row's label also reads the latest customer part when it is fetched).
 */
export function customerSentiment(c: IntercomConversation): Sentiment | null {
  return sentimentOf([customerSourceText(c)]);
}
