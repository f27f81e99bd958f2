/**
 * Navigation and link policy for windows that show remote content. URLs are parsed and origins compared
 * exactly; `startsWith` would let https://viewer.example.com.evil.net through.
 */
export function parseWebUrl(raw: string): URL | null {
  try {
    const u = new URL(raw);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
    if (u.username || u.password) return null;
    return u;
  } catch {
    return null;
  }
}

export function isSameOrigin(raw: string, allowedOrigin: string | null): boolean {
  if (!allowedOrigin) return false;
  const u = parseWebUrl(raw);
  return !!u && u.origin === new URL(allowedOrigin).origin;
}

/** Links a viewer may hand to the system browser: https only, never localhost or bare IPs on private ranges. */
export function isSafeExternal(raw: string): boolean {
  const u = parseWebUrl(raw);
  if (!u || u.protocol !== 'https:') return false;
  const host = u.hostname;
  return !(host === 'localhost' || /^127\./.test(host) || /^10\./.test(host) || /^192\.168\./.test(host) || /^\[?::1\]?$/.test(host) || host.endsWith('.local'));
}

/** Permissions a phone viewer may get; everything else (camera, geolocation, notifications…) is denied. */
const VIEWER_PERMISSIONS = new Set(['fullscreen', 'clipboard-sanitized-write', 'pointerLock']);

export function allowViewerPermission(permission: string, requestingUrl: string, viewerOrigin: string | null): boolean {
  return VIEWER_PERMISSIONS.has(permission) && isSameOrigin(requestingUrl, viewerOrigin);
}
