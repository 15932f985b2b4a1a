import { ToolError } from '../errors/tool-error.js';

export type QueryErrorCode =
  | 'unknown_name'
  | 'ambiguous_name'
  | 'too_many_filters'
  | 'too_deep'
  | 'contradiction'
  | 'invalid_value'
  | 'empty_query';

/**
 * A search request that cannot be turned into one Intercom query. The message is safe to show the
 * model and says how to fix the request; `candidates` lists the names it could have meant.
 * It extends ToolError so the tool error boundary reports the message as is.
 */
export class QueryResolutionError extends ToolError {
  override name = 'QueryResolutionError';
  constructor(
    readonly code: QueryErrorCode,
    message: string,
    readonly candidates: string[] = [],
  ) {
    super(message);
  }
}
