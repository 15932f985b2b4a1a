import { describe, expect, it } from 'vitest';
import { scoreSentiment } from './sentiment.js';

const rows: [text: string, label: 'negative' | 'neutral' | 'positive'][] = [
  ['Thanks so much, that fixed it!', 'positive'],
  ['Great support, love it :)', 'positive'],
  ['Everything works now, thanks', 'positive'],
  ['The new dashboard is awesome', 'positive'],
  ['No problem, thanks!', 'positive'],
  ['Not bad at all', 'positive'],
  ['Hi, how do I export my contacts?', 'neutral'],
  ['I work at Acme and need a copy of the invoice', 'neutral'],
  ['Can you send the invoice for October?', 'neutral'],
  ['I am not happy with this at all', 'negative'],
  ["It doesn't work", 'negative'],
  ['It doesn’t work and I want a refund ASAP', 'negative'],
  ['I have no refund yet', 'negative'],
  ['Please cancel my subscription', 'negative'],
  ['This is very frustrating', 'negative'],
  ['The app is broken 😡', 'negative'],
  ['Thanks for the quick reply, but it is still broken', 'negative'],
  ['I was charged twice and nobody answers. Unacceptable.', 'negative'],
  ['I am not very happy', 'negative'],
  ['The export did not help', 'negative'],
];

describe('scoreSentiment', () => {
  it.each(rows)('%s -> %s', (text, label) => {
    const result = scoreSentiment(text);
    expect(result.label).toBe(label);
    expect(result.score).toBeGreaterThanOrEqual(-1);
    expect(result.score).toBeLessThanOrEqual(1);
  });

  it('flips and weakens a negated word', () => {
    const happy = scoreSentiment('I am happy').score;
    const notHappy = scoreSentiment('I am not happy').score;
    expect(happy).toBeGreaterThan(0);
    expect(notHappy).toBeLessThan(0);
    expect(Math.abs(notHappy)).toBeLessThan(happy);
  });

  it('makes intensified words count more', () => {
    expect(scoreSentiment('very annoyed').score).toBeLessThan(scoreSentiment('annoyed').score);
    expect(scoreSentiment('slightly annoyed').score).toBeGreaterThan(scoreSentiment('annoyed').score);
  });

  it('ends a negation at a comma', () => {
    expect(scoreSentiment('Not sure, but great work').label).toBe('positive');
  });

  it('is neutral with score 0 for empty text', () => {
    expect(scoreSentiment('')).toEqual({ label: 'neutral', score: 0 });
  });
});
