import { fstatSync } from 'node:fs';
import { Socket } from 'node:net';
import { pino } from 'pino';

/** A log destination that can be drained (for a while at most) before the process exits. */
export interface LogSink extends pino.DestinationStream {
  /** Resolves once what was written has left, or after `timeoutMs`, whichever comes first; never rejects. */
  drain(timeoutMs: number): Promise<void>;
}

/** Past this much unsent log output, further lines are dropped (and counted) until the reader catches up. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * Standard output as the server's log destination. When it is a pipe or a socket (a log shipper, Docker,
 * systemd) it is written without ever blocking: pino's default writes synchronously, so once the
 * reader stopped reading (crashed while holding the pipe, or stopped) the whole process waited on a full
 * pipe, SIGTERM included. Here lines wait in a bounded buffer, are dropped beyond it (a warning with
 * the count follows once the reader is back), and a broken pipe (the reader is gone) just ends the
 * output. A file or a terminal keeps pino's synchronous writes: they do not stall.
 */
export function stdoutSink(fd = 1): LogSink {
  let kind: 'stream' | 'other' = 'other';
  try {
    const stat = fstatSync(fd);
    if (stat.isFIFO() || stat.isSocket()) kind = 'stream';
  } catch {
    return droppingSink();
  }
  if (kind === 'other') {
    const destination = pino.destination({ fd, sync: true });
    return Object.assign(destination, { drain: async () => {} });
  }
  return new StreamSink(new Socket({ fd, readable: false, writable: true }));
}

class StreamSink implements LogSink {
  private broken = false;
  private dropped = 0;

  constructor(private readonly socket: Socket) {
    // A closed reader (EPIPE, ECONNRESET) ends the output; logging must never throw into the app.
    socket.on('error', () => {
      this.broken = true;
    });
    socket.on('drain', () => this.reportDropped());
    // Pending log output alone never keeps the process alive.
    socket.unref();
  }

  write(line: string): void {
    if (this.broken || this.socket.destroyed) return;
    if (this.socket.writableLength > MAX_BUFFERED_BYTES) {
      this.dropped++;
      return;
    }
    try {
      this.socket.write(line);
    } catch {
      this.broken = true;
    }
  }

  drain(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.broken || this.socket.writableLength === 0) return resolve();
      const timer = setTimeout(done, timeoutMs);
      const poll = setInterval(() => {
        if (this.broken || this.socket.writableLength === 0) done();
      }, 10);
      function done() {
        clearTimeout(timer);
        clearInterval(poll);
        resolve();
      }
    });
  }

  private reportDropped(): void {
    if (this.dropped === 0) return;
    const line = JSON.stringify({
      level: 'warn',
      time: new Date().toISOString(),
      dropped: this.dropped,
      msg: 'log lines dropped while standard output was not being read',
    });
    this.dropped = 0;
    this.write(`${line}\n`);
  }
}

function droppingSink(): LogSink {
  return { write: () => {}, drain: async () => {} };
}
