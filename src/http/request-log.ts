import type { MiddlewareHandler } from 'hono';
import { type Logger, redactUrl } from '../logger.js';

/** One log line per request; the secret URL segment is redacted and no headers are logged. */
export function requestLog(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    // 503 is a deliberate answer (database away, shutting down) whose cause is logged once elsewhere:
    // an error line per request would flood the log for the length of an outage.
    const failed = c.res.status >= 500 && c.res.status !== 503;
    // Parsing the URL for a line nobody logs cost measurable CPU per call at LOG_LEVEL=info.
    if (!failed && !logger.isLevelEnabled('debug')) return;
    // The raw URL, not a parsed pathname: redaction decodes and normalizes it itself.
    const path = redactUrl(c.req.url);
    const line = {
      method: c.req.method,
      path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    };
    if (failed) logger.error(line, 'request');
    else logger.debug(line, 'request');
  };
}
