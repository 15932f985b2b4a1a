// The fake Intercom in its own process for the benchmark. Prints one JSON line on stdout:
//   {"url": "...", "controlUrl": "...", "workspaces": {"main": {"token", "contactIds"}, ...}}
// Benchmark workspaces get a huge rate limit, so Intercom's limit is not what is measured. A small
// control server (another port) returns and clears the recorded requests; recorded requests are trimmed
// so that memory stays flat over millions of calls. Exits when stdin closes or on SIGTERM.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeIntercom } from '../test/fake-intercom/index.js';

const HUGE_RATE_LIMIT = 1_000_000_000;

const fake = await startFakeIntercom();
const seeds = {
  main: { name: 'Bench Main', contacts: 50, conversations: 300 },
  flood: { name: 'Bench Flood', contacts: 50, conversations: 50 },
  normal: { name: 'Bench Normal', contacts: 50, conversations: 50 },
};
const workspaces: Record<string, { id: string; token: string; contactIds: string[] }> = {};
for (const [key, seed] of Object.entries(seeds)) {
  const ws = fake.addWorkspace({ ...seed, rateLimit: HUGE_RATE_LIMIT });
  workspaces[key] = { id: ws.id, token: ws.token, contactIds: [...ws.contacts.keys()].slice(0, 10) };
}

// Keep the last requests only: the fake records every request forever otherwise.
const trim = setInterval(() => {
  if (fake.requests.length > 20_000) fake.requests.splice(0, fake.requests.length - 1_000);
}, 1_000);

const control = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/clear') {
    fake.requests.length = 0;
    res.writeHead(204).end();
    return;
  }
  if (req.method === 'GET' && req.url === '/requests') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(fake.requests.slice(-200)));
    return;
  }
  if (req.method === 'GET' && req.url === '/unhandled') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(fake.unhandled));
    return;
  }
  res.writeHead(404).end();
});
await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
const controlUrl = `http://127.0.0.1:${(control.address() as AddressInfo).port}`;

process.stdout.write(`${JSON.stringify({ url: fake.url, controlUrl, workspaces })}\n`);

let closing = false;
async function shutdown() {
  if (closing) return;
  closing = true;
  clearInterval(trim);
  control.close();
  await fake.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
process.stdin.on('end', () => void shutdown());
process.stdin.resume();
