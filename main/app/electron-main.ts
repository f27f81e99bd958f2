import { app } from 'electron';
import { linkInArgv, PROTOCOL } from '../shell/deep-link';
import { AppLifecycle } from './electron-lifecycle';
import { startApp } from './electron-start';

/** One instance only: a second launch brings the existing window forward (or hands it its link). */
export function runApp(entryDir: string): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const life = new AppLifecycle();
  app.on('second-instance', (_e, argv) => {
    const link = linkInArgv(argv);
    if (link) life.link(link);
    else life.showMainWindow();
  });
  app.on('open-url', (e, url) => {
    e.preventDefault();
    life.link(url);
  });
  // Registered as the handler of phonedeck:// links (in development, with the script Electron runs).
  if (process.defaultApp && process.argv[1])
    app.setAsDefaultProtocolClient(PROTOCOL, process.execPath, [process.argv[1]]);
  else app.setAsDefaultProtocolClient(PROTOCOL);
  app.on('activate', life.showMainWindow);
  // The tray keeps the app alive with every window closed.
  app.on('window-all-closed', () => undefined);
  void app.whenReady().then(() => startApp(life, entryDir));
}
