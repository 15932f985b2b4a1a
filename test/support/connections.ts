import { expect } from 'vitest';
import { TOOLSETS } from '../../src/tenancy/scopes.js';
import { recordSecret } from './suite-log.js';

/** Tests exercise every tool, so their connections allow everything unless a test chooses scopes. */
export const ALL_SCOPES = { access: 'write', toolsets: [...TOOLSETS] } as const;
export type ScopesBody = { access?: 'read' | 'write'; toolsets?: readonly string[] };

export interface CreatedConnection {
  connection_id: string;
  workspace: { id: string; name: string; region: string };
  admin: { id: string; name: string; email: string | null };
  scopes: { access: 'read' | 'write'; toolsets: string[]; oauth_scope: string };
  token: string;
  mcp_url: string;
  sse_url: string;
}

/** Connects a workspace through the public API, as the connect page does. */
export async function createConnection(
  appUrl: string,
  intercomToken: string,
  region?: string,
  scopes: ScopesBody = ALL_SCOPES,
) {
  const response = await fetch(`${appUrl}/api/connections`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ intercom_token: intercomToken, ...(region ? { region } : {}), scopes }),
  });
  expect(response.status).toBe(201);
  const created = (await response.json()) as CreatedConnection;
  recordSecret(created.token);
  return created;
}

export function bearer(token: string) {
  return { Authorization: `Bearer ${token}` };
}
