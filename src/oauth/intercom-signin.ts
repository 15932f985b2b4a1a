import { z } from 'zod';

/**
 * "Sign in with Intercom": Intercom's own OAuth (authorize at app.intercom.com/oauth, code exchange at
 * POST api.intercom.io/auth/eagle/token with client_id, client_secret and code). The access token it
 * returns is used exactly like a pasted one. This is Intercom's OAuth endpoint, not its REST API, so it
 * lives with our OAuth code rather than in src/intercom.
 */
export interface IntercomSignInSettings {
  clientId: string;
  clientSecret: string;
  /** Replaces both Intercom hosts (tests, proxies), as INTERCOM_API_BASE_URL does for the API. */
  baseUrlOverride: string | undefined;
  timeoutMs: number;
}

export class IntercomSignInError extends Error {
  override name = 'IntercomSignInError';
}

const tokenResponse = z.object({
  token: z.string().min(1).max(512).optional(),
  access_token: z.string().min(1).max(512).optional(),
});

export function intercomAuthorizeUrl(
  settings: IntercomSignInSettings,
  state: string,
  redirectUri: string,
): string {
  const url = new URL(
    settings.baseUrlOverride ? `${settings.baseUrlOverride}/oauth` : 'https://app.intercom.com/oauth',
  );
  url.searchParams.set('client_id', settings.clientId);
  url.searchParams.set('state', state);
  url.searchParams.set('redirect_uri', redirectUri);
  return url.toString();
}

/** Trades Intercom's authorization code for the workspace access token. Throws IntercomSignInError. */
export async function exchangeIntercomCode(settings: IntercomSignInSettings, code: string): Promise<string> {
  const endpoint = settings.baseUrlOverride
    ? `${settings.baseUrlOverride}/auth/eagle/token`
    : 'https://api.intercom.io/auth/eagle/token';
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({ code, client_id: settings.clientId, client_secret: settings.clientSecret }),
      signal: AbortSignal.timeout(settings.timeoutMs),
      redirect: 'error',
    });
  } catch {
    throw new IntercomSignInError('Intercom could not be reached to finish signing in');
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw new IntercomSignInError(`Intercom refused the sign-in (HTTP ${response.status})`);
  }
  const parsed = tokenResponse.safeParse(await response.json().catch(() => null));
  const token = parsed.success ? (parsed.data.access_token ?? parsed.data.token) : undefined;
  if (!token) throw new IntercomSignInError('Intercom answered the sign-in without an access token');
  return token;
}
