import type { Region } from '../intercom/regions.js';

/** Who a request acts for: one connection, with its decrypted Intercom key (memory only). */
export interface Tenant {
  connectionId: string;
  workspaceId: string;
  workspaceName: string;
  region: Region;
  adminId: string;
  intercomToken: string;
}
