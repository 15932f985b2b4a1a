import { expect } from 'vitest';
import { recordSecret } from './suite-log.js';

export interface CreatedConnection {
  connection_id: string;
  workspace: { id: string; name: string; region: string };
  admin: { id: string; name: string; email: string | null };
  token: string;
  mcp_url: string;
  sse_url: string;
}

/** Connects a workspace through the public API, as the connect page does. */
export async function createConnection(appUrl: string, intercomToken: string, region?: string) {
  const response = await fetch(`${appUrl}/api/connections`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(
      region ? { intercom_token: intercomToken, region } : { intercom_token: intercomToken },
    ),
  });
  expect(response.status).toBe(201);
  const created = (await response.json()) as CreatedConnection;
  recordSecret(created.token);
  return created;
}

export function bearer(token: string) {
  return { Authorization: `Bearer ${token}` };
}
