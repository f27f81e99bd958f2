import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as electron from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resetElectronFake } from '../fakes/electron';
import { waitFor } from '../helpers/core';
import type { Phone } from '../../common/phone';
import { notKept } from '../helpers/phones';

const fake = electron as unknown as typeof import('../fakes/electron');

/** Any GeeLark phone the list shows stopped. */
const aStoppedGeeLarkPhone = async (invoke: ReturnType<typeof invokeFrom>) =>
  (await invoke('phones:snapshot')).value.phones.find(
    (p: Phone) => p.provider === 'geelark' && p.status === 'stopped' && notKept(p),
  );

/** A request over IPC as the given window's top frame sends it. */
const invokeFrom =
  (win: InstanceType<typeof fake.BrowserWindow>) =>
  (channel: string, payload: unknown = {}) =>
    fake.ipcMain.handlers.get(`phonedeck:${channel}`)!(
      { sender: win.webContents, senderFrame: win.webContents.mainFrame },
      payload,
    ) as Promise<any>;

afterAll(() => {
  fake.app.emit('before-quit');
});

/** Boots the real main/index.ts against the electron fake: real electron-store, real simulators, fake windows. */
describe('main/index.ts wiring', () => {
  const userData = mkdtempSync(join(tmpdir(), 'pd-userdata-'));
  let win: InstanceType<typeof fake.BrowserWindow>;
  const invoke = (channel: string, payload: unknown = {}) => invokeFrom(win)(channel, payload);

  beforeAll(async () => {
    resetElectronFake();
    fake.app.userDataDir = userData;
    // A settings file with one field from a newer version: it is repaired at start, with a notice.
    writeFileSync(join(userData, 'settings.json'), JSON.stringify({ version: 1, theme: 'sepia', language: 'en' }));
    await import('../../main/index');
    await waitFor(() => fake.BrowserWindow.all.length && fake.Tray.last && fake.ipcMain.handlers.size, Boolean);
    win = fake.BrowserWindow.all[0];
  });

  it('says what was repaired in the settings file once the window has loaded, and keeps the rest', async () => {
    const notices = () =>
      win.webContents.sent
        .filter(([channel]) => channel === 'phonedeck:notice')
        .map(([, p]) => (p as { message: string }).message);
    expect(notices()).toEqual([]);
    win.webContents.emit('did-finish-load');
    await waitFor(notices, (n) => n.length > 0);
    expect(notices()).toEqual([
      expect.stringMatching(
        /^Some settings could not be read and were reset: the theme was reset to its default\. Everything else was kept; the original file is saved as .*settings\.json\.before-repair-\d+\.$/,
      ),
    ]);
    expect((await invoke('settings:get')).value).toMatchObject({ theme: 'system', language: 'en' });
  });

  it('takes the single-instance lock and brings the window forward on a second launch', () => {
    expect(fake.app.requestSingleInstanceLock).toHaveBeenCalled();
    win.hide();
    fake.app.emit('second-instance', {}, ['/opt/Phonedeck/phonedeck']);
    expect(win.visible).toBe(true);
  });

  it('start at login (Linux: XDG autostart) is read back from the OS, not from what was asked', async () => {
    const on = await invoke('settings:update', { startAtLogin: { enabled: true, hidden: true } });
    expect(on.value.startAtLogin).toEqual({ supported: true, enabled: true, hidden: true });
    const entry = join(fake.app.getPath('appData'), 'autostart', 'phonedeck.desktop');
    expect(readFileSync(entry, 'utf8')).toMatch(/^Exec=.* --hidden$/m);
    rmSync(entry); // removed by the user behind the app's back
    expect((await invoke('settings:get')).value.startAtLogin).toEqual({
      supported: true,
      enabled: false,
      hidden: false,
    });
  });

  it('handles phonedeck:// links from a second launch: a filter goes to the window, a bad link is a notice', async () => {
    expect(fake.app.protocols.has('phonedeck')).toBe(true);
    const sent = () => win.webContents.sent.map(([channel, payload]: [string, unknown]) => [channel, payload]);
    win.hide();
    fake.app.emit('second-instance', {}, ['/opt/Phonedeck/phonedeck', 'phonedeck://filter?status=running&tag=vip']);
    await waitFor(sent, (s) => s.some(([c]) => c === 'phonedeck:view:apply'));
    expect(win.visible).toBe(true);
    expect(sent().find(([c]) => c === 'phonedeck:view:apply')![1]).toEqual({ statuses: ['running'], tags: ['vip'] });
    fake.app.emit('open-url', { preventDefault() {} }, 'phonedeck://format/c');
    await waitFor(sent, (s) =>
      s.some(
        ([c, p]) =>
          c === 'phonedeck:notice' && /Ignored a phonedeck:\/\/ link/.test((p as { message: string }).message),
      ),
    );
  });

  it('opens the main window sandboxed with the bundled CJS preload and locks down the default session', () => {
    expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(win.options.webPreferences.preload).toMatch(/preload[/\\]index\.cjs$/);
    let granted: boolean | null = null;
    fake.session.defaultSession.permissionRequestHandler!({}, 'geolocation', (ok: boolean) => (granted = ok), {});
    expect(granted).toBe(false);
    // Only the app's own window may write to the clipboard ("Copy failed ids"); nothing else is granted.
    const ask = (wc: unknown, permission: string) => {
      let answer: boolean | null = null;
      fake.session.defaultSession.permissionRequestHandler!(wc, permission, (ok: boolean) => (answer = ok), {});
      return answer;
    };
    expect(ask(win.webContents, 'clipboard-sanitized-write')).toBe(true);
    expect(ask(win.webContents, 'geolocation')).toBe(false);
    expect(ask({}, 'clipboard-sanitized-write')).toBe(false);
    expect(
      fake.session.defaultSession.permissionCheckHandler!(win.webContents, 'clipboard-sanitized-write', '', {}),
    ).toBe(true);
    let prevented = false;
    const other = new fake.BrowserWindow().webContents;
    fake.app.emit('web-contents-created', {}, other);
    other.emit('will-attach-webview', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(other.windowOpenHandler!({ url: 'https://x.example' })).toEqual({ action: 'deny' });
  });

  it('serves the demo workspace over IPC and keeps the tray in step with the fleet', async () => {
    const demo = await invoke('demo:enable');
    expect(demo.ok).toBe(true);
    expect(demo.value.map((a: { label: string }) => a.label)).toEqual([
      'Demo GeeLark team',
      'Demo Huawei CPH (cn-north-4)',
    ]);
    const snap = await invoke('phones:snapshot');
    expect(snap.value.phones).toHaveLength(76);
    await waitFor(
      () => fake.Tray.last!.menu?.items.map((i: { label?: string }) => i.label) ?? [],
      (labels) => labels.some((l?: string) => /^Stopped: \d+/.test(l ?? '')),
    );
    expect(fake.Tray.last!.tooltip).toMatch(/running/);
  });

  it('writes settings through electron-store with accounts but never a secret, and hides to the tray on close', async () => {
    const file = JSON.parse(readFileSync(join(userData, 'settings.json'), 'utf8'));
    expect(file.accounts.map((a: { id: string }) => a.id)).toEqual(['demo_geelark', 'demo_huawei']);
    expect(JSON.stringify(file)).not.toMatch(/sim-token|sim-secret-key/);
    const hints = () => fake.Notification.shown.filter((n) => n.title === 'Phonedeck is still running in the tray');
    const running = (await invoke('phones:snapshot')).value.phones.filter(
      (p: { status: string }) => p.status === 'running',
    ).length;
    expect(running).toBeGreaterThan(1);
    win.close();
    expect(win.closedFlag).toBe(false);
    expect(win.visible).toBe(false);
    // Told once, with the phones still billing, and never again (not even after a restart).
    expect(hints()).toEqual([
      {
        title: 'Phonedeck is still running in the tray',
        body: expect.stringMatching(
          new RegExp(
            `^${running} phones are still running and may be billing\\. Closing the window does not quit or stop anything`,
          ),
        ),
        actions: [],
      },
    ]);
    win.show();
    win.close();
    expect(hints()).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(userData, 'settings.json'), 'utf8')).trayHintShown).toBe(true);
  });

  it('answers nothing to a sender that is not the main window', async () => {
    const stranger = new fake.BrowserWindow();
    const r = await fake.ipcMain.handlers.get('phonedeck:phones:snapshot')!(
      { sender: stranger.webContents, senderFrame: stranger.webContents.mainFrame },
      {},
    );
    expect(r).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});

describe('main/index.ts phone sessions through the Electron window factory', () => {
  it('opens a GeeLark phone in a locked-down BrowserWindow loading the simulator’s viewer URL, and closes it before a stop', async () => {
    const invoke = invokeFrom(fake.BrowserWindow.all[0]);
    const phone = await aStoppedGeeLarkPhone(invoke);
    const before = fake.BrowserWindow.all.length;
    const opened = await invoke('sessions:open', { keys: [phone.key] });
    expect(opened.value.opened[0], JSON.stringify(opened)).toMatchObject({ ok: true });
    const viewer = fake.BrowserWindow.all[before];
    expect(viewer.loadURL.mock.calls[0][0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/viewer\/index\.html\?.*w=336/);
    expect(viewer.options).toMatchObject({ width: 384, height: 625, title: `${phone.name} — Phonedeck` });
    expect(viewer.options.webPreferences).toMatchObject({
      partition: 'persist:phones',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(viewer.options.webPreferences.preload).toBeUndefined();
    const run = await invoke('bulk:run', { action: 'stop', keys: [phone.key] });
    expect(run.ok).toBe(true);
    await waitFor(() => viewer.closedFlag, Boolean);
  });

  it('keeps the activity record in the user data folder, with the window as the source', async () => {
    const win = fake.BrowserWindow.all[0];
    const invoke = invokeFrom(win);
    const userData = fake.app.userDataDir;
    const jobs = await waitFor(
      () => invoke('activity:list', {}),
      (r) => r.ok && r.value.some((j: { action: string }) => j.action === 'stop'),
    );
    expect(jobs.value.find((j: { action: string }) => j.action === 'stop').source).toBe('window');
    expect(readFileSync(join(userData, 'activity.sqlite.journal'), 'utf8')).toContain('"source":"window"');
  });
});

describe('main/index.ts quitting while phones started here still run', () => {
  it('Cmd+Q on macOS asks first: Cancel keeps the app, Quit anyway quits, and the next before-quit goes through', async () => {
    const invoke = invokeFrom(fake.BrowserWindow.all[0]);
    const phone = await aStoppedGeeLarkPhone(invoke);
    expect((await invoke('bulk:run', { action: 'start', keys: [phone.key] })).ok).toBe(true);
    const statusOf = async () =>
      (await invoke('phones:snapshot')).value.phones.find((p: { key: string }) => p.key === phone.key).status;
    await waitFor(statusOf, (s) => s === 'running', 8_000);
    const quitEvent = () => {
      const e = { preventDefault: vi.fn() };
      fake.app.emit('before-quit', e);
      return e;
    };
    // Elsewhere the tray is the way to quit, and a quit on a signal must not wait on a dialog.
    expect(quitEvent().preventDefault).not.toHaveBeenCalled();
    const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
    Object.defineProperty(process, 'platform', { value: 'darwin' });
    try {
      fake.dialog.showMessageBox.mockClear();
      fake.app.quit.mockClear();
      fake.dialog.showMessageBox.mockResolvedValueOnce({ response: 2 }); // Cancel
      expect(quitEvent().preventDefault).toHaveBeenCalled();
      await waitFor(
        () => fake.dialog.showMessageBox.mock.calls.length,
        (n) => n === 1,
      );
      expect(fake.dialog.showMessageBox.mock.calls[0][0]).toMatchObject({
        message: 'Quit with 1 phone you started still running?',
        buttons: ['Stop them and quit', 'Quit anyway', 'Cancel'],
        cancelId: 2,
      });
      await new Promise((r) => setTimeout(r, 20));
      expect(fake.app.quit).not.toHaveBeenCalled();
      fake.dialog.showMessageBox.mockResolvedValueOnce({ response: 1 }); // Quit anyway
      expect(quitEvent().preventDefault).toHaveBeenCalled();
      await waitFor(
        () => fake.app.quit.mock.calls.length,
        (n) => n === 1,
      );
      // The quit that follows the answer is not asked about again.
      expect(quitEvent().preventDefault).not.toHaveBeenCalled();
    } finally {
      Object.defineProperty(process, 'platform', platform);
    }
  });
});
