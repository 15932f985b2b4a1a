import { pino } from 'pino';
import { redactPath } from './util/redact-path.js';

export type Logger = pino.Logger;

/** Paths that may carry secrets; pino replaces their values before a line is written. */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  'token',
  'intercom_token',
  'intercomToken',
  '*.token',
  '*.intercom_token',
  '*.intercomToken',
];

/** A request path as it may be logged: no form of a token in it (see util/redact-path.ts). */
export const redactUrl = redactPath;

/**
 * Errors go to the log with their type, code and stack, but never with SQL parameters: drizzle puts
 * the bound values (hashes, ciphertexts, emails) both in `params` and in the message.
 */
function safeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  if (!serialized || typeof serialized !== 'object') return serialized;
  const { params: _params, query: _query, ...rest } = serialized;
  const strip = (text: unknown) =>
    typeof text === 'string' ? text.replace(/\nparams:[\s\S]*$/, '\nparams: [redacted]') : text;
  return { ...rest, message: strip(rest.message), stack: strip(rest.stack) };
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: safeError },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
