import { defineTool } from './define-tool.js';
import { planWorkflow } from './workflow/plan.js';
import { runWorkflow } from './workflow/run.js';
import { inputSchema, MAX_CONVERSATIONS, outputSchema } from './workflow/schema.js';

export default defineTool({
  name: 'manage_conversation_workflow',
  title: 'Manage conversations (assign, note, close, snooze, tag)',
  description: [
    'Applies an ordered list of actions to one or more Intercom conversations: assign, unassign, internal note, ' +
      'close, reopen, snooze, tag and untag.',
    'Use it for triage and hand-offs. To reply to the customer use reply_to_conversation; to find ' +
      'conversations use search_conversations.',
    `Limits: up to ${MAX_CONVERSATIONS} conversations, handled one after another. Admin, team and tag names are ` +
      'resolved before anything is written: an unknown or ambiguous name fails the call with nothing changed and ' +
      'lists candidates. A missing tag is created. Per conversation, the first failed action stops its remaining ' +
      'actions (reported as skipped); the next conversation still runs. Writes are never retried: "unknown" means ' +
      'the change may have been applied, so check with get_conversation before retrying.',
    'Example: {"conversation_ids":["64619700001001"],"actions":[{"type":"assign","team":"Billing"},' +
      '{"type":"note","body":"Refund approved"},{"type":"snooze","for":"2d"},{"type":"tag","name":"refund"}]}',
  ].join('\n'),
  inputSchema,
  outputSchema,
  // Destructive in MCP's sense: closing, unassigning and untagging are not additive updates.
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async handler(args, ctx) {
    const plan = await planWorkflow(args, ctx);
    const conversations = await runWorkflow(plan, args.conversation_ids, ctx);
    const count = (status: string) => conversations.filter((c) => c.status === status).length;
    return {
      acting_admin_id: plan.adminId,
      summary: { done: count('done'), failed: count('failed'), unknown: count('unknown') },
      conversations,
    };
  },
});
