import { chooseFileWithDialog } from '../files/electron-file-dialog';
import { join } from 'node:path';
import { app, ipcMain, net, session, shell } from 'electron';
import { t } from '../../common/i18n/i18n';
import { electronEncryptor } from '../accounts/electron-encryptor';
import { systemClock } from '../kernel/clock';
import { createElectronSettingsStore } from '../settings/electron-settings';
import { describeSettingsNotice } from '../settings/settings-file';
import { createElectronWindowFactory } from '../sessions/electron-windows';
import { controlPaths } from '../control/paths';
import { handleDeepLink, linkInArgv } from '../shell/deep-link';
import { defaultPaths, forgetRowsWhenHidden, setupMainWindow } from '../shell/electron-main-window';
import { desktopNotifier, type DesktopNotify } from '../shell/electron-notify';
import { fileLogSink } from '../shell/file-log';
import { electronLoginItem, fileFlag, HIDDEN_FLAG, xdgAutostart } from '../shell/login-item';
import { DemoWorkspace } from '../sim/demo';
import { hiddenToTrayHint } from '../tray/tray-menu';
import { updaterForThisBuild } from '../updates/electron-updater';
import { createAppCore, type AppCore } from './compose';
import { forwardEvents, isTrustedSender, setupIpc } from './electron-ipc';
import type { AppLifecycle } from './electron-lifecycle';
import { wireTray } from './electron-tray-wiring';
import { linkConsent } from './link-consent';

/** Nothing the app loads may open windows, attach webviews, or get permissions it was not given. */
function guardWebContents(life: AppLifecycle): void {
  app.on('web-contents-created', (_e, wc) => {
    wc.on('will-attach-webview', (e) => e.preventDefault());
    wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  // The app's own window may write to the clipboard ("Copy failed ids"); nothing else is granted to anyone.
  const ownWindow = (wc: Electron.WebContents | null) => !!wc && wc === life.mainWindow?.webContents;
  const allowed = (wc: Electron.WebContents | null, permission: string) =>
    permission === 'clipboard-sanitized-write' && ownWindow(wc);
  session.defaultSession.setPermissionRequestHandler((wc, permission, callback) => callback(allowed(wc, permission)));
  session.defaultSession.setPermissionCheckHandler((wc, permission) => allowed(wc, permission));
}

/** The core with Electron's adapters: electron-store, safeStorage, net.fetch, real windows and the OS's login items. */
function composeElectronCore(
  life: AppLifecycle,
  userData: string,
  demo: DemoWorkspace,
  notify: DesktopNotify,
  store: ReturnType<typeof createElectronSettingsStore>,
) {
  const startHiddenFlag = fileFlag(join(userData, 'start-hidden-at-login'));
  const loginItem =
    process.platform === 'linux'
      ? xdgAutostart(join(app.getPath('appData'), 'autostart'), process.env.APPIMAGE ?? process.execPath)
      : electronLoginItem(process.platform, app, startHiddenFlag);
  const core = createAppCore({
    ledgerFile: join(userData, 'activity.sqlite'),
    control: controlPaths(userData),
    about: {
      version: app.getVersion(),
      dataFolder: userData,
      logFolder: join(userData, 'logs'),
      versions: { electron: process.versions.electron ?? '', chrome: process.versions.chrome ?? '' },
    },
    openPath: (path) => shell.openPath(path),
    chooseFile: (kind, title) => chooseFileWithDialog(life.mainWindow, kind, title),
    updater: updaterForThisBuild(() => (life.quitApproved = true)),
    loginItem,
    notify,
    settingsStore: store,
    encryptor: electronEncryptor,
    fetch: (input, init) => net.fetch(input, init),
    clock: systemClock,
    logSink: fileLogSink(join(userData, 'logs')),
    demo,
    windowFactory: createElectronWindowFactory(),
    systemLanguages: () => app.getPreferredSystemLanguages(),
  });
  return { core, startHiddenFlag };
}

/** The main window, IPC from its top frame only, events to it, and the notices that waited for it. */
function openMainWindow(
  core: AppCore,
  life: AppLifecycle,
  k: { entryDir: string; notify: DesktopNotify; startHidden: boolean; notices: string[] },
) {
  const win = setupMainWindow({
    ...defaultPaths(k.entryDir),
    devUrl: !app.isPackaged ? (process.env.ELECTRON_RENDERER_URL ?? null) : null,
    shouldHideOnClose: () => !life.quitting && core.settings.get().closeToTray,
    // Once ever: closing the window does not quit, and phones left running still bill.
    onHiddenToTray: () => {
      if (core.settings.get().trayHintShown) return;
      const hint = hiddenToTrayHint(core.fleet.all());
      k.notify(hint.title, hint.body);
      try {
        core.settings.update((s) => void (s.trayHintShown = true));
      } catch (e) {
        core.log.warn('could not remember that the tray hint was shown', e);
      }
    },
    onPageGone: (reason, reloading) =>
      core.log.error(
        `the window's page process is gone (${reason}); ${reloading ? 'reloading it' : 'not reloading: it keeps dying'}`,
      ),
    startHidden: k.startHidden,
  });
  life.mainWindow = win;
  forgetRowsWhenHidden(win, core.poller);
  const contents = () => (life.mainWindow && !life.mainWindow.isDestroyed() ? life.mainWindow.webContents : null);
  setupIpc(ipcMain, core.dispatch, (e) => isTrustedSender(e, contents));
  forwardEvents(core.events, contents);
  for (const message of k.notices)
    win.webContents.once('did-finish-load', () => core.events.emit('notice', { level: 'warning', message }));
  return win;
}

/** phonedeck:// links: from a second launch's arguments (Windows, Linux), open-url (macOS) or this launch. */
function wireLinks(core: AppCore, life: AppLifecycle): void {
  const handle = (url: string) =>
    void handleDeepLink(url, {
      showWindow: life.showMainWindow,
      ...linkConsent(core),
      applyFilter: (query) => core.events.emit('view:apply', query),
      notice: (level, message) => core.events.emit('notice', { level, message }),
    }).catch((e) => core.log.error('could not act on a phonedeck:// link', e));
  const firstLink = linkInArgv(process.argv);
  const waiting = [...life.takeLinks(handle), ...(firstLink ? [firstLink] : [])];
  for (const url of waiting) life.mainWindow?.webContents.once('did-finish-load', () => handle(url));
}

/** Quitting: Cmd+Q on macOS asks what the tray's Quit asks; clean-up runs once. */
function wireQuit(core: AppCore, life: AppLifecycle, demo: DemoWorkspace, askToQuit: () => Promise<void>): void {
  app.on('before-quit', (e) => {
    // Elsewhere the tray is the way to quit, and a quit on a signal (Linux shutdown) must not wait on a dialog.
    if (process.platform === 'darwin' && !life.quitApproved && core.fleet.startedHereKeys().length) {
      e.preventDefault();
      void askToQuit().catch((err) => core.log.error('quit question failed', err));
      return;
    }
    if (life.quitting) return;
    life.quitting = true;
    core.poller.stop();
    core.autopilot.stop();
    core.ledger.close();
    void core.controlServer?.close();
    // The accounts this desktop leads for a team are let go (a killed one is let go by PostgreSQL too).
    void core.team.shutdown();
    void demo.close();
  });
}

/** Starts the app once Electron is ready; `entryDir` is the built entry's folder (for the preload, page and icons). */
export async function startApp(life: AppLifecycle, entryDir: string): Promise<void> {
  guardWebContents(life);
  const userData = app.getPath('userData');
  const store = createElectronSettingsStore(userData);
  const demo = new DemoWorkspace();
  const notify = desktopNotifier(life.showMainWindow);
  const { core: coming, startHiddenFlag } = composeElectronCore(life, userData, demo, notify, store);
  const core = await coming;
  process.on('uncaughtException', (e) => core.log.error('uncaught exception', e));
  process.on('unhandledRejection', (e) => core.log.error('unhandled rejection', e));
  // A login launch that asked to start hidden opens to the tray only.
  const atLogin = process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin && startHiddenFlag.get();
  // The core has set the language by now, so the settings file's notices are put into words here.
  const notices = [...(store.notices ?? []).map((n) => describeSettingsNotice(n)), ...core.startupNotices];
  openMainWindow(core, life, { entryDir, notify, startHidden: process.argv.includes(HIDDEN_FLAG) || atLogin, notices });
  const runTrayAction = wireTray(core, life, { notify, userData, iconDir: join(entryDir, '../../resources') });
  core.fleet.onJobDone((job, results) => {
    const failed = results.filter((r) => !r.ok).length;
    // A viewer that opened shows itself; a notification would only repeat it.
    if (life.mainWindow?.isFocused() || job.opened) return;
    notify(
      t('notify.jobDone', { action: t(`action.${job.action}`) }),
      t('notify.jobCounts', { ok: results.length - failed, failed }),
    );
  });
  core.poller.start();
  core.autopilot.start();
  // A quiet check shortly after start: a notification if there is something, never a window.
  if (core.updates) setTimeout(() => void core.updates?.check(false), 10_000);
  wireLinks(core, life);
  wireQuit(core, life, demo, () => runTrayAction({ type: 'quit' }));
}
