/** An Intercom error response: thrown by handlers, rendered as an `error.list` body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export function errorList(requestId: string, code: string, message: string, field?: string): unknown {
  const error: Record<string, string> = { code, message };
  if (field !== undefined) error.field = field;
  return { type: 'error.list', request_id: requestId, errors: [error] };
}

export const invalid = (message: string, field?: string): ApiError =>
  new ApiError(400, 'parameter_invalid', message, field);

export const missing = (field: string): ApiError =>
  new ApiError(400, 'parameter_invalid', `${field} is required`, field);

export const resourceNotFound = (): ApiError => new ApiError(404, 'not_found', 'Resource Not Found');

export const userNotFound = (): ApiError => new ApiError(404, 'not_found', 'User Not Found');

export const adminNotFound = (): ApiError => new ApiError(404, 'admin_not_found', 'Admin not found');

export const conversationNotFound = (): ApiError => new ApiError(404, 'not_found', 'Conversation not found');

export const tagNotFound = (): ApiError => new ApiError(404, 'tag_not_found', 'Tag not found');

/** A request the fake does not model; answered with 501 and recorded in `FakeIntercom.unhandled`. */
export class NotImplementedError extends Error {}
