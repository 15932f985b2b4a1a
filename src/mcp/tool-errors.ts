import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { NameResolutionError } from '../directory/errors.js';
import { IntercomApiError } from '../intercom/errors.js';
import type { Logger } from '../logger.js';
import { type JsonSchema, schemaAt, suggestArgument } from '../tools/arguments.js';
import { ToolError } from '../tools/define-tool.js';
import { neutralizeText } from './neutralize.js';

/** An error answer; its text may quote names people wrote, so it is neutralized like every output. */
export function errorResult(message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: neutralizeText(message) }] };
}

function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, step) =>
      typeof step === 'number' ? `${text}[${step}]` : text ? `${text}.${String(step)}` : String(step),
    '',
  );
}

/** An unknown argument with the closest valid name ("did you mean `per_page`?") or the valid ones. */
function unknownKeyProblem(issue: z.core.$ZodIssueUnrecognizedKeys, context: ArgumentsContext): string[] {
  const node = context.schema ? schemaAt(context.schema, context.args, issue.path) : undefined;
  const valid = Object.keys(node?.properties ?? {});
  return issue.keys.map((key) => {
    const where = pathText([...issue.path, key]);
    const suggestion = suggestArgument(key, valid);
    if (suggestion) return `- ${where}: unknown argument; did you mean \`${suggestion}\`?`;
    const known = valid.length > 0 ? ` Valid here: ${valid.map((v) => `\`${v}\``).join(', ')}.` : '';
    return `- ${where}: unknown argument.${known}`;
  });
}

/** A missing or mistyped argument says what the argument is (its description): the fix. */
function otherProblem(issue: z.core.$ZodIssue, context: ArgumentsContext): string {
  const where = pathText(issue.path) || '(arguments)';
  if (issue.code !== 'invalid_type' || !context.schema) return `${where}: ${issue.message}`;
  const node = schemaAt(context.schema, context.args, issue.path) as { description?: string } | undefined;
  const missing = / received undefined$/.test(issue.message);
  const reason = missing ? `required, ${issue.message.replace(/^Invalid input: /, '')}` : issue.message;
  return node?.description ? `${where}: ${reason}. ${node.description}` : `${where}: ${reason}`;
}

interface ArgumentsContext {
  schema: JsonSchema | undefined;
  args: unknown;
}

/** Explains invalid arguments field by field (argument, reason, fix), so the model can correct its call. */
export function invalidArgumentsResult(
  toolName: string,
  error: z.ZodError,
  context: ArgumentsContext = { schema: undefined, args: undefined },
): CallToolResult {
  const problems = error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys' ? unknownKeyProblem(i, context) : [`- ${otherProblem(i, context)}`],
  );
  return errorResult(`Invalid arguments for ${toolName}:\n${problems.join('\n')}`);
}

/**
 * The one error boundary for tools: typed errors become actionable isError results; anything
 * else is logged in full and reported with a reference only.
 */
export function toolFailureResult(
  error: unknown,
  ctx: { toolName: string; reconnectUrl: string; logger: Logger },
) {
  if (error instanceof ToolError || error instanceof NameResolutionError) return errorResult(error.message);
  if (error instanceof IntercomApiError) {
    ctx.logger.warn(
      {
        tool: ctx.toolName,
        kind: error.kind,
        status: error.extra.status,
        code: error.extra.code,
        requestId: error.extra.requestId,
        detail: error.extra.detail,
        // Set when Intercom could not be reached or did not answer: which host, and why (detail).
        host: error.extra.host,
      },
      'intercom call failed',
    );
    if (error.kind === 'auth') {
      return errorResult(
        'The stored Intercom access token was revoked or is no longer valid. ' +
          `Reconnect the workspace at ${ctx.reconnectUrl} and replace the MCP URL in your client.`,
      );
    }
    const ref = error.extra.requestId ? ` (Intercom request ${error.extra.requestId})` : '';
    return errorResult(`${error.message}${ref}`);
  }
  const ref = crypto.randomUUID().slice(0, 8);
  ctx.logger.error({ err: error, tool: ctx.toolName, ref }, 'tool failed unexpectedly');
  return errorResult(
    `The tool failed unexpectedly (reference ${ref}). Try again; if it persists, report the reference.`,
  );
}
