import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { NameResolutionError } from '../directory/errors.js';
import { IntercomApiError } from '../intercom/errors.js';
import type { Logger } from '../logger.js';
import { ToolError } from '../tools/define-tool.js';

export function errorResult(message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }] };
}

/** Explains invalid arguments field by field, so the model can correct its call. */
export function invalidArgumentsResult(toolName: string, error: z.ZodError): CallToolResult {
  const problems = error.issues.map((i) => `- ${i.path.join('.') || '(arguments)'}: ${i.message}`);
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
