import { z } from 'zod';
import { listAdmins, listTeams } from '../intercom/admins.js';
import { defineTool } from './define-tool.js';

const admin = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  job_title: z.string().nullable(),
  away: z.boolean().describe('true when the admin is in away mode'),
  team_ids: z.array(z.string()),
});

const team = z.object({
  id: z.string(),
  name: z.string(),
  admin_ids: z.array(z.string()),
});

export default defineTool({
  name: 'list_admins',
  title: 'List admins and teams',
  description: [
    'Lists the Intercom admins (teammates) and teams of the connected workspace, with away status.',
    'Use it to find the admin or team id to assign a conversation to, or to see who is away; ' +
      'the token owner is marked as the default acting admin.',
    'Returns every admin and team in one call (Intercom does not page these lists).',
    'Example: {} → {"admins":[{"id":"991","name":"Ana","away":false,…}],"teams":[…]}',
  ].join('\n'),
  inputSchema: z.object({}).strict(),
  outputSchema: z.object({
    acting_admin_id: z
      .string()
      .describe('The admin who owns the connected token; replies act as them by default'),
    admins: z.array(admin),
    teams: z.array(team),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(_args, ctx) {
    const [admins, teams] = await Promise.all([listAdmins(ctx.intercom), listTeams(ctx.intercom)]);
    return {
      acting_admin_id: ctx.tenant.adminId,
      admins: admins.map((a) => ({
        id: a.id,
        name: a.name,
        email: a.email ?? null,
        job_title: a.job_title ?? null,
        away: a.away_mode_enabled ?? false,
        team_ids: a.team_ids ?? [],
      })),
      teams: teams.map((t) => ({ id: t.id, name: t.name, admin_ids: t.admin_ids ?? [] })),
    };
  },
});
