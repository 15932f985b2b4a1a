import { namesFrom } from './common/conversation.js';
import { defineTool } from './define-tool.js';
import { planWorkflow } from './workflow/plan.js';
import { runWorkflow } from './workflow/run.js';
import { inputSchema, outputSchema } from './workflow/schema.js';

export default defineTool({
  name: 'manage_conversation_workflow',
  title: 'Manage conversations (assign, note, close, snooze, tag)',
  description: [
    'Applies actions in order to 1-25 conversations: assign, unassign, note (internal), close, reopen, snooze, priority, mark_read, tag, untag.',
    'Use it for triage and hand-offs; reply_to_conversation answers the customer.',
    'Names (admins, teams, tags) and times are checked first: a bad one fails the call with nothing changed, listing candidates. A missing tag is created. The first failed action skips the rest for that conversation. Never retried: unknown means check with get_conversation.',
    'Example: {"conversation_ids":[64619700001001],"actions":[{"type":"assign","team":"Billing"},{"type":"snooze","until":"tomorrow 9am"},{"type":"tag","name":"refund"}]}',
  ].join('\n'),
  inputSchema,
  outputSchema,
  // Destructive in MCP's sense: closing, unassigning and untagging are not additive updates.
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async handler(args, ctx) {
    const [plan, names] = await Promise.all([planWorkflow(args, ctx), namesFrom(ctx.directory)]);
    const conversations = await runWorkflow(plan, args.conversation_ids, ctx, names);
    const count = (status: string) => conversations.filter((c) => c.status === status).length;
    return {
      acting_admin: plan.admin,
      summary: { done: count('done'), failed: count('failed'), unknown: count('unknown') },
      conversations,
    };
  },
});
