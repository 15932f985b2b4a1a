// 7. Search parser: interpreting a natural-language query (tokens, language, dates, names, stems), in
// process, without Intercom; the target is a median of at most 1 ms per query.
import { parseConversationQuery } from '../../src/search/parse-conversation-query.js';
import { addTarget } from '../lib/report.js';
import type { Section } from '../lib/section.js';
import { quick } from '../lib/settings.js';
import { fmt, markdownTable, median } from '../lib/stats.js';

const QUERIES = [
  'open conversations about refunds from the last 7 days',
  'assigned to Bob that were closed yesterday',
  'login problems that are still open but not from last year',
  'waiting on the customer for more than 3 days',
  'happy customers who mentioned the mobile app',
  'conversaciones abiertas sobre facturación',
  'offene Gespräche seit Montag über Rechnungen',
  'unread email conversations for team Billing tagged VIP or spam',
];
const NAMES = {
  admins: Array.from({ length: 40 }, (_, i) => ({
    id: String(100 + i),
    name: i === 0 ? 'Bob Martin' : `Agent ${i} Person`,
  })),
  teams: [
    { id: '7', name: 'Billing' },
    { id: '8', name: 'Tier 1' },
  ],
  tags: Array.from({ length: 60 }, (_, i) => ({
    id: String(500 + i),
    name: i === 0 ? 'VIP' : i === 1 ? 'spam' : `tag ${i}`,
  })),
};

export default function searchParser(): Section {
  const perQuery: number[] = [];
  return {
    name: 'search-parser',
    reportOrder: 7,
    async withApp() {
      const now = new Date('2026-11-18T15:00:00Z');
      const rounds = quick ? 200 : 2000;
      for (let i = 0; i < rounds; i++) {
        for (const q of QUERIES) {
          const t0 = performance.now();
          parseConversationQuery(q, { now, timeZone: 'Europe/Paris', names: NAMES });
          perQuery.push(performance.now() - t0);
        }
      }
    },
    render() {
      const p50 = median(perQuery);
      const sorted = [...perQuery].sort((a, b) => a - b);
      const p99 = sorted[Math.floor(sorted.length * 0.99)] ?? 0;
      addTarget({
        name: 'search parser: one query, median ≤ 1 ms',
        value: `${fmt(p50, 3)} ms`,
        met: p50 <= 1,
      });
      return [
        '## Search parser',
        '',
        markdownTable(
          ['queries interpreted', 'median (ms)', 'p99 (ms)'],
          [[perQuery.length, fmt(p50, 3), fmt(p99, 3)]],
        ),
      ];
    },
  };
}
