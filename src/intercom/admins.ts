import type { IntercomApi } from './client.js';
import {
  adminListSchema,
  type IntercomAdmin,
  type IntercomMe,
  type IntercomTeam,
  meSchema,
  teamListSchema,
} from './schemas.js';

/** GET /me: the admin who owns the token, with the workspace (`app`) it belongs to. */
export function getMe(api: IntercomApi): Promise<IntercomMe> {
  return api.read(meSchema, (sdk, o) => sdk.admins.identify(o));
}

/** GET /admins (one unpaginated list). */
export async function listAdmins(api: IntercomApi): Promise<IntercomAdmin[]> {
  return (await api.read(adminListSchema, (sdk, o) => sdk.admins.list(o))).admins;
}

/** GET /teams (one unpaginated list). */
export async function listTeams(api: IntercomApi): Promise<IntercomTeam[]> {
  return (await api.read(teamListSchema, (sdk, o) => sdk.teams.list(o))).teams;
}
