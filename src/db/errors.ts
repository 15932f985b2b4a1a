/** Error codes that mean "the database cannot be reached right now", not "the query is wrong". */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
  '57P01', // admin_shutdown (pg_terminate_backend, server stopping)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (server starting up)
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);

/** True when an error (or its cause chain, as drizzle wraps driver errors) is a lost or refused connection. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Why the database could not be reached, for one log line: the driver's error code and message
 * (e.g. "ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:5432"), never the SQL text or its parameters
 * that drizzle's wrapping error carries.
 */
export function describeDatabaseError(error: unknown): string {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) {
      const text = typeof message === 'string' ? message.split('\n')[0]?.slice(0, 200) : '';
      return text && !text.startsWith('Failed query') ? `${code}: ${text}` : code;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return error instanceof Error ? error.name : 'unknown';
}
