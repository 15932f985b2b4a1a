import { JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Context } from 'hono';
import type { SseSessions } from '../mcp/sse-sessions.js';
import type { AppEnv } from './context.js';

/**
 * A POST for a legacy SSE stream this instance does not hold: relays it to the instance that does and
 * answers as the SDK's transport would (202, or 400 for a message that is not JSON-RPC). Undefined when
 * no instance holds a live stream of this connection under that id.
 */
export async function forwardToHolder(
  c: Context<AppEnv>,
  sseSessions: SseSessions,
  sessionId: string,
  message: unknown,
): Promise<Response | undefined> {
  const parsed = JSONRPCMessageSchema.safeParse(message);
  if (!parsed.success) return c.text('Invalid message: not a JSON-RPC message', 400);
  const outcome = await sseSessions.forward(sessionId, c.get('tenant').connectionId, parsed.data);
  return outcome === 'relayed' ? c.text('Accepted', 202) : undefined;
}
