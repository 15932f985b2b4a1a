// Many idle legacy SSE streams from one process: open, wait for the `endpoint` event, then record
// when each `: keepalive` comment arrives.
import { Agent, type ClientRequest, request } from 'node:http';

export interface SseStream {
  openedAt: number;
  keepalives: number[];
  endpoint: string;
  request: ClientRequest;
}

export function openSse(url: string, agent: Agent, timeoutMs = 30_000): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let stream: SseStream | undefined;
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error('SSE endpoint event not received in time'));
    }, timeoutMs);
    const req = request(url, { agent, headers: { Accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        clearTimeout(timer);
        res.resume();
        reject(new Error(`SSE GET answered ${res.statusCode}`));
        return;
      }
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          const now = performance.now();
          if (event.startsWith(': keepalive')) stream?.keepalives.push(now);
          else if (event.includes('event: endpoint') && !stream) {
            clearTimeout(timer);
            const data = /^data: (.*)$/m.exec(event)?.[1] ?? '';
            stream = { openedAt: now, keepalives: [], endpoint: data, request: req };
            resolve(stream);
          }
        }
      });
      res.on('error', () => {});
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      if (!stream) reject(error);
    });
    req.end();
  });
}

export function sseAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
}
