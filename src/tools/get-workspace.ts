import { z } from 'zod';
import { isoInZone } from '../util/time-phrases.js';
import { defineTool } from './define-tool.js';
import { untrustedText } from './untrusted.js';

export default defineTool({
  name: 'get_workspace',
  title: 'Describe the workspace',
  description: [
    'The workspace: name, id, region, time zone, current time there, acting admin.',
    'Call it first when times matter: "tomorrow 9am" is read in this time zone.',
    'Example: {}',
  ].join('\n'),
  inputSchema: z.object({}).strict(),
  outputSchema: z.object({
    name: untrustedText,
    id: z.string(),
    region: z.string().nullable(),
    time_zone: z.string(),
    now: z.string(),
    acting_admin: z
      .object({ id: z.string(), name: untrustedText, email: z.string().nullable() })
      .describe('"me": writes act as them by default'),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(_args, ctx) {
    const me = await ctx.me();
    const timeZone = me.app.timezone || 'UTC';
    return {
      name: me.app.name,
      id: me.app.id_code,
      region: me.app.region ?? null,
      time_zone: timeZone,
      now: isoInZone(Math.floor(Date.now() / 1000), timeZone),
      acting_admin: { id: me.id, name: me.name, email: me.email ?? null },
    };
  },
});
