/**
 * An error whose message is safe and useful for the model (a bad combination of arguments, a name that
 * matches nothing, ...). It lives below every layer that raises one (tools, search, the directory) so
 * they all point down to it; the tools' error boundary (`mcp/tool-errors.ts`) shows its message as is.
 */
export class ToolError extends Error {
  override name = 'ToolError';
}
