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
  it('stops a workflow batch at the first conversation and says how to reconnect', async () => {
    const K = WORKSPACE_A.conversations;
    await withRevokedKey(async () => {
      const out = await h.ok<{
        conversations: {
          conversation_id: string;
          status: string;
          actions: { status: string; detail: string }[];
        }[];
      }>('manage_conversation_workflow', {
        conversation_ids: [K.loginBug, K.thanks, K.ssoSetup],
        actions: [{ type: 'note', body: 'Checked.' }],
      });
      expect(out.conversations.map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
      expect(out.conversations[0]?.actions[0]?.detail).toContain('Reconnect the workspace');
      expect(out.conversations[1]?.actions[0]?.detail).toMatch(/^not attempted: .*revoked/);
      // One attempt, not one per conversation.
      expect(h.recorded().filter((r) => r.method === 'POST')).toHaveLength(1);
    });
  });

  it('reports per-event failures that say how to reconnect', async () => {
    await withRevokedKey(async () => {
      const out = await h.ok<{ results: { status: string; error?: string }[] }>('track_user_events', {
        events: [
          { event_name: 'invited-teammate', email: WORKSPACE_A.contacts.jane.email },
          { event_name: 'invited-teammate', email: WORKSPACE_A.contacts.marcus.email },
        ],
      });
      expect(out.results.every((r) => r.status === 'failed')).toBe(true);
      expect(out.results[0]?.error).toContain('Reconnect the workspace');
    });
  });
});
