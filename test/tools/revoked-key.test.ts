import { describe, expect, it } from 'vitest';
import { WORKSPACE_A } from '../fake-intercom/seed-a.js';
import { useToolHarness } from './harness.js';

const h = useToolHarness();

/** Intercom revokes the stored key between two calls: every tool must say so and how to reconnect. */
async function withRevokedKey(run: () => Promise<void>) {
  const stored = h.workspaceA.tokens.get(WORKSPACE_A.token);
  if (!stored) throw new Error('seeded token missing');
  stored.revoked = true;
  try {
    await run();
  } finally {
    stored.revoked = false;
  }
}

describe('a revoked Intercom key', () => {
  it('refuses a workflow batch before any write and says how to reconnect', async () => {
    const K = WORKSPACE_A.conversations;
    await withRevokedKey(async () => {
      // The names the answer shows are read first: the revoked key stops the call before any write.
      const text = await h.fails('manage_conversation_workflow', {
        conversation_ids: [K.loginBug, K.thanks, K.ssoSetup],
        actions: [{ type: 'note', body: 'Checked.' }],
      });
      expect(text).toContain('Reconnect the workspace');
      expect(h.recorded().filter((r) => r.method === 'POST')).toHaveLength(0);
    });
  });

  it('refuses events before sending any and says how to reconnect', async () => {
    await withRevokedKey(async () => {
      const text = await h.fails('track_user_events', {
        events: [
          { event_name: 'invited-teammate', email: WORKSPACE_A.contacts.jane.email },
          { event_name: 'invited-teammate', email: WORKSPACE_A.contacts.marcus.email },
        ],
      });
      expect(text).toContain('Reconnect the workspace');
      expect(h.recorded().filter((r) => r.path === '/events')).toHaveLength(0);
    });
  });
});
