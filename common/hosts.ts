import ipaddr from 'ipaddr.js';

/**
 * Where a URL's host points, from the hostname a WHATWG URL gives (already lower-case, IPv4 in dotted
 * form however it was written, IPv6 in brackets). Addresses are classified with ipaddr.js, not regexes, so
 * every spelling of loopback and private space is caught (IPv4-mapped IPv6, `0.0.0.0`, `[::]`, CGNAT…).
 *   loopback: this machine;  private: a local network, link-local, reserved or not routable;  public: the internet.
 */
export type HostClass = 'loopback' | 'private' | 'public' | 'invalid';

/** Names that only resolve on a local network (or this machine) by convention or by standard. */
const PRIVATE_SUFFIXES = ['.local', '.internal', '.lan', '.home.arpa', '.intranet', '.corp', '.localdomain'];

export function classifyHost(hostname: string): HostClass {
  let host = hostname.toLowerCase().replace(/\.+$/, '');
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (!host) return 'invalid';
  if (ipaddr.isValid(host)) {
    let addr: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      // process() turns an IPv4-mapped IPv6 address into the IPv4 address it maps.
      addr = ipaddr.process(host);
    } catch {
      return 'invalid';
    }
    const range = addr.range();
    if (range === 'loopback') return 'loopback';
    return range === 'unicast' ? 'public' : 'private';
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
  // A single label ("intranet", "router") resolves through the local network's search domains.
  if (!host.includes('.') || PRIVATE_SUFFIXES.some((s) => host.endsWith(s))) return 'private';
  return 'public';
}

/** A URL credentials may be sent to: https anywhere, plain http only to this machine (a local simulator). */
export function isCredentialSafeUrl(raw: string): boolean {
  try {
    const u = new URL(raw);
    if (u.username || u.password) return false;
    if (u.protocol === 'https:') return classifyHost(u.hostname) !== 'invalid';
    return u.protocol === 'http:' && classifyHost(u.hostname) === 'loopback';
  } catch {
    return false;
  }
}
