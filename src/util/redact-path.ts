/**
 * Makes a request path safe to log. The connection token travels in the path (`/mcp/<token>`,
 * `/sse/<token>/message`), and a client may spell that path many ways that still reach, or nearly
 * reach, a route: percent-encoded letters (`/%6dcp/…`), another case (`/MCP/…`), doubled slashes
 * (`/mcp//…`), an encoded slash (`/mcp%2F…`), double encoding. Redaction therefore works on the decoded,
 * normalized path, and anything shaped like one of our secrets is removed wherever it appears; the
 * raw spelling is never logged.
 */

/** Our secrets' shapes: connection tokens (`icm_`), OAuth access/refresh tokens and codes (`icm…_`). */
const SECRET_SHAPE = /icm[a-z]{0,3}_[A-Za-z0-9_-]{6,}/gi;
/** The route prefixes whose next segment is a token (compared case-insensitively). */
const TOKEN_PREFIXES = new Set(['mcp', 'sse']);
/** Segments after a token prefix that are route names, not tokens. */
const ROUTE_WORDS = new Set(['message']);
const MAX_LOGGED = 300;

/** Percent-decoding, repeated (double encoding) and tolerant of malformed escapes. */
function decodeFully(path: string): string {
  let current = path;
  for (let round = 0; round < 3; round++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      // A malformed escape somewhere: decode the well-formed ones one by one.
      next = current.replace(/(%[0-9A-Fa-f]{2})+/g, (run) => {
        try {
          return decodeURIComponent(run);
        } catch {
          return run;
        }
      });
    }
    if (next === current) break;
    current = next;
  }
  return current;
}

/**
 * The path of `url` (a full URL or a path, with or without a query) as it may be logged: decoded,
 * with empty segments dropped, the segment after `mcp`/`sse` (any case) replaced by `[redacted]`
 * unless it is a route word, secret-shaped text removed, control characters escaped and the length
 * capped. The query string is dropped: nothing we route on is in it, and a client may put anything there.
 */
export function redactPath(url: string): string {
  const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/[?#].*$/s, '');
  const segments = decodeFully(path)
    .split(/[/\\]+/)
    .filter((s) => s.length > 0);
  const safe = segments.map((segment, i) => {
    const previous = segments[i - 1]?.toLowerCase();
    if (previous && TOKEN_PREFIXES.has(previous) && !ROUTE_WORDS.has(segment.toLowerCase())) {
      return '[redacted]';
    }
    return segment.replace(SECRET_SHAPE, '[redacted]');
  });
  const joined = `/${safe.join('/')}`.replace(
    /\p{Cc}/gu,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return joined.length > MAX_LOGGED ? `${joined.slice(0, MAX_LOGGED)}…` : joined;
}
