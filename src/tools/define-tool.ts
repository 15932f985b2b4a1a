import type { z } from 'zod';
import type { Directory } from '../directory/directory.js';
import type { IntercomApi } from '../intercom/client.js';
import type { IntercomMe } from '../intercom/schemas.js';
import type { Logger } from '../logger.js';
import type { Tenant } from '../tenancy/tenant.js';
import type { ConfirmationPort } from './confirmation-port.js';
import type { MessageJobsPort } from './message-jobs-port.js';

export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** Everything a tool handler may use. Tools never read env, touch the database or call fetch. */
export interface ToolContext {
  tenant: Omit<Tenant, 'intercomToken'>;
  intercom: IntercomApi;
  logger: Logger;
  signal: AbortSignal;
  /** GET /me for this connection (token owner and workspace, incl. its time zone), cached per connection. */
  me(): Promise<IntercomMe>;
  /** Bulk message jobs (sends to a segment or tag) of this connection. */
  jobs: MessageJobsPort;
  /** Confirmation tokens of irreversible mass actions (dry run issues, real call redeems). */
  confirmations: ConfirmationPort;
  /** Admins, teams, tags and segments by id or name (one matching rule), cached per connection. */
  directory: Directory;
  /** Sends a progress notification when the client asked for them; a no-op otherwise. */
  progress(progress: number, total?: number, message?: string): Promise<void>;
}

export interface ToolDefinition<I extends z.ZodObject = z.ZodObject, O extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  inputSchema: I;
  outputSchema: O;
  annotations: ToolAnnotations;
  handler(args: z.output<I>, ctx: ToolContext): Promise<z.input<O>>;
}

/** Identity function that gives a tool definition its types. */
export function defineTool<I extends z.ZodObject, O extends z.ZodObject>(
  definition: ToolDefinition<I, O>,
): ToolDefinition<I, O> {
  return definition;
}

// Tools import ToolError from here, beside defineTool; it is defined below the tools (see its file).
export { ToolError } from '../errors/tool-error.js';
