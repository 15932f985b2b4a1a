import { IntercomApi } from './client.js';
import type { RateLimitRegistry } from './rate-limit.js';
import { baseUrlFor, type Region } from './regions.js';

/** What the client needs of whoever it calls for (a tenancy `Tenant` is one): the key, where, and whose pacing. */
export interface IntercomCaller {
  intercomToken: string;
  region: Region;
  workspaceId: string;
}

export interface IntercomSettings {
  baseUrlOverride: string | undefined;
  version: string;
  timeoutMs: number;
  /** The longest a call waits for the workspace's rate-limit window to reset before giving up. */
  pacingMaxWaitMs: number;
}

/** Pacing for background work (bulk sends): a larger reserve and a longer wait than interactive calls. */
export interface BackgroundPacing {
  /** Share of each rate-limit window left to the tenant's interactive calls. */
  reserveFraction: number;
  maxWaitMs: number;
}

export type IntercomFactory = (
  tenant: IntercomCaller,
  signal: AbortSignal,
  onResponse?: (headers: Headers) => void,
  background?: BackgroundPacing,
) => IntercomApi;

/** Builds per-call upstream clients for tenants, all paced by one per-workspace rate-limit registry. */
export function createIntercomFactory(
  settings: IntercomSettings,
  rateLimits: RateLimitRegistry,
): IntercomFactory {
  return (tenant, signal, onResponse, background) =>
    new IntercomApi({
      token: tenant.intercomToken,
      baseUrl: baseUrlFor(tenant.region, settings.baseUrlOverride),
      version: settings.version,
      timeoutMs: settings.timeoutMs,
      signal,
      pacing: {
        registry: rateLimits,
        key: tenant.workspaceId,
        maxWaitMs: background?.maxWaitMs ?? settings.pacingMaxWaitMs,
        reserveFraction: background?.reserveFraction,
      },
      onResponse,
    });
}
