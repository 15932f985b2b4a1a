// The node:http request pipeline: record, faults, Accept/version/auth/rate-limit checks, routing.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, errorList, NotImplementedError } from './errors.js';
import { consumeRateLimit, type FaultQueue, rateLimitHeaders } from './faults.js';
import type { Ctx, Match, Reply } from './router.js';
import type { FakeToken, FakeWorkspace, RecordedRequest } from './types.js';
import { requestId } from './util.js';

export const SUPPORTED_VERSIONS = new Set([
  '1.0',
  '1.1',
  '1.2',
  '1.3',
  '1.4',
  '2.0',
  '2.1',
  '2.2',
  '2.3',
  '2.4',
  '2.5',
  '2.6',
  '2.7',
  '2.8',
  '2.9',
  '2.10',
  '2.11',
  '2.12',
  '2.13',
  '2.14',
  '2.15',
  '2.16',
  'Unstable',
]);

export interface ServerState {
  workspaces: Map<string, FakeWorkspace>;
  requests: RecordedRequest[];
  unhandled: string[];
  faults: FaultQueue;
  route: (method: string, path: string) => Match;
  baseUrl: string;
  /** Resolves after `ms`, or with false as soon as the fake is closing. */
  sleep: (ms: number) => Promise<boolean>;
}

interface Outcome {
  status: number;
  body?: unknown;
  html?: string;
  headers?: Record<string, string>;
}

const STATUS_ERRORS: Record<number, [string, string]> = {
  403: ['api_plan_restricted', 'Active subscription needed.'],
  429: ['rate_limit_exceeded', 'Exceeded rate limit of 1666 in 10_seconds'],
  500: ['server_error', 'Server Error'],
  503: ['service_unavailable', 'Sorry, the API service is temporarily unavailable'],
};

function findToken(
  state: ServerState,
  header: string | undefined,
): { ws: FakeWorkspace; tok: FakeToken } | null {
  const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!m?.[1]) return null;
  for (const ws of state.workspaces.values()) {
    const tok = ws.tokens.get(m[1]);
    if (tok) return { ws, tok };
  }
  return null;
}

const acceptsJson = (accept: string | undefined) =>
  accept !== undefined && /(^|,)\s*(application\/json|application\/\*|\*\/\*)\s*(;|,|$)/i.test(accept);

export async function handleRequest(
  state: ServerState,
  req: IncomingMessage,
  res: ServerResponse,
  raw: string,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://fake.invalid');
  const method = (req.method ?? 'GET').toUpperCase();
  const path = url.pathname;
  const versionHeader = req.headers['intercom-version'];
  const version = typeof versionHeader === 'string' ? versionHeader : null;
  let body: unknown;
  let badJson = false;
  if (raw.trim() !== '') {
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
      badJson = true;
    }
  }
  const auth = findToken(state, req.headers.authorization);
  const rec: RecordedRequest = {
    workspaceId: auth?.ws.id ?? null,
    method,
    path,
    query: Object.fromEntries(url.searchParams),
    body,
    status: 0,
    intercomVersion: version,
  };
  state.requests.push(rec);
  const reqId = requestId();

  const fault = state.faults.take(method, path, rec.workspaceId);
  if (fault?.kind === 'drop' && fault.when !== 'after') {
    rec.fault = 'drop-before';
    req.socket.destroy();
    return;
  }
  let out: Outcome;
  if (fault?.kind === 'status') {
    rec.fault = 'status';
    out = faultOutcome(fault.status, auth?.ws ?? null);
  } else {
    if (fault?.kind === 'slow') {
      rec.fault = 'slow';
      if (!(await state.sleep(fault.delayMs))) return;
    }
    out = processRequest(state, {
      method,
      path,
      rec,
      auth,
      badJson,
      version,
      accept: req.headers.accept,
      baseUrl: state.baseUrl,
    });
  }
  if (fault?.kind === 'drop') {
    // 'after': the side effect above happened, the client never learns the outcome.
    rec.fault = 'drop-after';
    req.socket.destroy();
    return;
  }
  if (res.destroyed || req.socket.destroyed) return;
  const headers: Record<string, string> = {
    ...rateLimitHeaders(auth && !auth.tok.revoked ? auth.ws.rateLimit : null),
    'X-Request-Id': reqId,
    ...out.headers,
  };
  if (version !== null) headers['Intercom-Version'] = version;
  let payload = '';
  if (out.html !== undefined) {
    headers['Content-Type'] = 'text/html';
    payload = out.html;
  } else if (out.body !== undefined) {
    headers['Content-Type'] = 'application/json; charset=utf-8';
    payload = JSON.stringify(withRequestId(out.body, reqId));
  }
  headers['Content-Length'] = String(Buffer.byteLength(payload));
  rec.status = out.status;
  res.writeHead(out.status, headers);
  res.end(payload);
}

function withRequestId(body: unknown, reqId: string): unknown {
  if (typeof body === 'object' && body !== null && (body as { type?: unknown }).type === 'error.list') {
    return { ...body, request_id: reqId };
  }
  return body;
}

function faultOutcome(status: number, ws: FakeWorkspace | null): Outcome {
  if (status === 502) {
    return {
      status,
      html: '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>',
    };
  }
  const [code, message] = STATUS_ERRORS[status] ?? ['server_error', 'Server Error'];
  const headers: Record<string, string> = {};
  if (status === 429) {
    headers['X-RateLimit-Remaining'] = '0';
    if (ws) headers['X-RateLimit-Limit'] = String(ws.rateLimit.limit);
  }
  return { status, body: errorList('', code, message), headers };
}

interface Incoming {
  method: string;
  path: string;
  rec: RecordedRequest;
  auth: { ws: FakeWorkspace; tok: FakeToken } | null;
  badJson: boolean;
  version: string | null;
  accept: string | undefined;
  baseUrl: string;
}

function processRequest(state: ServerState, r: Incoming): Outcome {
  const fail = (status: number, code: string, message: string, field?: string): Outcome => ({
    status,
    body: errorList('', code, message, field),
  });
  if (!acceptsJson(r.accept))
    return fail(406, 'not_acceptable', 'The Accept header must allow application/json');
  if (r.version !== null && !SUPPORTED_VERSIONS.has(r.version)) {
    return fail(400, 'intercom_version_invalid', 'The requested version could not be found');
  }
  if (!r.auth) return fail(401, 'unauthorized', 'Access Token Invalid');
  if (r.auth.tok.revoked) return fail(401, 'token_revoked', 'Token Revoked');
  const ws = r.auth.ws;
  if (!consumeRateLimit(ws.rateLimit)) {
    return fail(429, 'rate_limit_exceeded', `Exceeded rate limit of ${ws.rateLimit.limit} in 10_seconds`);
  }
  if (r.badJson) return fail(400, 'parameter_invalid', 'There was a problem in the JSON you submitted');
  const match = state.route(r.method, r.path);
  if (!match) {
    state.unhandled.push(`${r.method} ${r.path}`);
    return fail(501, 'not_implemented', `fake-intercom does not implement ${r.method} ${r.path}`);
  }
  const admin = ws.admins.get(r.auth.tok.adminId);
  if (!admin) return fail(401, 'unauthorized', 'Access Token Invalid');
  const ctx: Ctx = {
    ws,
    admin,
    params: match.params,
    query: r.rec.query,
    body: r.rec.body,
    version: r.version,
    baseUrl: r.baseUrl,
  };
  try {
    const reply: Reply = match.handler(ctx);
    return { status: reply.status, body: reply.body };
  } catch (err) {
    if (err instanceof ApiError) return fail(err.status, err.code, err.message, err.field);
    const what = `${r.method} ${r.path}`;
    if (err instanceof NotImplementedError) {
      state.unhandled.push(`${what}: ${err.message}`);
      return fail(501, 'not_implemented', `fake-intercom does not implement ${what}: ${err.message}`);
    }
    state.unhandled.push(`BUG ${what}: ${err instanceof Error ? err.stack : String(err)}`);
    return fail(
      500,
      'server_error',
      `fake-intercom crashed: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
