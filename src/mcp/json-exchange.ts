import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  isInitializeRequest,
  isJSONRPCRequest,
  type JSONRPCMessage,
  JSONRPCMessageSchema,
  type RequestId,
  SUPPORTED_PROTOCOL_VERSIONS,
} from '@modelcontextprotocol/sdk/types.js';

/** The SDK's limit on messages in one POST body. */
export const MAX_BATCH_SIZE = 100;

/** How the messages of a batch run: one turn of the connection's in-flight limit each, and a bound on the answer. */
export interface BatchTurns {
  /** One per message, in order; each resolves to the release of its slot when that message may run. */
  turns: Promise<() => void>[];
  /** Once the answers add up to this many bytes, the batch's requests not yet run are answered with an error. */
  maxResponseBytes: number;
  /** The size of one answer as it will be written. */
  sizeOf: (message: JSONRPCMessage) => number;
}

export type JsonExchange =
  | { status: 200; body: JSONRPCMessage | JSONRPCMessage[] }
  | { status: 202 }
  | { status: 400; code: number; message: string };

/**
 * One stateless Streamable HTTP exchange answered with JSON (no SSE): the same checks and answers as the
 * SDK's WebStandardStreamableHTTPServerTransport in JSON-response mode, without building a web-standard
 * Request, Response and stream per call (the benchmark showed them as a large share of a call's CPU).
 * The server is still a fresh one per request; only the transport differs. With `batch`, the messages of
 * a batch run one turn each of the connection's in-flight limit, not all at once, and the answer is bounded.
 */
export async function exchangeJson(
  server: Server,
  body: unknown,
  protocolVersionHeader: string | undefined,
  batch?: BatchTurns,
): Promise<JsonExchange> {
  try {
    return await exchange(server, body, protocolVersionHeader, batch);
  } finally {
    // Turns not used (a batch refused before it ran, or a failure) go back; releasing twice does nothing.
    for (const turn of batch?.turns ?? []) void turn.then((release) => release());
  }
}

async function exchange(
  server: Server,
  body: unknown,
  protocolVersionHeader: string | undefined,
  batch: BatchTurns | undefined,
): Promise<JsonExchange> {
  if (Array.isArray(body) && body.length > MAX_BATCH_SIZE) {
    return bad(-32600, `Invalid Request: Batch must not exceed ${MAX_BATCH_SIZE} messages`);
  }
  const raw = Array.isArray(body) ? body : [body];
  const messages: JSONRPCMessage[] = [];
  for (const item of raw) {
    const parsed = JSONRPCMessageSchema.safeParse(item);
    if (!parsed.success) return bad(-32700, 'Parse error: Invalid JSON-RPC message');
    messages.push(parsed.data);
  }
  const ids = messages.filter(isJSONRPCRequest).map((m) => m.id);
  if (new Set(ids).size !== ids.length) {
    return bad(-32600, 'Invalid Request: request ids must be unique within a batch');
  }
  const initializing = messages.some(isInitializeRequest);
  if (initializing && messages.length > 1) {
    return bad(-32600, 'Invalid Request: Only one initialization request is allowed');
  }
  if (
    !initializing &&
    protocolVersionHeader !== undefined &&
    !SUPPORTED_PROTOCOL_VERSIONS.includes(protocolVersionHeader)
  ) {
    return {
      status: 400,
      code: -32000,
      message:
        `Bad Request: Unsupported protocol version: ${protocolVersionHeader} ` +
        `(supported versions: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')})`,
    };
  }

  const transport = new ExchangeTransport();
  await server.connect(transport);
  const requests = messages.filter(isJSONRPCRequest);
  let answers: Promise<JSONRPCMessage>[];
  if (batch) {
    answers = await runInTurns(transport, messages, batch);
  } else {
    answers = requests.map((request) => transport.answerTo(request.id));
    for (const message of messages) transport.onmessage?.(message);
  }
  if (requests.length === 0) return { status: 202 };
  const responses = await Promise.all(answers);
  return { status: 200, body: responses.length === 1 ? (responses[0] as JSONRPCMessage) : responses };
}

/**
 * Hands each message to the server when its turn comes, and releases the turn once it is answered; once
 * the answers reach `maxResponseBytes`, requests not yet run get an error instead (those already running
 * still answer: a write that ran is always reported).
 */
async function runInTurns(
  transport: ExchangeTransport,
  messages: JSONRPCMessage[],
  batch: BatchTurns,
): Promise<Promise<JSONRPCMessage>[]> {
  const answers: Promise<JSONRPCMessage>[] = [];
  let bytes = 0;
  for (const [i, message] of messages.entries()) {
    const release = await (batch.turns[i] as Promise<() => void>);
    if (!isJSONRPCRequest(message)) {
      transport.onmessage?.(message);
      release();
      continue;
    }
    if (bytes >= batch.maxResponseBytes) {
      release();
      answers.push(Promise.resolve(notRun(message.id, batch.maxResponseBytes)));
      continue;
    }
    const answer = transport.answerTo(message.id).then((response) => {
      bytes += batch.sizeOf(response);
      release();
      return response;
    });
    transport.onmessage?.(message);
    answers.push(answer);
  }
  return answers;
}

function notRun(id: RequestId, maxBytes: number): JSONRPCMessage {
  return {
    jsonrpc: '2.0',
    id,
    error: {
      code: -32000,
      message:
        `Not run: this batch's answer already reached ${maxBytes} bytes (MAX_BATCH_RESPONSE_BYTES). ` +
        'Send this request again on its own or in a smaller batch.',
    },
  };
}

/**
 * The JSON body of an exchange's answer. A tools/call result whose structuredContent `exchangeJson`'s
 * server left serialized in `structuredJson` (the tool's output, already turned into JSON for the text
 * content) is written with that JSON instead of serializing the object graph a second time.
 */
export function stringifyAnswer(
  body: JSONRPCMessage | JSONRPCMessage[],
  structuredJson: ReadonlyMap<RequestId, string>,
): string {
  if (!Array.isArray(body)) return stringifyMessage(body, structuredJson);
  return `[${body.map((message) => stringifyMessage(message, structuredJson)).join(',')}]`;
}

export function stringifyMessage(
  message: JSONRPCMessage,
  structuredJson: ReadonlyMap<RequestId, string>,
): string {
  if (!('result' in message) || !('structuredContent' in message.result)) return JSON.stringify(message);
  const json = structuredJson.get(message.id);
  if (json === undefined) return JSON.stringify(message);
  const { structuredContent: _serialized, ...rest } = message.result;
  const others = JSON.stringify(rest);
  const tail = others === '{}' ? '}' : `,${others.slice(1)}`;
  return `{"jsonrpc":"2.0","id":${JSON.stringify(message.id)},"result":{"structuredContent":${json}${tail}}`;
}

function bad(code: number, message: string): JsonExchange {
  return { status: 400, code, message };
}

/**
 * Carries one POST's messages to the server and collects its answers. Notifications and requests the
 * server sends meanwhile (progress, logging) have nowhere to go in a JSON answer and are dropped, as in
 * the SDK's JSON-response mode; clients that want progress get SSE.
 */
class ExchangeTransport implements Transport {
  onmessage?: Transport['onmessage'];
  onclose?: Transport['onclose'];
  onerror?: Transport['onerror'];
  private readonly waiting = new Map<RequestId, (message: JSONRPCMessage) => void>();

  async start(): Promise<void> {}

  async close(): Promise<void> {
    this.onclose?.();
  }

  answerTo(id: RequestId): Promise<JSONRPCMessage> {
    return new Promise((resolve) => this.waiting.set(id, resolve));
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (!('id' in message) || message.id === undefined || !('result' in message || 'error' in message))
      return;
    const resolve = this.waiting.get(message.id);
    if (!resolve) return;
    this.waiting.delete(message.id);
    resolve(message);
  }
}
