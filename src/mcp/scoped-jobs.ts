import { allowsBulkSends, type Scopes } from '../tenancy/scopes.js';
import { JobRefused, type MessageJobsPort } from '../tools/message-jobs-port.js';
import { describeToolset } from './toolsets.js';

/**
 * The bulk-job port as a connection without bulk messaging sees it: creating a job is refused. The
 * call-level check (toolsets.ts) refuses such calls first; this holds even if a tool's arguments
 * change shape.
 */
export function scopedJobs(port: MessageJobsPort, scopes: Scopes, manageUrl: string): MessageJobsPort {
  if (allowsBulkSends(scopes)) return port;
  const needs =
    scopes.access === 'write' ? describeToolset('bulk_messaging') : 'read + write access and bulk messaging';
  return {
    ...port,
    create: () =>
      Promise.reject(
        new JobRefused(
          `Sending to a segment or tag is not allowed on this connection: it needs ${needs}. ` +
            `Only the workspace owner can allow it (at ${manageUrl}). Send to named recipients instead, or tell the user.`,
        ),
      ),
  };
}
