export const REGIONS = ['us', 'eu', 'au'] as const;
export type Region = (typeof REGIONS)[number];

const HOSTS: Record<Region, string> = {
  us: 'https://api.intercom.io',
  eu: 'https://api.eu.intercom.io',
  au: 'https://api.au.intercom.io',
};

/** The API base URL for a region; an override (tests, proxies) replaces every regional host. */
export function baseUrlFor(region: Region, override: string | undefined): string {
  return override ?? HOSTS[region];
}
