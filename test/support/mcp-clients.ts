import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export type TransportKind = 'streamable-url' | 'streamable-bearer' | 'sse-url' | 'sse-bearer';

export interface ConnectionSecrets {
  token: string;
  mcp_url: string;
  sse_url: string;
}

/** A real SDK client connected the way a user's MCP client would be. */
export async function connectClient(
  appUrl: string,
  secrets: ConnectionSecrets,
  kind: TransportKind = 'streamable-url',
): Promise<Client> {
  const client = new Client({ name: 'intercom-mcp-tests', version: '1.0.0' });
  const auth = { headers: { Authorization: `Bearer ${secrets.token}` } };
  const transport =
    kind === 'streamable-url'
      ? new StreamableHTTPClientTransport(new URL(secrets.mcp_url))
      : kind === 'streamable-bearer'
        ? new StreamableHTTPClientTransport(new URL(`${appUrl}/mcp`), { requestInit: auth })
        : kind === 'sse-url'
          ? new SSEClientTransport(new URL(secrets.sse_url))
          : new SSEClientTransport(new URL(`${appUrl}/sse`), {
              requestInit: auth,
              eventSourceInit: {
                fetch: (url, init) =>
                  fetch(url, { ...init, headers: { ...(init?.headers as object), ...auth.headers } }),
              },
            });
  await client.connect(transport);
  return client;
}
