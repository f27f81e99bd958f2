import { BrowserWindow, screen, session, shell, type WebContents } from 'electron';
import type { Rect } from '../windows/geometry';
import { PHONE_PARTITION } from '../windows/phone-window-spec';
import type { PhoneWindowHandle, WindowFactory } from '../windows/sessions';
import { allowViewerPermission, isSafeExternal, isSameOrigin } from '../windows/url-policy';

/**
 * Confines a webContents to one origin: navigations and redirects elsewhere are cancelled, new windows
 * are denied, and plain https links may go to the system browser after the policy check.
 */
export function confineToOrigin(wc: WebContents, origin: () => string | null): void {
  wc.setWindowOpenHandler(({ url }) => {
    if (isSafeExternal(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const guard = (e: { preventDefault(): void }, url: string) => {
    if (!isSameOrigin(url, origin())) e.preventDefault();
  };
  wc.on('will-navigate', (e) => guard(e, e.url));
  wc.on('will-redirect', (e) => guard(e, e.url));
  wc.on('will-frame-navigate', (e) => guard(e, e.url));
}

/** Phone viewers: their own persistent partition, no preload, permissions only for the viewer origin. */
export function createElectronWindowFactory(): WindowFactory {
  const viewerOrigins = new Set<string>();
  const phones = session.fromPartition(PHONE_PARTITION);
  const allowed = (permission: string, url: string) => [...viewerOrigins].some((o) => allowViewerPermission(permission, url, o));
  phones.setPermissionRequestHandler((wc, permission, callback) => callback(allowed(permission, wc.getURL())));
  phones.setPermissionCheckHandler((_wc, permission, origin) => allowed(permission, origin));
  phones.on('will-download', (e) => e.preventDefault());

  return {
    workArea: () => screen.getDisplayNearestPoint(screen.getCursorScreenPoint()).workArea,
    open(spec): PhoneWindowHandle {
      viewerOrigins.add(spec.viewerOrigin);
      const win = new BrowserWindow(spec.options);
      confineToOrigin(win.webContents, () => spec.viewerOrigin);
      // Keep the phone's name as the title even if the viewer page sets its own.
      win.on('page-title-updated', (e) => e.preventDefault());
      void win.loadURL(spec.url);
      let timer: ReturnType<typeof setTimeout> | null = null;
      return {
        focus: () => {
          if (win.isMinimized()) win.restore();
          win.focus();
        },
        close: () => win.close(),
        onClosed: (l) => win.on('closed', l),
        onBoundsChanged: (l: (b: Rect) => void) => {
          const save = () => {
            if (timer) clearTimeout(timer);
            timer = setTimeout(() => !win.isDestroyed() && l(win.getContentBounds()), 400);
          };
          win.on('moved', save);
          win.on('resized', save);
        },
      };
    },
  };
}
