import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { tenantSession } from '../../src/http/mcp-request.js';
import { buildMcpServer } from '../../src/mcp/build-server.js';
import type { Runtime } from '../../src/runtime.js';

/**
 * The SDK's in-memory pair, with every message passed through JSON on its way as on a wire: the client
 * never sees an object the server still holds, nor a value JSON would not carry (undefined, a Date).
 */
function wirePair(): [Transport, Transport] {
  const pair = InMemoryTransport.createLinkedPair();
  for (const side of pair) {
    const send = side.send.bind(side);
    side.send = (message, options) => send(JSON.parse(JSON.stringify(message)), options);
  }
  return pair;
}

/**
 * An SDK client talking to the MCP server production builds for this connection (`buildMcpServer` with
 * the tenant session the HTTP routes build from the runtime's services), in this process: for tests of
 * the tools, where the HTTP path is not what they test. The token is checked once, as the routes check it.
 */
export async function connectInProcess(runtime: Runtime, token: string): Promise<Client> {
  const tenant = await runtime.deps.connections.authenticate(token);
  if (!tenant) throw new Error('the connection token does not authenticate');
  const server = buildMcpServer(tenantSession(runtime.deps, tenant));
  const [clientSide, serverSide] = wirePair();
  await server.connect(serverSide);
  const client = new Client({ name: 'intercom-mcp-tests', version: '1.0.0' });
  await client.connect(clientSide);
  return client;
}
