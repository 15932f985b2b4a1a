import type { Scopes, Toolset } from '../tenancy/scopes.js';
import { SCOPE_PREFIX } from '../tenancy/scopes.js';
import type { ToolDefinition } from '../tools/define-tool.js';

/**
 * Which toolset each tool belongs to. Kept here rather than in the tool files, so that scopes are
 * one reviewable table; whether a tool writes comes from its annotations (readOnlyHint). A tool that
 * is missing here is offered to nobody (toolsets.test.ts fails until it is added).
 */
export const TOOLSET_OF: Readonly<Record<string, Toolset>> = {
  search_conversations: 'conversations',
  get_conversation: 'conversations',
  list_conversations: 'conversations',
  create_conversation: 'conversations',
  reply_to_conversation: 'conversations',
  manage_conversation_workflow: 'conversations',

  search_contacts: 'contacts',
  get_contact: 'contacts',
  update_contact_attributes: 'contacts',
  search_companies: 'contacts',
  get_company: 'contacts',

  send_intercom_message: 'messaging',
  get_message_job: 'bulk_messaging',
  cancel_message_job: 'bulk_messaging',

  track_user_events: 'events',

  search_articles: 'knowledge',
  get_article: 'knowledge',

  search_tickets: 'tickets',
  get_ticket: 'tickets',
  create_ticket: 'tickets',
  update_ticket: 'tickets',

  list_admins: 'admin',
  list_tags: 'admin',
  create_tag: 'admin',
  list_segments: 'admin',
  get_workspace: 'admin',

  delete_contact: 'deletion',
};

/**
 * Calls that need a second toolset because of what they ask for: a message to a whole segment or
 * tag is bulk messaging even though the tool is the messaging one.
 */
const ARGUMENT_RULES: Readonly<Record<string, { toolset: Toolset; applies(args: object): boolean }>> = {
  send_intercom_message: {
    toolset: 'bulk_messaging',
    applies: (args) =>
      ['segment', 'tag', 'audience'].some(
        (key) => Object.hasOwn(args, key) && (args as Record<string, unknown>)[key] != null,
      ),
  },
};

/** The toolset a tool belongs to, or undefined when the table does not list it. */
export function toolsetOf(name: string): Toolset | undefined {
  return Object.hasOwn(TOOLSET_OF, name) ? TOOLSET_OF[name] : undefined;
}

/** What a tool needs in general: its toolset, and write access unless it only reads. */
export function missingForTool(tool: ToolDefinition, scopes: Scopes): string[] {
  const toolset = toolsetOf(tool.name);
  const missing: string[] = [];
  if (!toolset) return ['a toolset (this tool is not assigned to any; nobody may use it)'];
  if (!scopes.toolsets.includes(toolset)) missing.push(describeToolset(toolset));
  if (!tool.annotations.readOnlyHint && scopes.access !== 'write') {
    missing.push(`read + write access (scope ${SCOPE_PREFIX}write); this connection is read-only`);
  }
  return missing;
}

/** What one call needs beyond its tool (see ARGUMENT_RULES); empty when the call is allowed. */
export function missingForArguments(name: string, args: unknown, scopes: Scopes): string[] {
  const rule = Object.hasOwn(ARGUMENT_RULES, name) ? ARGUMENT_RULES[name] : undefined;
  if (!rule || typeof args !== 'object' || args === null) return [];
  if (!rule.applies(args) || scopes.toolsets.includes(rule.toolset)) return [];
  return [describeToolset(rule.toolset)];
}

export function describeToolset(toolset: Toolset): string {
  return `the ${toolset} toolset (scope ${SCOPE_PREFIX}${toolset})`;
}

/** The message for a refused call: what is missing, and how the owner can change it. */
export function refusalMessage(name: string, missing: string[], manageUrl: string): string {
  return (
    `${name} is not allowed on this connection: it needs ${missing.join(' and ')}. ` +
    `Only the workspace owner can allow it: at ${manageUrl} with an Intercom access token of this ` +
    'workspace, or by connecting again and choosing it. Tell the user; do not retry.'
  );
}
