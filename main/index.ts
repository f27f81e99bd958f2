/**
 * Electron glue only: wires the Electron-free core (main/core) to windows, IPC, tray and the keychain.
 * Everything with logic lives in plain modules that tests run under Node.
 */
import { join } from 'node:path';
import { t } from '../common/i18n/i18n';
import { app, BrowserWindow, dialog, ipcMain, net, Notification, session, shell } from 'electron';
import electronUpdater from 'electron-updater';
import { createAppCore } from './app/compose';
import { systemClock } from './kernel/clock';
import { electronEncryptor } from './accounts/electron-encryptor';
import { createElectronSettingsStore } from './settings/electron-settings';
import { describeSettingsNotice } from './settings/settings-file';
import { createElectronWindowFactory } from './sessions/electron-windows';
import { fileLogSink } from './shell/file-log';
import { forwardEvents, isTrustedSender, setupIpc } from './app/electron-ipc';
import { defaultPaths, forgetRowsWhenHidden, setupMainWindow } from './shell/electron-main-window';
import { setupTray } from './tray/electron-tray';
import { DemoWorkspace } from './sim/demo';
import { createTrayActionRunner } from './tray/tray-actions';
import { hiddenToTrayHint } from './tray/tray-menu';
import { totalSpendToday } from '../common/money';
import { controlPaths } from './control/paths';
import { handleDeepLink, linkInArgv, PROTOCOL } from './shell/deep-link';
import { electronLoginItem, fileFlag, HIDDEN_FLAG, xdgAutostart } from './shell/login-item';

let quitting = false;
/** Set once the user has answered "quit" (or nothing needed asking): the next before-quit goes through. */
let quitApproved = false;
let mainWindow: BrowserWindow | null = null;
/** Links that arrive before the core is ready (macOS sends open-url early) wait here. */
let onLink: (url: string) => void = (url) => void earlyLinks.push(url);
const earlyLinks: string[] = [];

function showMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

/**
 * electron-updater's updater for the installed app (its feed is electron-builder's `publish` config).
 * PHONEDECK_UPDATE_FEED points an unpackaged build at a test feed; otherwise development runs never check.
 */
function updaterForThisBuild() {
  const feed = process.env.PHONEDECK_UPDATE_FEED;
  if (!app.isPackaged && !feed) return undefined;
  const { autoUpdater } = electronUpdater;
  if (feed) {
    autoUpdater.forceDevUpdateConfig = true;
    autoUpdater.setFeedURL({ provider: 'generic', url: feed });
  }
  // "Restart now" quits to install and comes straight back: not a quit to ask about.
  const install = autoUpdater.quitAndInstall.bind(autoUpdater);
  autoUpdater.quitAndInstall = (...args: Parameters<typeof install>) => {
    quitApproved = true;
    install(...args);
  };
  return autoUpdater;
}

async function start(): Promise<void> {
  // Nothing the app loads may open windows, attach webviews, or get permissions it was not given.
  app.on('web-contents-created', (_e, wc) => {
    wc.on('will-attach-webview', (e) => e.preventDefault());
    wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  // The app's own window may write to the clipboard ("Copy failed ids"); nothing else is granted to anyone.
  const ownWindow = (wc: Electron.WebContents | null) => !!wc && wc === mainWindow?.webContents;
  session.defaultSession.setPermissionRequestHandler((wc, permission, callback) => callback(permission === 'clipboard-sanitized-write' && ownWindow(wc)));
  session.defaultSession.setPermissionCheckHandler((wc, permission) => permission === 'clipboard-sanitized-write' && ownWindow(wc));

  const userData = app.getPath('userData');
  const store = createElectronSettingsStore(userData);
  const demo = new DemoWorkspace();
  const startHiddenFlag = fileFlag(join(userData, 'start-hidden-at-login'));
  const notifyDesktop = (title: string, body: string, actions: { label: string; run: () => void }[] = []) => {
    if (!Notification.isSupported()) return;
    // Buttons on a notification exist on macOS only; elsewhere a click brings the window with the same buttons.
    const n = new Notification({ title, body, actions: process.platform === 'darwin' ? actions.map((a) => ({ type: 'button' as const, text: a.label })) : [] });
    n.on('action', (_e, index) => actions[index]?.run());
    n.on('click', () => showMainWindow());
    n.show();
  };
  const core = await createAppCore({
    ledgerFile: join(userData, 'activity.sqlite'),
    control: controlPaths(userData),
    about: {
      version: app.getVersion(),
      dataFolder: userData,
      logFolder: join(userData, 'logs'),
      versions: { electron: process.versions.electron ?? '', chrome: process.versions.chrome ?? '' },
    },
    openPath: (path) => shell.openPath(path),
    updater: updaterForThisBuild(),
    loginItem:
      process.platform === 'linux'
        ? xdgAutostart(join(app.getPath('appData'), 'autostart'), process.env.APPIMAGE ?? process.execPath)
        : electronLoginItem(process.platform, app, startHiddenFlag),
    notify: notifyDesktop,
    settingsStore: store,
    encryptor: electronEncryptor,
    fetch: (input, init) => net.fetch(input, init),
    clock: systemClock,
    logSink: fileLogSink(join(userData, 'logs')),
    demo,
    windowFactory: createElectronWindowFactory(),
    systemLanguages: () => app.getPreferredSystemLanguages(),
  });
  process.on('uncaughtException', (e) => core.log.error('uncaught exception', e));
  process.on('unhandledRejection', (e) => core.log.error('unhandled rejection', e));

  const paths = defaultPaths(import.meta.dirname);
  mainWindow = setupMainWindow({
    ...paths,
    devUrl: !app.isPackaged ? (process.env.ELECTRON_RENDERER_URL ?? null) : null,
    shouldHideOnClose: () => !quitting && core.settings.get().closeToTray,
    // Once ever: closing the window does not quit, and phones left running still bill.
    onHiddenToTray: () => {
      if (core.settings.get().trayHintShown) return;
      const hint = hiddenToTrayHint(core.fleet.all());
      notifyDesktop(hint.title, hint.body);
      try {
        core.settings.update((s) => void (s.trayHintShown = true));
      } catch (e) {
        core.log.warn('could not remember that the tray hint was shown', e);
      }
    },
    onPageGone: (reason, reloading) => core.log.error(`the window's page process is gone (${reason}); ${reloading ? 'reloading it' : 'not reloading: it keeps dying'}`),
    // A login launch that asked to start hidden opens to the tray only.
    startHidden: process.argv.includes(HIDDEN_FLAG) || (process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin && startHiddenFlag.get()),
  });
  forgetRowsWhenHidden(mainWindow, core.poller);
  const contents = () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null);
  setupIpc(ipcMain, core.dispatch, (e) => isTrustedSender(e, contents));
  forwardEvents(core.events, contents);
  // The core has set the language by now, so the settings file's notices are put into words here.
  for (const message of [...(store.notices ?? []).map((n) => describeSettingsNotice(n)), ...core.startupNotices]) {
    mainWindow.webContents.once('did-finish-load', () => core.events.emit('notice', { level: 'warning', message }));
  }

  const notify = notifyDesktop;
  const viewerAccounts = () => new Set(core.accounts.providers().filter((p) => p.provider.capabilities.viewer).map((p) => p.accountId));
  const runTrayAction = createTrayActionRunner({
    showWindow: showMainWindow,
    quit: () => {
      quitApproved = true;
      app.quit();
    },
    runAndWait: (action, keys) => core.fleet.runAndWait(action, keys, core.settings.get().defaultStartOptions, 'tray'),
    open: (keys) => core.sessions.open(keys),
    runningViewableKeys: () => core.fleet.all().filter((p) => p.status === 'running' && viewerAccounts().has(p.accountId)).map((p) => p.key),
    startedHereKeys: () => core.fleet.startedHereKeys(),
    confirm: async (message, detail) =>
      (await dialog.showMessageBox({ type: 'question', buttons: [t('tray.stopThem'), t('common.cancel')], defaultId: 1, cancelId: 1, message, detail })).response === 0,
    choose: async (message, detail, buttons) =>
      (await dialog.showMessageBox({ type: 'warning', buttons, defaultId: buttons.length - 1, cancelId: buttons.length - 1, message, detail })).response,
    notify,
    setAutopilotPaused: (paused) => void core.settings.update((s) => void (s.autopilot.paused = paused)),
    openLogs: () => void shell.openPath(join(userData, 'logs')),
    checkUpdates: () => void core.updates?.check(true),
  });
  const tray = setupTray({
    iconDir: join(import.meta.dirname, '../../resources'),
    state: () => ({
      phones: core.fleet.all(),
      favorites: core.settings.get().favorites,
      openSessions: core.sessions.openKeys(),
      startedHere: core.fleet.startedHereKeys(),
      viewerAccounts: viewerAccounts(),
      spendToday: totalSpendToday(core.spend.today()),
      canCheckUpdates: !!core.updates,
      autopilot: { paused: core.settings.get().autopilot.paused, policies: core.settings.get().autopilot.policies.filter((p) => p.enabled).length },
    }),
    run: (a) => void runTrayAction(a).catch((e) => core.log.error('tray action failed', e)),
    onClick: showMainWindow,
  });
  core.fleet.onChange(tray.schedule);
  core.sessions.onChange(tray.schedule);
  core.settings.onChange(tray.schedule);
  core.accounts.onChange(tray.schedule);
  core.fleet.onJobDone((job, results) => {
    const failed = results.filter((r) => !r.ok).length;
    if (!mainWindow?.isFocused()) notify(t('notify.jobDone', { action: t(`action.${job.action}`) }), t('notify.jobCounts', { ok: results.length - failed, failed }));
  });
  core.poller.start();
  core.autopilot.start();
  // A quiet check shortly after start: a notification if there is something, never a window.
  if (core.updates) setTimeout(() => void core.updates?.check(false), 10_000);

  // phonedeck:// links: from a second launch's arguments (Windows, Linux), open-url (macOS) or this launch.
  onLink = (url) =>
    void handleDeepLink(url, {
      showWindow: showMainWindow,
      open: (keys) => core.sessions.open(keys),
      applyFilter: (query) => core.events.emit('view:apply', query),
      notice: (level, message) => core.events.emit('notice', { level, message }),
    });
  const firstLink = linkInArgv(process.argv);
  for (const url of [...earlyLinks.splice(0), ...(firstLink ? [firstLink] : [])]) mainWindow.webContents.once('did-finish-load', () => onLink(url));

  app.on('before-quit', (e) => {
    // Cmd+Q on macOS asks what the tray's Quit asks while phones started here still run. Elsewhere the
    // tray is the way to quit, and a quit on a signal (Linux shutdown) must not wait on a dialog.
    if (process.platform === 'darwin' && !quitApproved && core.fleet.startedHereKeys().length) {
      e.preventDefault();
      void runTrayAction({ type: 'quit' }).catch((err) => core.log.error('quit question failed', err));
      return;
    }
    // before-quit can come again (a quit that something else cancelled, then retried): clean up once.
    if (quitting) return;
    quitting = true;
    core.poller.stop();
    core.autopilot.stop();
    core.ledger.close();
    void core.controlServer?.close();
    void demo.close();
  });
}

// One instance only: a second launch brings the existing window forward.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_e, argv) => {
    const link = linkInArgv(argv);
    if (link) onLink(link);
    else showMainWindow();
  });
  app.on('open-url', (e, url) => {
    e.preventDefault();
    onLink(url);
  });
  // Registered as the handler of phonedeck:// links (in development, with the script Electron runs).
  if (process.defaultApp && process.argv[1]) app.setAsDefaultProtocolClient(PROTOCOL, process.execPath, [process.argv[1]]);
  else app.setAsDefaultProtocolClient(PROTOCOL);
  app.on('activate', showMainWindow);
  // The tray keeps the app alive with every window closed.
  app.on('window-all-closed', () => undefined);
  void app.whenReady().then(start);
}
