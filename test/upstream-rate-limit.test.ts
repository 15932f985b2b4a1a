import { describe, expect, it } from 'vitest';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { useToolHarness } from './tools/harness.js';

// No waiting for the window here, so that the pacing answer is immediate and observable.
const h = useToolHarness({ env: { INTERCOM_PACING_MAX_WAIT_MS: '0' } });

describe('an Intercom 429', () => {
  it('becomes an isError result saying when to retry, and later calls wait for the window instead of hammering', async () => {
    h.fake.inject({ kind: 'status', status: 429, times: 1, match: { path: /\/reply$/ } });
    const text = await h.fails('reply_to_conversation', {
      conversation_id: WORKSPACE_A.conversations.thanks,
      message_type: 'note',
      body: 'Following up.',
    });
    expect(text).toMatch(/Intercom rate limit reached; retry after \d+ s/);
    expect(h.recorded().filter((r) => r.path.endsWith('/reply'))).toHaveLength(1);

    // The 429 said the budget is spent until the reset: the next call is refused without a request.
    const before = h.recorded().length;
    const paced = await h.fails('list_admins', {});
    expect(paced).toMatch(/rate limit for this workspace is used up; retry after \d+ s/);
    expect(h.recorded().length).toBe(before);
  });
});
