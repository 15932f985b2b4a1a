/** Compares two resource indicators (RFC 8707) after URL normalisation; a trailing slash is ignored. */
export function sameResource(a: string, b: string): boolean {
  const normal = (value: string) => {
    try {
      const url = new URL(value);
      if (url.hash) return null;
      return `${url.origin}${url.pathname.replace(/\/+$/, '')}${url.search}`;
    } catch {
      return null;
    }
  };
  const left = normal(a);
  return left !== null && left === normal(b);
}
