import ipaddr from 'ipaddr.js';

/**
 * True only for globally routable unicast addresses. IPv4-mapped IPv6 addresses are judged as the IPv4
 * address they carry; IPv4-compatible ones (::/96) are refused outright, as are private, loopback,
 * link-local, unique-local, multicast, CGNAT, reserved, 6to4/Teredo (which tunnel to arbitrary IPv4) and anything unparsable are refused.
 */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return false;
  // IPv4-compatible IPv6 (::a.b.c.d, deprecated by RFC 4291; URL writes ::127.0.0.1 as ::7f00:1): ipaddr.js
  // calls the hex form unicast and reads the dotted one as IPv4-mapped, but stacks that still honour it
  // reach the IPv4 address it carries. None is public.
  if (/^[0:]*:(\d{1,3}\.){3}\d{1,3}$/.test(bare)) return false;
  const parsed = ipaddr.parse(bare);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).parts.slice(0, 6).every((part) => part === 0)) {
    return false;
  }
  return ipaddr.process(bare).range() === 'unicast';
}

/** True when the string is an IP literal (as URL.hostname gives it, IPv6 in brackets). */
export function isIpLiteral(hostname: string): boolean {
  return ipaddr.isValid(hostname.replace(/^\[|\]$/g, ''));
}
