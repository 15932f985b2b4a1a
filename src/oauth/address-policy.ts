import ipaddr from 'ipaddr.js';

/**
 * True only for globally routable unicast addresses. IPv4-mapped IPv6 addresses are judged as the IPv4
 * address they carry; private, loopback, link-local, unique-local, multicast, CGNAT, reserved,
 * 6to4/Teredo (which tunnel to arbitrary IPv4) and anything unparsable are refused.
 */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return false;
  return ipaddr.process(bare).range() === 'unicast';
}

/** True when the string is an IP literal (as URL.hostname gives it, IPv6 in brackets). */
export function isIpLiteral(hostname: string): boolean {
  return ipaddr.isValid(hostname.replace(/^\[|\]$/g, ''));
}
