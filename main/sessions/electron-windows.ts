import { BrowserWindow, screen, session, shell, type WebContents } from 'electron';
import type { Rect } from './geometry';
import { PHONE_PARTITION } from './phone-window-spec';
import type { PhoneWindowHandle, WindowFactory } from './sessions';
import { systemClock } from '../kernel/clock';
import { ExternalLinkGate, isSameOrigin, ViewerOrigins } from './url-policy';

/** Input events that count as the person acting in the window (a click or a key press). */
const GESTURES = new Set(['mouseUp', 'keyUp', 'char']);

/**
 * Confines a webContents to one origin: navigations and redirects elsewhere are cancelled, new windows
 * are denied, and a public https link goes to the system browser only right after a click or key press
 * in that window, a few a minute at most.
 */
export function confineToOrigin(wc: WebContents, origin: () => string | null): void {
  const gate = new ExternalLinkGate(systemClock);
  wc.on('input-event', (_e, input) => {
    if (GESTURES.has(input.type)) gate.noteGesture();
  });
  wc.setWindowOpenHandler(({ url }) => {
    if (gate.decide(url).open) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const guard = (e: { preventDefault(): void }, url: string) => {
    if (!isSameOrigin(url, origin())) e.preventDefault();
  };
  wc.on('will-navigate', (e) => guard(e, e.url));
  wc.on('will-redirect', (e) => guard(e, e.url));
  wc.on('will-frame-navigate', (e) => guard(e, e.url));
}

/**
 * Phone viewers: their own persistent partition, no preload, and permissions only for the origin of a
 * viewer window that is open now, decided on the frame that asks.
 */
export function createElectronWindowFactory(): WindowFactory {
  const viewerOrigins = new ViewerOrigins();
  const phones = session.fromPartition(PHONE_PARTITION);
  phones.setPermissionRequestHandler((_wc, permission, callback, details) => callback(viewerOrigins.allows(permission, details?.requestingUrl)));
  phones.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) => viewerOrigins.allows(permission, details?.requestingUrl ?? requestingOrigin));
  phones.on('will-download', (e) => e.preventDefault());

  return {
    workArea: () => screen.getDisplayNearestPoint(screen.getCursorScreenPoint()).workArea,
    open(spec): PhoneWindowHandle {
      const win = new BrowserWindow(spec.options);
      win.on('closed', viewerOrigins.add(spec.viewerOrigin));
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
