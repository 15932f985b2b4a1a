import type { ConnectionRow } from '../db/schema.js';
import type { Region } from '../intercom/regions.js';
import { capsOfRow, describeCaps } from './caps.js';
import { describeScopes, parseStoredScopes } from './scopes.js';

/** A connection as shown to its owner: no secrets. */
export interface ConnectionView {
  connection_id: string;
  workspace: { id: string; name: string; region: Region };
  admin: { id: string; name: string; email: string | null };
  scopes: ReturnType<typeof describeScopes>;
  caps: ReturnType<typeof describeCaps>;
  created_at: string;
  updated_at: string;
}

export function toView(row: ConnectionRow): ConnectionView {
  return {
    connection_id: row.id,
    workspace: { id: row.workspaceId, name: row.workspaceName, region: row.region as Region },
    admin: { id: row.adminId, name: row.adminName, email: row.adminEmail },
    scopes: describeScopes(parseStoredScopes(row.scopes)),
    caps: describeCaps(capsOfRow(row)),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
