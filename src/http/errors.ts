import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The management API's error shape: {"error":{"code","message"}}. */
export function apiError(c: Context, status: ContentfulStatusCode, code: string, message: string) {
  return c.json({ error: { code, message } }, status);
}

/** A JSON-RPC error envelope for the MCP endpoints, where clients expect JSON-RPC bodies. */
export function jsonRpcError(c: Context, status: ContentfulStatusCode, code: number, message: string) {
  return c.json({ jsonrpc: '2.0', error: { code, message }, id: null }, status);
}

/**
 * An error in the shape the route's clients read: JSON-RPC under /mcp and /sse (MCP clients show the
 * message to the user), `{error, error_description}` on the OAuth JSON endpoints, `{"error":{code,message}}`
 * elsewhere. For middleware shared by all of them.
 */
export function errorFor(c: Context, status: ContentfulStatusCode, code: string, message: string) {
  const path = c.req.path;
  const mcp = path === '/mcp' || path.startsWith('/mcp/') || path === '/sse' || path.startsWith('/sse/');
  if (mcp) return jsonRpcError(c, status, -32000, message);
  // OAuth clients read RFC 6749's {error, error_description} on the JSON OAuth endpoints.
  if (OAUTH_JSON_PATHS.has(path)) return c.json({ error: code, error_description: message }, status);
  return apiError(c, status, code, message);
}

const OAUTH_JSON_PATHS = new Set(['/token', '/register', '/revoke']);
