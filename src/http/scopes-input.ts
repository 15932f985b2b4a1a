import { z } from 'zod';
import { type Access, makeScopes, type Scopes, TOOLSETS } from '../tenancy/scopes.js';

/**
 * The scopes part of an API body: `{"access": "read"|"write", "toolsets": [...]}`. Fields left out
 * keep `base` (the defaults for a new connection, the current scopes when changing them).
 */
export const scopesInput = z
  .object({
    access: z.enum(['read', 'write'], { error: 'scopes.access must be "read" or "write"' }).optional(),
    toolsets: z
      .array(
        z.enum(TOOLSETS, {
          error: (issue) =>
            `unknown toolset ${JSON.stringify(issue.input)}; choose from ${TOOLSETS.join(', ')}`,
        }),
      )
      .min(1, 'scopes.toolsets must name at least one toolset')
      .max(TOOLSETS.length * 2)
      .optional(),
  })
  .strict();

export type ScopesInput = z.infer<typeof scopesInput>;

export function resolveScopes(input: ScopesInput | undefined, base: Scopes): Scopes {
  const access: Access = input?.access ?? base.access;
  return makeScopes(access, input?.toolsets ?? base.toolsets);
}
