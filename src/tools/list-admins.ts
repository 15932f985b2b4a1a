import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { untrustedText, untrustedTextOrNull } from './untrusted.js';

export default defineTool({
  name: 'list_admins',
  title: 'List admins and teams',
  description: [
    'Lists admins (teammates) and teams with away status, and the acting admin; one call returns all.',
    'Tools take admin and team names, emails or "me" directly.',
    'Example: {}',
  ].join('\n'),
  inputSchema: z.object({}).strict(),
  outputSchema: z.object({
    acting_admin_id: z
      .string()
      .describe('Owner of the connected token ("me"); writes act as them by default'),
    admins: z.array(
      z.object({
        id: z.string(),
        name: untrustedText,
        email: z.string().nullable(),
        job_title: untrustedTextOrNull,
        away: z.boolean(),
        team_ids: z.array(z.string()),
      }),
    ),
    teams: z.array(z.object({ id: z.string(), name: untrustedText, admin_ids: z.array(z.string()) })),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(_args, ctx) {
    const [admins, teams] = await Promise.all([
      ctx.directory.list('admin', { fresh: true }),
      ctx.directory.list('team', { fresh: true }),
    ]);
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
