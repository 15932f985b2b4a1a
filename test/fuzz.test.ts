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
const id = fc.oneof(fc.integer(), fc.string({ maxLength: 20 }), fc.constant(null), jsonValue);

/** Arguments shaped like a tool's input: its real property names with arbitrary values, or junk. */
const toolArguments = fc.constantFrom(...catalog.listing.tools).chain((tool) => {
  const names = Object.keys((tool.inputSchema.properties ?? {}) as object);
  const shaped = names.length
    ? fc.dictionary(fc.constantFrom(...names), fc.oneof(jsonValue, fc.string(), fc.integer(), fc.boolean()), {
        maxKeys: names.length,
      })
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
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v).slice(0, -1)) },
);

describe('fuzzing the MCP endpoint', () => {
  const { app, fake, connection } = useTestApp({
    env: {
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_IP_PER_MINUTE: '10000000',
      RATE_LIMIT_PER_CONNECTION_PER_MINUTE: '10000000',
    },
    workspaces: [WORKSPACE_A],
  });

  it(`answers ${RUNS} generated messages without a 5xx, a crash or a stack trace`, {
    timeout: 600_000,
  }, async () => {
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), async (text, viaBearer) => {
        const response = await fetch(viaBearer ? `${app.url}/mcp` : connection.mcp_url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Accept: 'application/json, text/event-stream',
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
