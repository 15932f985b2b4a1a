import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addConversation } from '../fake-intercom/conversation-builder.js';
import { createConnection } from '../support/connections.js';
import { connectInProcess } from '../support/in-process-client.js';
import { callOk } from '../support/tool-calls.js';
import { useTestApp } from '../support/use-test-app.js';

const TOKEN = 'dG9rOnNjYW4td29ya3NwYWNlLXRva2VuLTAwMDAwMDAwMDAwMToxOjA=';

interface Out {
  interpreted_query: string[];
  checked_on_results: string[];
  scan: { scanned: number; limit: number; limit_reached: boolean } | null;
  conversations: { id: string; sentiment: { label: string } | null }[];
  total_count: number | null;
  next_cursor: string | null;
}

/** A sentiment filter reads Intercom's pages until it has a page of matches or hits the scan limit, and says so. */
describe('search_conversations checks on results', () => {
  const t = useTestApp({});
  let client: Client;
  const angry: string[] = [];

  beforeAll(async () => {
    t.fake.addWorkspace({
      id: 'wsscan',
      token: TOKEN,
      hexPrefix: '6762e7b2',
      contacts: 3,
      conversations: 700,
      build: () => {},
    });
    const ws = t.fake.workspaces.get('wsscan');
    if (!ws) throw new Error('no workspace');
    const contactId = [...ws.contacts.keys()][0] as string;
    // Two angry customers among 700 neutral conversations: one early, one past the first 600.
    for (const at of [ws.created_at + 10, ws.created_at + 2_000_000]) {
      angry.push(
        addConversation(ws, {
          contactId,
          body: '<p>This is unacceptable, you charged me twice and nobody answers!</p>',
          createdAt: at,
        }).id,
      );
    }
    const connection = await createConnection(t.app.url, TOKEN);
    client = await connectInProcess(t.app.runtime, connection.token);
  });
  afterAll(async () => {
    await client?.close();
  });

  it('scans at most the limit per call, says when it cut the scan, and continues with the cursor', async () => {
    const first = await callOk<Out>(client, 'search_conversations', {
      query: 'angry customers',
      include_latest_part: false,
    });
    expect(first.checked_on_results).toEqual([expect.stringMatching(/sentiment is negative/)]);
    expect(first.scan).toEqual({ scanned: 600, limit: 600, limit_reached: true });
    expect(first.total_count).toBeNull();
    expect(first.next_cursor).toEqual(expect.any(String));
    const searches = t.fake.requestsFor('wsscan').filter((r) => r.path === '/conversations/search');
    expect(searches.map((r) => (r.body as { pagination: { per_page: number } }).pagination.per_page)).toEqual(
      [150, 150, 150, 150],
    );
    const second = await callOk<Out>(client, 'search_conversations', {
      query: 'angry customers',
      include_latest_part: false,
      cursor: first.next_cursor,
    });
    expect(second.scan).toEqual({ scanned: 102, limit: 600, limit_reached: false });
    expect(second.next_cursor).toBeNull();
    const found = [...first.conversations, ...second.conversations];
    expect(found.map((c) => c.id).sort()).toEqual([...angry].sort());
    expect(found.every((c) => c.sentiment?.label === 'negative')).toBe(true);
  });
});
