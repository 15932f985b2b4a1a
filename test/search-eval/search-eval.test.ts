// Scores search_conversations on the evaluation workspace: each query's result set against the set its
// predicate gives, as precision, recall and F1. `npm run eval:search` prints the table; CI fails below a
// mean F1 of 0.85 or on any "silently wrong" answer (a different set while nothing was reported as not
// understood). The clock is fixed: the tool and the data both read NOW.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createConnection } from '../support/connections.js';
import { connectInProcess } from '../support/in-process-client.js';
import { callTool } from '../support/tool-calls.js';
import { useTestApp } from '../support/use-test-app.js';
import { type EvalQuery, QUERIES } from './queries.js';
import { EVAL_WORKSPACE, evalSeed, NOW, type Truth } from './workspace.js';

interface Scored {
  query: EvalQuery;
  precision: number;
  recall: number;
  f1: number;
  silentlyWrong: boolean;
  /** Different, and only a general caveat (topic words are matched by word start) was stated. */
  caveated: boolean;
  refused: string | null;
  notUnderstood: number;
  expected: number;
}

const MAX_PAGES = 12;

async function resultIds(client: Client, q: string) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let notUnderstood = 0;
  let caveats = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const args: Record<string, unknown> = { query: q, per_page: 50, include_latest_part: false };
    if (cursor) args.cursor = cursor;
    const result = await callTool(client, 'search_conversations', args);
    if (result.isError) {
      const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join(' ');
      return { ids, refused: text, notUnderstood: 1, caveats };
    }
    const out = result.structuredContent as {
      conversations: { id: string }[];
      next_cursor: string | null;
      not_understood: unknown[];
      caveats: unknown[];
    };
    caveats = Math.max(caveats, out.caveats?.length ?? 0);
    ids.push(...out.conversations.map((c) => c.id));
    notUnderstood = Math.max(notUnderstood, out.not_understood?.length ?? 0);
    cursor = out.next_cursor;
    if (!cursor) break;
  }
  return { ids, refused: null, notUnderstood, caveats };
}

function score(
  query: EvalQuery,
  truths: Truth[],
  got: string[],
  refused: string | null,
  notUnderstood: number,
  caveats: number,
): Scored {
  const expected = new Set(truths.filter(query.expect).map((t) => t.id));
  const found = new Set(got);
  const hits = [...found].filter((id) => expected.has(id)).length;
  const precision = found.size === 0 ? (expected.size === 0 ? 1 : 0) : hits / found.size;
  const recall = expected.size === 0 ? (found.size === 0 ? 1 : 0) : hits / expected.size;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const same = hits === expected.size && hits === found.size;
  return {
    query,
    precision,
    recall,
    f1,
    silentlyWrong: !same && !refused && notUnderstood === 0 && caveats === 0,
    caveated: !same && !refused && notUnderstood === 0 && caveats > 0,
    expected: expected.size,
    refused,
    notUnderstood,
  };
}

const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const pct = (x: number) => x.toFixed(2);

function report(rows: Scored[]): string {
  const lines = rows.map(
    (r) =>
      `${r.query.holdout ? 'H' : ' '} ${String(r.expected).padStart(3)} ${pct(r.precision)} ${pct(r.recall)} ${pct(r.f1)}${r.silentlyWrong ? ' SILENT' : r.caveated ? ' caveat' : r.refused ? ' REFUSED' : r.notUnderstood ? ' reported' : ''}  [${r.query.category}] ${r.query.q}`,
  );
  const categories = [...new Set(rows.map((r) => r.query.category))].map(
    (c) => `  ${c}: ${pct(mean(rows.filter((r) => r.query.category === c).map((r) => r.f1)))}`,
  );
  const tuned = rows.filter((r) => !r.query.holdout);
  const holdout = rows.filter((r) => r.query.holdout);
  return [
    '    n P    R    F1    query',
    ...lines,
    'mean F1 by category:',
    ...categories,
    `mean F1: all ${pct(mean(rows.map((r) => r.f1)))} (${rows.length} queries), tuning set ${pct(mean(tuned.map((r) => r.f1)))} (${tuned.length}), holdout ${pct(mean(holdout.map((r) => r.f1)))} (${holdout.length})`,
    `silently wrong: ${rows.filter((r) => r.silentlyWrong).length}; different with only the topic-word caveat stated: ${rows.filter((r) => r.caveated).length}`,
  ].join('\n');
}

describe('search evaluation', () => {
  const t = useTestApp({});
  const truths: Truth[] = [];
  let client: Client;

  beforeAll(async () => {
    t.fake.addWorkspace(evalSeed(truths));
    const connection = await createConnection(t.app.url, EVAL_WORKSPACE.token);
    client = await connectInProcess(t.app.runtime, connection.token);
    // The tool reads the clock for relative dates; the data set was built around NOW.
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  });
  afterAll(async () => {
    vi.useRealTimers();
    await client?.close();
  });

  it('has at least 150 conversations and 80 queries', () => {
    expect(truths.length).toBeGreaterThanOrEqual(150);
    expect(QUERIES.length).toBeGreaterThanOrEqual(80);
  });

  it('finds what each query means: mean F1 ≥ 0.85 and nothing silently wrong', async () => {
    const rows: Scored[] = [];
    for (const query of QUERIES) {
      const { ids, refused, notUnderstood, caveats } = await resultIds(client, query.q);
      rows.push(score(query, truths, ids, refused, notUnderstood, caveats));
    }
    console.log(report(rows));
    expect(mean(rows.map((r) => r.f1))).toBeGreaterThanOrEqual(0.85);
    expect(rows.filter((r) => r.silentlyWrong).map((r) => r.query.q)).toEqual([]);
  }, 300_000);
});
