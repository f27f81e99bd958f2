import { BrowserWindow, screen, session } from 'electron';
import { confineToOrigin } from '../platform/electron-confine';
import type { Rect } from './geometry';
import { PHONE_PARTITION } from './phone-window-spec';
import type { PhoneWindowHandle, WindowFactory } from './sessions';
import { ViewerOrigins } from '../platform/url-policy';

/**
 * Phone viewers: their own persistent partition, no preload, and permissions only for the origin of a
 * viewer window that is open now, decided on the frame that asks.
 */
export function createElectronWindowFactory(): WindowFactory {
  const viewerOrigins = new ViewerOrigins();
  const phones = session.fromPartition(PHONE_PARTITION);
  phones.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(viewerOrigins.allows(permission, details?.requestingUrl)),
  );
  phones.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) =>
    viewerOrigins.allows(permission, details?.requestingUrl ?? requestingOrigin),
  );
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
