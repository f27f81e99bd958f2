import { join } from 'node:path';
import { BrowserWindow } from 'electron';
import { confineToOrigin } from '../platform/electron-confine';

export interface MainWindowOptions {
  preloadPath: string;
  /** electron-vite's dev server URL, or null to load the built file. */
  devUrl: string | null;
  rendererFile: string;
  shouldHideOnClose: () => boolean;
  /** Called after closing the window hid it to the tray (not when the app hides it itself). */
  onHiddenToTray?: () => void;
  /** Told when the page's process died (crashed, killed, out of memory), and whether it is being reloaded. */
  onPageGone?: (reason: string, reloading: boolean) => void;
  /** Started at login to the tray: the window is created but not shown. */
  startHidden?: boolean;
}

export const mainWindowPreferences = (preloadPath: string) => ({
  preload: preloadPath,
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
});

/** The main window: preload bridge only, sandboxed, never navigates away; closing hides it to the tray. */
export function setupMainWindow(o: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 760,
    minHeight: 480,
    show: false,
    title: 'Phonedeck',
    autoHideMenuBar: true,
    webPreferences: mainWindowPreferences(o.preloadPath),
  });
  confineToOrigin(win.webContents, () => (o.devUrl ? new URL(o.devUrl).origin : null));
  win.once('ready-to-show', () => !o.startHidden && win.show());
  win.on('close', (e) => {
    if (o.shouldHideOnClose()) {
      e.preventDefault();
      win.hide();
      o.onHiddenToTray?.();
    }
  });
  reloadWhenPageDies(win, o.onPageGone);
  if (o.devUrl) void win.loadURL(o.devUrl);
  else void win.loadFile(o.rendererFile);
  return win;
}

/** At most this many reloads in a minute: a page that dies on every load is left for the user, not looped. */
const MAX_RELOADS_PER_MINUTE = 3;

/**
 * A page that crashed or was killed leaves the window blank while main goes on polling and running jobs:
 * reload it, so the list comes back by itself: the phones, jobs and their results live in main and are read again.
 */
export function reloadWhenPageDies(
  win: BrowserWindow,
  onPageGone?: (reason: string, reloading: boolean) => void,
  now = Date.now,
): void {
  const recent: number[] = [];
  win.webContents.on('render-process-gone', (_e, details) => {
    if (details.reason === 'clean-exit') return;
    const at = now();
    while (recent.length && recent[0] <= at - 60_000) recent.shift();
    const reloading = recent.length < MAX_RELOADS_PER_MINUTE;
    recent.push(at);
    onPageGone?.(details.reason, reloading);
    if (reloading && !win.isDestroyed()) win.webContents.reload();
  });
}

/**
 * Rows in a window that is hidden to the tray or minimised are not on screen, so they stop being polled
 * as visible rows (the renderer sends them again when the page becomes visible).
 */
export function forgetRowsWhenHidden(win: BrowserWindow, poller: { setVisible(keys: readonly string[]): void }): void {
  win.on('hide', () => poller.setVisible([]));
  win.on('minimize', () => poller.setVisible([]));
}

export const defaultPaths = (dir: string) => ({
  preloadPath: join(dir, '../preload/index.cjs'),
  rendererFile: join(dir, '../renderer/index.html'),
});
