import type { BrowserWindow } from 'electron';

/**
 * What the app's life needs to remember between Electron events: the main window, whether a quit was
 * approved (the person answered, or an update restart), whether quit clean-up began, and links that
 * arrived before the core was ready (macOS sends open-url early).
 */
export class AppLifecycle {
  mainWindow: BrowserWindow | null = null;
  /** Set once the quit clean-up ran: before-quit can come again (a cancelled quit retried). */
  quitting = false;
  /** Set once the user has answered "quit" (or nothing needed asking): the next before-quit goes through. */
  quitApproved = false;
  private readonly earlyLinks: string[] = [];
  private linkHandler: ((url: string) => void) | null = null;

  showMainWindow = (): void => {
    const w = this.mainWindow;
    if (!w) return;
    if (w.isMinimized()) w.restore();
    w.show();
    w.focus();
  };

  /** A phonedeck:// link: handled now, or kept until the core is ready. */
  link = (url: string): void => {
    if (this.linkHandler) this.linkHandler(url);
    else this.earlyLinks.push(url);
  };

  /** The core is ready: links from now on go to `handler`; the ones that waited are returned to replay. */
  takeLinks(handler: (url: string) => void): string[] {
    this.linkHandler = handler;
    return this.earlyLinks.splice(0);
  }
}
