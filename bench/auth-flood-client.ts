// The attacker of the authflood section, in its own process: keeps FLOOD_CONCURRENCY requests in flight,
// each with a new random secret on one lookup id (FLOOD_LOOKUP_ID), from one address (X-Forwarded-For),
// for FLOOD_SECONDS. Prints one JSON line: requests sent and answers by status.
import { randomBytes } from 'node:crypto';
import { Agent, fetch } from 'undici';

const origin = process.env.FLOOD_ORIGIN as string;
const lookupId = process.env.FLOOD_LOOKUP_ID as string;
const concurrency = Number(process.env.FLOOD_CONCURRENCY ?? 1000);
const until = performance.now() + Number(process.env.FLOOD_SECONDS ?? 10) * 1000;
const dispatcher = new Agent({ connections: concurrency, pipelining: 1 });
const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' });
const statuses: Record<string, number> = {};
let sent = 0;

async function attacker(): Promise<void> {
  while (performance.now() < until) {
    sent++;
    const path = `/mcp/icm_${lookupId}_${randomBytes(32).toString('base64url')}`;
    try {
      const response = await fetch(`${origin}${path}`, {
        method: 'POST',
        dispatcher,
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
          'X-Forwarded-For': '203.0.113.66',
        },
        body,
      });
      await response.arrayBuffer();
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    } catch {
      statuses.socket = (statuses.socket ?? 0) + 1;
    }
  }
}

await Promise.all(Array.from({ length: concurrency }, () => attacker()));
process.stdout.write(`${JSON.stringify({ sent, statuses })}\n`);
await dispatcher.close();
