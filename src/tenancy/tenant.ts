import type { Region } from '../intercom/regions.js';
import type { ConnectionCaps } from './caps.js';
import type { Scopes } from './scopes.js';

/** Who a request acts for: one connection, with its decrypted Intercom key (memory only). */
export interface Tenant {
  connectionId: string;
  workspaceId: string;
  workspaceName: string;
  region: Region;
  adminId: string;
  /** What the connection may do (tools offered and calls allowed). */
  scopes: Scopes;
  /** The owner's caps on mass actions (confirmation threshold, sends per day). */
  caps: ConnectionCaps;
  intercomToken: string;
}
