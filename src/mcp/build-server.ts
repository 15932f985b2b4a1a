import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js';
import { z } from 'zod';
import type { AuditLog } from '../audit/audit-log.js';
import type { DirectoryCache } from '../directory/lists.js';
import type { IntercomApi } from '../intercom/client.js';
import type { IntercomMe } from '../intercom/schemas.js';
import type { Logger } from '../logger.js';
import type { Tenant } from '../tenancy/tenant.js';
import type { ConfirmationPort } from '../tools/confirmation-port.js';
import { tools } from '../tools/index.js';
import type { MessageJobsPort } from '../tools/message-jobs-port.js';
import type { TtlCache } from '../util/ttl-cache.js';
import { callTool } from './call-tool.js';
import { ScopedCatalogs } from './scoped-catalog.js';
import { ToolCatalog } from './tool-catalog.js';

/** The tool lists, computed once per process and per scope set (never per request). */
const catalogs = new ScopedCatalogs(new ToolCatalog(tools));
const LooseCallToolRequestSchema = z.object({ method: z.literal('tools/call'), params: z.unknown() });
// The SDK builds a new Ajv per Server unless given one; sharing it keeps per-request cost low.
const sharedValidator = new AjvJsonSchemaValidator();

export const SERVER_INFO = { name: 'intercom-mcp', title: 'Intercom MCP', version: '0.1.0' } as const;

export interface TenantSession {
  tenant: Tenant;
  /** Builds the upstream client for one call, bound to that call's abort signal. */
  intercomFor(signal: AbortSignal, onResponse?: (headers: Headers) => void): IntercomApi;
  logger: Logger;
  reconnectUrl: string;
  /** Where the owner manages the connection (named when a call is outside its scopes). */
  manageUrl: string;
  /** Per-connection cache of GET /me, shared across requests. */
  meCache: TtlCache<IntercomMe>;
  /** Per-connection cache of the admin, team, tag and segment lists (see src/directory). */
  directoryCache: DirectoryCache;
  audit?: AuditLog;
  /** Bulk message jobs of this connection. */
  jobs: MessageJobsPort;
  /** Confirmation tokens of this connection. */
  confirmations: ConfirmationPort;
  /**
   * Where tools/call leaves its structuredContent already serialized, by request id, when the answer is
   * written as one JSON body (`stringifyAnswer`): the same JSON then goes out without a second pass.
   */
  structuredJson?: Map<RequestId, string>;
}

/** A fresh MCP server for one request (or one legacy SSE session) of one tenant. Never shared. */
export function buildMcpServer(session: TenantSession): Server {
  const catalog = catalogs.for(session.tenant.scopes);
  const server = new Server(SERVER_INFO, {
    capabilities: { tools: { listChanged: false } },
    instructions: catalog.instructions,
    jsonSchemaValidator: sharedValidator,
  });
  server.setRequestHandler(ListToolsRequestSchema, () => catalog.listing);
  // Parsed here rather than by the SDK, which answers a malformed tools/call with -32603 "internal error".
  server.setRequestHandler(LooseCallToolRequestSchema, (request, extra) => {
    const parsed = CallToolRequestSchema.safeParse(request);
    if (!parsed.success) {
      const problems = parsed.error.issues
        .map((i) => `${i.path.join('.') || 'request'}: ${i.message}`)
        .join('; ');
      throw new McpError(ErrorCode.InvalidParams, `Invalid tools/call request: ${problems}`);
    }
    return callTool(catalog, session, parsed.data, extra);
  });
  return server;
}
