import * as electron from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS, ipcChannelName } from '../../common/contract';
import { electronEncryptor } from '../../main/accounts/electron-encryptor';
import { createElectronWindowFactory } from '../../main/sessions/electron-windows';
import { forwardEvents, isTrustedSender, setupIpc } from '../../main/app/electron-ipc';
import { forgetRowsWhenHidden, reloadWhenPageDies, setupMainWindow } from '../../main/shell/electron-main-window';
import { createElectronSettingsStore } from '../../main/settings/electron-settings';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupTray } from '../../main/tray/electron-tray';
import { EventHub } from '../../main/kernel/events';
import { PHONE_PARTITION, phoneWindowSpec } from '../../main/sessions/phone-window-spec';
import { DEFAULT_START_OPTIONS } from '../../common/start-options';
import { resetElectronFake, type BrowserWindow as FakeWindow, type Tray as FakeTray } from '../fakes/electron';
import { makePhone } from '../helpers/phones';

const fake = electron as unknown as typeof import('../fakes/electron');
beforeEach(() => resetElectronFake());

describe('Electron glue (with the shared electron fake)', () => {
  it('creates the main window sandboxed and isolated with the preload, and hides it on close', () => {
    let hide = true;
    const win = setupMainWindow({
      preloadPath: '/app/out/preload/index.cjs',
      devUrl: null,
      rendererFile: '/app/out/renderer/index.html',
      shouldHideOnClose: () => hide,
    }) as unknown as FakeWindow;
    expect(win.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(win.loadFile).toHaveBeenCalledWith('/app/out/renderer/index.html');
    win.close();
    expect(win.hide).toHaveBeenCalled();
    expect(win.closedFlag).toBe(false);
    hide = false;
    win.close();
    expect(win.closedFlag).toBe(true);
  });

  it('a main window hidden to the tray or minimised stops its rows being polled as on screen', () => {
    const win = setupMainWindow({
      preloadPath: '/p.cjs',
      devUrl: null,
      rendererFile: '/r.html',
      shouldHideOnClose: () => true,
    }) as unknown as FakeWindow;
    const visible: (readonly string[])[] = [];
    forgetRowsWhenHidden(win as never, { setVisible: (keys) => visible.push(keys) });
    win.close();
    win.minimize();
    expect(visible).toEqual([[], []]);
  });

  it('reloads a page that crashed or was killed, but not one that keeps dying, and never after a clean exit', () => {
    const gone: [string, boolean][] = [];
    let clock = 1_000_000;
    const win = new fake.BrowserWindow();
    reloadWhenPageDies(
      win as never,
      (reason, reloading) => gone.push([reason, reloading]),
      () => clock,
    );
    const die = (reason: string) => win.webContents.emit('render-process-gone', {}, { reason, exitCode: 1 });
    die('crashed');
    die('oom');
    die('killed');
    die('crashed');
    expect(win.webContents.reload).toHaveBeenCalledTimes(3);
    expect(gone).toEqual([
      ['crashed', true],
      ['oom', true],
      ['killed', true],
      ['crashed', false],
    ]);
    die('clean-exit');
    expect(gone).toHaveLength(4);
    // A minute later it is given another chance.
    clock += 61_000;
    die('crashed');
    expect(win.webContents.reload).toHaveBeenCalledTimes(4);
  });

  it('reads electron-store once and serves settings from memory, writing through to disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pd-es-'));
    const store = createElectronSettingsStore(dir);
    const first = store.read();
    store.write({ ...first, theme: 'dark', favorites: Array.from({ length: 5_000 }, (_, i) => `acc/${i}`) });
    const file = join(dir, 'settings.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ theme: 'dark' });
    // Someone else rewriting the file does not change what this process serves: no re-read per get().
    writeFileSync(file, JSON.stringify({ version: 1, theme: 'light' }));
    expect(store.read().theme).toBe('dark');
    expect(store.read()).toBe(store.read());
  });

  it('never lets the main window navigate or open windows', () => {
    const win = setupMainWindow({
      preloadPath: 'p',
      devUrl: null,
      rendererFile: 'r',
      shouldHideOnClose: () => false,
    }) as unknown as FakeWindow;
    expect(win.webContents.tryNavigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(win.webContents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('registers a handler for every contract channel and answers only the main window’s top frame', async () => {
    const dispatch = vi.fn(async () => ({ ok: true as const, value: 'yes' }));
    const win = new fake.BrowserWindow();
    setupIpc(fake.ipcMain as never, dispatch, (e) => isTrustedSender(e, () => win.webContents as never));
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(INVOKE_CHANNELS.map(ipcChannelName).sort());
    const handler = fake.ipcMain.handlers.get(ipcChannelName('phones:snapshot'))!;
    await expect(handler({ sender: win.webContents, senderFrame: win.webContents.mainFrame }, {})).resolves.toEqual({
      ok: true,
      value: 'yes',
    });
    const phoneWindow = new fake.BrowserWindow();
    await expect(
      handler({ sender: phoneWindow.webContents, senderFrame: phoneWindow.webContents.mainFrame }, {}),
    ).resolves.toMatchObject({ ok: false, code: 'FORBIDDEN' });
    await expect(
      handler({ sender: win.webContents, senderFrame: { url: 'https://ad.example/' } }, {}),
    ).resolves.toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(dispatch).toHaveBeenCalledTimes(1);
  });

  it('forwards events to the renderer on namespaced channels', () => {
    const hub = new EventHub();
    const win = new fake.BrowserWindow();
    forwardEvents(hub, () => win.webContents as never);
    hub.emit('notice', { level: 'info', message: 'hi' });
    expect(win.webContents.sent).toEqual([['phonedeck:notice', { level: 'info', message: 'hi' }]]);
  });

  it('opens phone windows in their own partition, without preload, loading the viewer URL, confined to its origin', () => {
    const factory = createElectronWindowFactory();
    const url = 'http://127.0.0.1:4321/viewer/index.html?id=1&token=abc';
    const spec = phoneWindowSpec({
      phone: makePhone({ name: 'Ava-0001' }),
      url,
      options: { ...DEFAULT_START_OPTIONS, width: 400 },
      workArea: factory.workArea(),
    });
    factory.open(spec);
    const win = fake.BrowserWindow.all.at(-1)!;
    expect(win.options.webPreferences).toMatchObject({
      partition: PHONE_PARTITION,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(win.options.webPreferences.preload).toBeUndefined();
    expect(win.options.title).toContain('Ava-0001');
    expect(win.options.width).toBe(448);
    expect(win.loadURL).toHaveBeenCalledWith(url);
    expect(win.webContents.tryNavigate('will-navigate', 'http://127.0.0.1:4321/viewer/other')).toBe(false);
    expect(win.webContents.tryNavigate('will-navigate', 'http://127.0.0.1.evil.net:4321/')).toBe(true);
    expect(win.webContents.tryNavigate('will-redirect', 'https://evil.example/')).toBe(true);
    // A link opened by the page on its own (no click just before) stays closed.
    expect(win.webContents.windowOpenHandler!({ url: 'https://docs.geelark.com/' })).toEqual({ action: 'deny' });
    expect(fake.shell.openExternal).not.toHaveBeenCalled();
    win.webContents.emit('input-event', {}, { type: 'mouseUp' });
    expect(win.webContents.windowOpenHandler!({ url: 'https://docs.geelark.com/' })).toEqual({ action: 'deny' });
    expect(fake.shell.openExternal).toHaveBeenCalledWith('https://docs.geelark.com/');
    win.webContents.emit('input-event', {}, { type: 'mouseUp' });
    win.webContents.windowOpenHandler!({ url: 'file:///etc/passwd' });
    expect(fake.shell.openExternal).toHaveBeenCalledTimes(1);
    const phones = fake.session.fromPartition(PHONE_PARTITION);
    // The top frame is the viewer; what counts is the frame that asks.
    win.webContents.url = url;
    const decide = (permission: string, requestingUrl: string) => {
      let answer: boolean | null = null;
      phones.permissionRequestHandler!(win.webContents, permission, (ok: boolean) => (answer = ok), {
        requestingUrl,
        isMainFrame: false,
      });
      return answer;
    };
    const check = (permission: string, requestingUrl: string) =>
      phones.permissionCheckHandler!(win.webContents, permission, 'null', { requestingUrl });
    expect(decide('fullscreen', 'http://127.0.0.1:4321/viewer/index.html')).toBe(true);
    expect(check('fullscreen', 'http://127.0.0.1:4321/viewer/index.html')).toBe(true);
    expect(decide('media', 'http://127.0.0.1:4321/viewer/index.html')).toBe(false);
    expect(decide('fullscreen', 'https://evil.example/ad-frame')).toBe(false);
    expect(check('fullscreen', 'about:blank')).toBe(false);
    expect(() => decide('fullscreen', 'garbage')).not.toThrow();
    // Closing the window forgets its origin.
    win.close();
    expect(decide('fullscreen', 'http://127.0.0.1:4321/viewer/index.html')).toBe(false);
  });

  it('builds the tray from state and wires menu items to actions', () => {
    const run = vi.fn();
    const phones = [
      makePhone({ key: 'a/1', id: '1', accountId: 'a', name: 'Fav', status: 'stopped' }),
      makePhone({ key: 'a/2', id: '2', accountId: 'a', status: 'running' }),
    ];
    const tray = setupTray({
      iconDir: '/icons',
      state: () => ({
        phones,
        favorites: ['a/1'],
        openSessions: [],
        startedHere: ['a/2'],
        viewerAccounts: new Set(['a']),
      }),
      run,
      onClick: vi.fn(),
    });
    const t = tray.tray as unknown as FakeTray;
    expect((t.image as { path: string }).path).toBe('/icons/tray-running.png');
    expect(t.tooltip).toContain('1 running');
    const items = t.menu!.items;
    const fav = items.find((i) => i.label === 'Favourites');
    const start = fav.submenu[0].submenu.find((i: { label: string }) => i.label === 'Start');
    start.click();
    expect(run).toHaveBeenCalledWith({ type: 'start', key: 'a/1' });
    items.find((i) => String(i.label).startsWith('Stop all phones I started')).click();
    expect(run).toHaveBeenLastCalledWith({ type: 'stopStartedHere' });
  });

  it('refuses to encrypt when Linux has no keyring (basic_text)', async () => {
    const linux = process.platform === 'linux';
    fake.safeStorage.backend = 'basic_text';
    expect(await electronEncryptor.unavailableReason()).toEqual(linux ? expect.stringMatching(/plain text/) : null);
    fake.safeStorage.available = false;
    expect(await electronEncryptor.unavailableReason()).toMatch(/not available/);
    fake.safeStorage.available = true;
    fake.safeStorage.backend = 'gnome_libsecret';
    expect(await electronEncryptor.unavailableReason()).toBeNull();
    const cipher = await electronEncryptor.encrypt('s3cret-value');
    expect(cipher.toString()).not.toContain('s3cret-value');
    expect((await electronEncryptor.decrypt(cipher)).result).toBe('s3cret-value');
  });

  it('the preload exposes exactly one bridge, never ipcRenderer', async () => {
    await import('../../preload/index');
    expect(Object.keys(fake.contextBridge.exposed)).toEqual(['phonedeck']);
    const bridge = fake.contextBridge.exposed.phonedeck as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    expect(Object.values(bridge)).not.toContain(fake.ipcRenderer);
    await expect(
      (bridge.invoke as (c: string, p: unknown) => Promise<unknown>)('shell:exec', {}),
    ).resolves.toMatchObject({ ok: false, code: 'UNKNOWN_CHANNEL' });
    expect(fake.ipcRenderer.invoke).not.toHaveBeenCalled();
    await (bridge.invoke as (c: string, p: unknown) => Promise<unknown>)('phones:snapshot', {});
    expect(fake.ipcRenderer.invoke).toHaveBeenCalledWith('phonedeck:phones:snapshot', {});
    const listener = vi.fn();
    const off = (bridge.on as (e: string, l: (p: unknown) => void) => () => void)('notice', listener);
    fake.ipcRenderer.emit('phonedeck:notice', { sender: 'leak' }, { level: 'info', message: 'x' });
    expect(listener).toHaveBeenCalledWith({ level: 'info', message: 'x' });
    off();
    fake.ipcRenderer.emit('phonedeck:notice', {}, { level: 'info', message: 'y' });
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
