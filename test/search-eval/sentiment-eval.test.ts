import { describe, expect, it } from 'vitest';
import { scoreSentiment } from '../../src/search/sentiment.js';
import { SENTIMENT_SET } from './sentiment-set.js';

/** Accuracy of scoreSentiment on the labelled set; the share is reported in docs/search.md. */
describe('sentiment on the labelled set', () => {
  it('labels at least 85 % of the messages right, sarcasm and negation included', () => {
    const wrong = SENTIMENT_SET.map(([text, label]) => ({ text, label, got: scoreSentiment(text) })).filter(
      (r) => r.got.label !== r.label,
    );
    const accuracy = 1 - wrong.length / SENTIMENT_SET.length;
    console.log(
      `sentiment: ${SENTIMENT_SET.length} messages, accuracy ${(accuracy * 100).toFixed(1)} %\n` +
        wrong.map((w) => `  ${w.label} ← ${w.got.label} ${w.got.score}: ${w.text}`).join('\n'),
    );
    expect(SENTIMENT_SET.length).toBeGreaterThanOrEqual(200);
    expect(accuracy).toBeGreaterThanOrEqual(0.85);
  });

  it('never reads sarcasm about an outage as positive', () => {
    expect(scoreSentiment('Great, another outage. Just great.').label).toBe('negative');
  });
});
