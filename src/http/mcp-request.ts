import type { Context } from 'hono';
import type { TenantSession } from '../mcp/build-server.js';
import { scopedJobs } from '../mcp/scoped-jobs.js';
import type { Tenant } from '../tenancy/tenant.js';
import type { AppDeps, AppEnv } from './context.js';
import { jsonRpcError } from './errors.js';
import { readJson } from './read-json.js';

/** Reads a JSON-RPC body, or the JSON-RPC error response that explains why it could not be read. */
export async function readJsonRpcBody(
  c: Context<AppEnv>,
): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const body = await readJson(c);
  if (body.ok) return body;
  const response =
    body.reason === 'content_type'
      ? jsonRpcError(
          c,
          415,
          -32000,
          'Unsupported Media Type: send JSON-RPC with Content-Type: application/json.',
        )
      : jsonRpcError(c, 400, -32700, 'Parse error: the body is not valid JSON.');
  return { ok: false, response };
}

/** What an MCP server needs to serve one tenant. */
export function tenantSession(deps: AppDeps, tenant: Tenant): TenantSession {
  const manageUrl = `${deps.config.publicUrl}/manage`;
  return {
    tenant,
    intercomFor: (signal, onResponse) => deps.intercomFor(tenant, signal, onResponse),
    logger: deps.logger,
    reconnectUrl: `${deps.config.publicUrl}/`,
    manageUrl,
    meCache: deps.meCache,
    directoryCache: deps.directoryCache,
    audit: deps.audit,
    jobs: scopedJobs(deps.jobs.forConnection(tenant), tenant.scopes, manageUrl),
    confirmations: deps.confirmations.forConnection(tenant.connectionId),
  };
}
