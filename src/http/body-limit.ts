import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './context.js';

/**
 * Refuses bodies over `maxBytes` with `onTooLarge`. A request that declares its Content-Length is
 * judged by the header alone (Node's HTTP parser never hands a handler more bytes than it declares);
 * only chunked bodies are counted as they stream, by hono's bodyLimit. Hono's middleware alone would
 * turn every request into a web-standard Request with a stream, measurable on every MCP call.
 */
export function limitBody(
  maxBytes: number,
  onTooLarge: (c: Context<AppEnv>) => Response | Promise<Response>,
): MiddlewareHandler<AppEnv> {
  const streaming = bodyLimit({ maxSize: maxBytes, onError: onTooLarge });
  return async (c, next) => {
    const declared = c.req.header('content-length');
    if (declared !== undefined && /^\d+$/.test(declared)) {
      if (Number(declared) > maxBytes) return onTooLarge(c);
      await next();
      return;
    }
    return streaming(c, next);
  };
}
