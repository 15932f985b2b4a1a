// The floor for any Node gateway: take a POST, make the same upstream call(s) the tool makes with Node's
// fetch (keep-alive by default), return the JSON. No MCP, no auth, no database, no validation.
//   PROXY_UPSTREAM=<fake url> PROXY_TOKEN=<intercom token> PROXY_PLANS='{"get_contact":[{method,path,body?}]}'
// POST /<plan name> runs that plan's upstream requests one after another (as the tool does) and answers
// with the last upstream JSON. Prints {"url": ...} on stdout when listening.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Step {
  method: string;
  path: string;
  body?: string;
}
const upstream = process.env.PROXY_UPSTREAM ?? '';
const plans = JSON.parse(process.env.PROXY_PLANS ?? '{}') as Record<string, Step[]>;
const headers = {
  Authorization: `Bearer ${process.env.PROXY_TOKEN ?? ''}`,
  Accept: 'application/json',
  'Content-Type': 'application/json',
  'Intercom-Version': '2.14',
};

const server = createServer((req, res) => {
  req.resume();
  req.on('end', async () => {
    const plan = plans[(req.url ?? '/').slice(1)];
    if (req.method !== 'POST' || !plan) return void res.writeHead(404).end();
    try {
      let last: unknown;
      for (const step of plan) {
        const response = await fetch(upstream + step.path, { method: step.method, headers, body: step.body });
        if (!response.ok) throw new Error(`upstream ${response.status}`);
        last = await response.json();
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(last));
    } catch (error) {
      res
        .writeHead(502, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: String(error) }));
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(
    `${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`,
  );
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
