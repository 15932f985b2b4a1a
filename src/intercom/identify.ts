import { getMe } from './admins.js';
import { IntercomApi } from './client.js';
import { IntercomApiError } from './errors.js';
import { baseUrlFor, REGIONS, type Region } from './regions.js';
import type { IntercomMe } from './schemas.js';

export interface IdentifyOptions {
  baseUrlOverride: string | undefined;
  version: string;
  timeoutMs: number;
}

/**
 * Validates a token with GET /me. With no region given it tries US, then EU, then AU (a token is
 * only valid on its own region's host); with a base URL override only that host is asked.
 */
export async function identifyToken(
  token: string,
  region: Region | undefined,
  options: IdentifyOptions,
): Promise<{ region: Region; me: IntercomMe }> {
  const candidates: readonly Region[] = region ? [region] : options.baseUrlOverride ? ['us'] : REGIONS;
  let lastAuthError: IntercomApiError | undefined;
  for (const candidate of candidates) {
    const api = new IntercomApi({
      token,
      baseUrl: baseUrlFor(candidate, options.baseUrlOverride),
      version: options.version,
      timeoutMs: options.timeoutMs,
    });
    try {
      const me = await getMe(api);
      return { region: region ?? (options.baseUrlOverride ? regionOfApp(me) : candidate), me };
    } catch (error) {
      if (!(error instanceof IntercomApiError) || error.kind !== 'auth') throw error;
      lastAuthError = error;
    }
  }
  throw lastAuthError ?? new IntercomApiError('auth', 'Intercom rejected the access token.');
}

/** Behind an override the host says nothing about the region, so trust what /me reports. */
function regionOfApp(me: IntercomMe): Region {
  const reported = (me.app.region ?? '').toLowerCase();
  if (reported.startsWith('eu')) return 'eu';
  if (reported.startsWith('au')) return 'au';
  return 'us';
}
