import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ToolCatalog } from '../src/mcp/tool-catalog.js';
import { tools } from '../src/tools/index.js';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { useTestApp } from './support/use-test-app.js';

/** At least 2,000 generated messages per CI run; FUZZ_RUNS raises it for long runs. */
const RUNS = Math.max(2_000, Number(process.env.FUZZ_RUNS ?? 0) || 0);
const catalog = new ToolCatalog(tools);

const methods = [
  'tools/list',
  'tools/call',
  'initialize',
  'ping',
  'resources/list',
  'prompts/list',
  'logging/setLevel',
];
const jsonValue = fc.jsonValue({ maxDepth: 3 });
/** Text with what broke things before: NUL (Postgres refuses it), bidi controls, encoded slashes. */
const hostileText = fc.string({
  unit: fc.constantFrom('a', 'Z', ' ', '\u0000', '\u202e', '\u2066', '\u200f', '/', '%2F', '%00', 'é'),
  maxLength: 24,
});
const id = fc.oneof(fc.integer(), fc.string({ maxLength: 20 }), fc.constant(null), jsonValue);

/** Arguments shaped like a tool's input: its real property names with arbitrary values, or junk. */
const toolArguments = fc.constantFrom(...catalog.listing.tools).chain((tool) => {
  const names = Object.keys((tool.inputSchema.properties ?? {}) as object);
  const shaped = names.length
    ? fc.dictionary(
        fc.constantFrom(...names),
        fc.oneof(jsonValue, fc.string(), hostileText, fc.integer(), fc.boolean()),
        {
          maxKeys: names.length,
        },
      )
    : fc.constant({});
  return fc.record({
    name: fc.oneof(fc.constant(tool.name), fc.string({ maxLength: 30 })),
    arguments: fc.oneof(shaped, jsonValue),
  });
});

const message = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      jsonrpc: fc.constant('2.0'),
      id,
      method: fc.constant('tools/call'),
      params: toolArguments,
    }),
  },
  // Empty arguments are valid for the list tools: these calls reach the tools and the fake Intercom.
  {
    weight: 1,
    arbitrary: fc.record({
      jsonrpc: fc.constant('2.0'),
      id,
      method: fc.constant('tools/call'),
      params: fc.record({
        name: fc.constantFrom(...catalog.listing.tools.map((t) => t.name)),
        arguments: fc.constant({}),
      }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      jsonrpc: fc.oneof(fc.constant('2.0'), fc.string()),
      id,
      method: fc.oneof(fc.constantFrom(...methods), fc.string()),
      params: jsonValue,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ jsonrpc: fc.constant('2.0'), method: fc.string(), params: jsonValue }),
  },
  { weight: 1, arbitrary: jsonValue },
);

const body = fc.oneof(
  { weight: 6, arbitrary: message.map((m) => JSON.stringify(m)) },
  { weight: 1, arbitrary: fc.array(message, { maxLength: 4 }).map((m) => JSON.stringify(m)) },
  // Batches: large ones (past the SDK's 100 too; each message takes an in-flight turn and the answer is
  // capped by MAX_BATCH_RESPONSE_BYTES), nested arrays, and batches of one.
  { weight: 1, arbitrary: fc.array(message, { minLength: 5, maxLength: 110 }).map((m) => JSON.stringify(m)) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.oneof(message, fc.array(message, { maxLength: 3 })), { maxLength: 5 })
      .map((m) => JSON.stringify(m)),
  },
  { weight: 1, arbitrary: message.map((m) => JSON.stringify([m])) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v).slice(0, -1)) },
);

/** Mostly what clients send; sometimes only one of the two media types (a batch then has no SSE answer). */
const accept = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json, text/event-stream') },
  { weight: 1, arbitrary: fc.constantFrom('application/json', 'text/event-stream') },
);

describe('fuzzing the MCP endpoint', () => {
  const { app, fake, connection } = useTestApp({
    env: {
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_IP_PER_MINUTE: '10000000',
      RATE_LIMIT_PER_CONNECTION_PER_MINUTE: '10000000',
      // Small, so that generated batches reach it.
      MAX_BATCH_RESPONSE_BYTES: '20000',
    },
    workspaces: [WORKSPACE_A],
  });

  it(`answers ${RUNS} generated messages without a 5xx, a crash or a stack trace`, {
    timeout: 600_000,
  }, async () => {
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), accept, async (text, viaBearer, acceptHeader) => {
        const response = await fetch(viaBearer ? `${app.url}/mcp` : connection.mcp_url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Accept: acceptHeader,
            ...(viaBearer ? { Authorization: `Bearer ${connection.token}` } : {}),
          },
          body: text,
        });
        const answer = await response.text();
        sent++;
        expect(response.status, answer.slice(0, 300)).toBeLessThan(500);
        expect(answer).not.toMatch(/\n\s+at .+:\d+:\d+/);
      }),
      { numRuns: RUNS },
    );
    expect(sent).toBe(RUNS);
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
    expect(fake.unhandled).toEqual([]);
    // Some generated calls must get past validation into the tools, or the fuzzing proves little.
    expect(fake.requests.length).toBeGreaterThan(RUNS / 50);
  });
});

describe('fuzzing the OAuth registration and the token paths', () => {
  const { app, connection } = useTestApp({
    env: {
      LOG_LEVEL: 'debug',
      RATE_LIMIT_PER_IP_PER_MINUTE: '10000000',
      AUTH_FAILURES_PER_IP_PER_15_MINUTES: '10000000',
      REGISTRATIONS_PER_IP_PER_HOUR: '10000000',
    },
    workspaces: [WORKSPACE_A],
  });

  it('registers or refuses generated metadata (NUL, bidi, odd URIs) with a 201 or a 400, never a 5xx', {
    timeout: 120_000,
  }, async () => {
    const field = fc.oneof(hostileText, fc.string({ maxLength: 40 }), jsonValue);
    const metadata = fc.record(
      {
        client_name: field,
        redirect_uris: fc.oneof(
          fc.array(
            hostileText.map((t) => `http://127.0.0.1:9/${t}`),
            { maxLength: 3 },
          ),
          fc.array(field, { maxLength: 3 }),
        ),
        client_uri: field,
        token_endpoint_auth_method: fc.constantFrom('none', 'client_secret_basic', 'x'),
        extra: field,
      },
      { requiredKeys: ['redirect_uris'] },
    );
    await fc.assert(
      fc.asyncProperty(metadata, async (body) => {
        const response = await fetch(`${app.url}/register`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        const answer = await response.text();
        expect([201, 400], answer.slice(0, 300)).toContain(response.status);
        if (response.status === 400) {
          expect(['invalid_client_metadata', 'invalid_redirect_uri']).toContain(JSON.parse(answer).error);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never logs the connection token, however its path is encoded', { timeout: 120_000 }, async () => {
    const token = connection.token;
    const spelled = fc.tuple(
      fc.constantFrom('mcp', 'MCP', 'Mcp', '%6dcp', '%6Dcp', 'sse', '%73se', 'SSE'),
      fc.constantFrom('/', '//', '%2F', '%2f', '%252F', '\\'),
      fc.constantFrom('', '/message', '?sessionId=1', '%2Fmessage'),
      fc.boolean(),
    );
    const before = app.logs.length;
    await fc.assert(
      fc.asyncProperty(spelled, async ([prefix, slash, tail, encodeToken]) => {
        const t = encodeToken ? [...token].map((ch) => `%${ch.charCodeAt(0).toString(16)}`).join('') : token;
        const response = await fetch(`${app.url}/${prefix}${slash}${t}${tail}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
          body: '{"jsonrpc":"2.0","id":1,"method":"ping"}',
        });
        await response.body?.cancel();
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
    const written = app.logs.slice(before).join('');
    expect(written).toContain('"msg":"request"');
    expect(written).not.toContain(token.slice('icm_0123456789abcdef_'.length));
  });
});
