import { t } from '../../common/i18n/i18n';
import { classifyHost } from '../../common/hosts';
import type { Clock } from '../kernel/clock';

/**
 * Navigation, link and permission policy for windows that show remote content. URLs are parsed and
 * origins compared exactly (`startsWith` would let https://viewer.example.com.evil.net through), and every
 * function here is total: whatever it is given — opaque origins, `javascript:`, garbage — it answers, it
 * never throws, so a guard can never fail open by crashing.
 */
const MAX_URL_LENGTH = 8_192;

export function parseWebUrl(raw: unknown): URL | null {
  if (typeof raw !== 'string' || raw.length > MAX_URL_LENGTH) return null;
  try {
    const u = new URL(raw);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
    if (u.username || u.password) return null;
    return u;
  } catch {
    return null;
  }
}

export function isSameOrigin(raw: unknown, allowedOrigin: string | null): boolean {
  const u = parseWebUrl(raw);
  const allowed = parseWebUrl(allowedOrigin);
  return !!u && !!allowed && u.origin === allowed.origin;
}

/**
 * Whether a start answer's viewer URL may be loaded into a phone window: https without userinfo; plain
 * http only from a simulator on this machine. Anything else (`javascript:`, `data:`, `file:`, `chrome:`,
 * http elsewhere) is refused with a reason before any window opens.
 */
export function checkViewerUrl(
  raw: unknown,
  opts: { loopbackHttpAllowed: boolean },
): { ok: true; url: URL } | { ok: false; reason: string } {
  const u = parseWebUrl(raw);
  if (!u) return { ok: false, reason: t('err.viewerNotWeb') };
  if (u.protocol === 'https:') return { ok: true, url: u };
  if (opts.loopbackHttpAllowed && classifyHost(u.hostname) === 'loopback') return { ok: true, url: u };
  return { ok: false, reason: t('err.viewerHttp') };
}

/** Links a viewer may hand to the system browser: https to a public host only, of a sane length. */
export function isSafeExternal(raw: unknown): boolean {
  const u = parseWebUrl(raw);
  return !!u && u.protocol === 'https:' && (raw as string).length <= 2_048 && classifyHost(u.hostname) === 'public';
}

/**
 * Opens links from remote content in the system browser only right after the person clicked or typed in
 * that window, and only a few a minute: a viewer page cannot spray tabs on its own.
 */
export class ExternalLinkGate {
  private lastGesture = -Infinity;
  private readonly opened: number[] = [];
  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    private readonly limits = { gestureWindowMs: 2_000, perMinute: 3 },
  ) {}

  noteGesture(): void {
    this.lastGesture = this.clock.now();
  }

  decide(raw: unknown): { open: true } | { open: false; reason: string } {
    if (!isSafeExternal(raw)) return { open: false, reason: t('link.gate.notPublic') };
    const now = this.clock.now();
    if (now - this.lastGesture > this.limits.gestureWindowMs) return { open: false, reason: t('link.gate.noGesture') };
    while (this.opened.length && this.opened[0] <= now - 60_000) this.opened.shift();
    if (this.opened.length >= this.limits.perMinute) return { open: false, reason: t('link.gate.tooMany') };
    this.opened.push(now);
    this.lastGesture = -Infinity; // one gesture opens one link
    return { open: true };
  }
}

/** Permissions a phone viewer may get; everything else (camera, geolocation, notifications…) is denied. */
const VIEWER_PERMISSIONS = new Set(['fullscreen', 'clipboard-sanitized-write', 'pointerLock']);

/**
 * The viewer origins of the phone windows open right now. A permission is decided on the origin of the
 * frame that asks (not the window's top frame), and an origin is forgotten when its last window closes.
 */
export class ViewerOrigins {
  private readonly open = new Map<string, number>();

  /** Registers a window's origin; call the returned function when that window closes. */
  add(origin: string): () => void {
    const key = parseWebUrl(origin)?.origin;
    if (!key) return () => undefined;
    this.open.set(key, (this.open.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(key) ?? 1) - 1;
      if (left > 0) this.open.set(key, left);
      else this.open.delete(key);
    };
  }

  has(origin: string): boolean {
    return this.open.has(origin);
  }

  allows(permission: unknown, requestingUrl: unknown): boolean {
    if (typeof permission !== 'string' || !VIEWER_PERMISSIONS.has(permission)) return false;
    const origin = parseWebUrl(requestingUrl)?.origin;
    return !!origin && this.open.has(origin);
  }
}
