import type { ServerResponse } from 'node:http';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** What one legacy SSE stream may hold for a client that does not read it. */
export interface BacklogLimits {
  /** Bytes written to the stream but not yet taken by the socket. */
  bytes: number;
  /** Replies owed (posted requests not yet answered) plus messages waiting in the stream's buffer. */
  messages: number;
}

export interface Backlog {
  bytes: number;
  messages: number;
}

const isRequest = (message: unknown): boolean =>
  typeof message === 'object' && message !== null && 'method' in message && 'id' in message;

const isResponse = (message: JSONRPCMessage): boolean =>
  'id' in message && ('result' in message || 'error' in message);

/**
 * The SDK's legacy SSE transport with a bounded backlog. Replies to POSTed requests go out on the event
 * stream, so a client that posts and never reads made the server buffer every reply in memory. Posts are
 * admitted only while the stream's backlog (bytes in its buffer, replies owed and messages buffered) is
 * under the limits; a refused post gets 503 from the route, and nothing is dropped from the stream.
 */
export class BoundedSseTransport extends SSEServerTransport {
  /** Requests admitted whose reply has not been written yet. */
  private owed = 0;
  /** Messages written while the socket was not taking data; cleared when the buffer drains. */
  private buffered = 0;

  constructor(
    endpoint: string,
    private readonly stream: ServerResponse,
    private readonly limits: BacklogLimits,
  ) {
    super(endpoint, stream);
    stream.on('drain', () => {
      this.buffered = 0;
    });
  }

  /** The stream's backlog now. */
  backlog(): Backlog {
    return { bytes: this.stream.writableLength, messages: this.owed + this.buffered };
  }

  /**
   * Admits a posted message (reserving its reply when it is a request), or returns why not: the
   * stream already holds as much as its client may leave unread.
   */
  admit(message: unknown): string | null {
    const { bytes, messages } = this.backlog();
    const replies = isRequest(message) ? 1 : 0;
    if (bytes >= this.limits.bytes || messages + replies > this.limits.messages) {
      return (
        `This SSE stream holds ${messages} replies (${bytes} bytes) its client has not read yet; ` +
        'read the event stream before posting more, then retry (or open the stream again).'
      );
    }
    this.owed += replies;
    return null;
  }

  /** Takes back the reservation of a post the transport did not accept (it will never be answered). */
  release(message: unknown): void {
    if (isRequest(message) && this.owed > 0) this.owed--;
  }

  override async send(message: JSONRPCMessage): Promise<void> {
    await super.send(message);
    if (isResponse(message) && this.owed > 0) this.owed--;
    if (this.stream.writableNeedDrain) this.buffered++;
  }
}
