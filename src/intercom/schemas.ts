import { z } from 'zod';

/** The parts of Intercom responses we depend on, validated at the edge. Unknown fields are dropped, so nothing undeclared reaches a tool. */

const id = z.union([z.string(), z.number()]).transform(String);

export const meSchema = z.object({
  id,
  name: z.string().default(''),
  email: z.string().nullish(),
  app: z.object({
    id_code: z.string(),
    name: z.string().default(''),
    region: z.string().nullish(),
    timezone: z.string().nullish(),
  }),
});
export type IntercomMe = z.infer<typeof meSchema>;

export const adminSchema = z.object({
  id,
  name: z.string().default(''),
  email: z.string().nullish(),
  job_title: z.string().nullish(),
  away_mode_enabled: z.boolean().nullish(),
  away_mode_reassign: z.boolean().nullish(),
  has_inbox_seat: z.boolean().nullish(),
  team_ids: z.array(id).nullish(),
});
export type IntercomAdmin = z.infer<typeof adminSchema>;

export const adminListSchema = z.object({ admins: z.array(adminSchema).default([]) });

export const teamSchema = z.object({
  id,
  name: z.string().default(''),
  admin_ids: z.array(id).nullish(),
});
export type IntercomTeam = z.infer<typeof teamSchema>;

export const teamListSchema = z.object({ teams: z.array(teamSchema).default([]) });
