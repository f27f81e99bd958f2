/**
 * One fake of the `electron` module for every test that touches glue code (Fiddle/Podman style).
 * Classes record what the code under test did; vi.fn()s let tests assert calls.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

class FakeWebContents extends EventEmitter {
  static nextId = 1;
  id = FakeWebContents.nextId++;
  mainFrame = { url: 'file:///app/index.html' };
  windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
  sent: [string, unknown][] = [];
  destroyed = false;
  url = '';
  setWindowOpenHandler = vi.fn((h: (d: { url: string }) => { action: string }) => void (this.windowOpenHandler = h));
  send = vi.fn((channel: string, payload: unknown) => void this.sent.push([channel, payload]));
  isDestroyed = () => this.destroyed;
  getURL = () => this.url;
  reload = vi.fn();
  /** Simulates a navigation attempt; returns true if the app cancelled it. */
  tryNavigate(event: 'will-navigate' | 'will-redirect', url: string): boolean {
    let prevented = false;
    this.emit(event, { url, preventDefault: () => (prevented = true) });
    return prevented;
  }
}

export class BrowserWindow extends EventEmitter {
  static all: BrowserWindow[] = [];
  webContents = new FakeWebContents();
  loaded: string | null = null;
  visible = false;
  closedFlag = false;
  bounds: { x: number; y: number; width: number; height: number };
  constructor(public options: Record<string, any> = {}) {
    super();
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 800, height: options.height ?? 600 };
    BrowserWindow.all.push(this);
  }
  static getAllWindows = () => BrowserWindow.all.filter((w) => !w.closedFlag);
  static fromWebContents = (wc: unknown) => BrowserWindow.all.find((w) => w.webContents === wc) ?? null;
  loadURL = vi.fn(async (url: string) => void (this.loaded = url));
  loadFile = vi.fn(async (file: string) => void (this.loaded = `file://${file}`));
  show = vi.fn(() => void (this.visible = true));
  hide = vi.fn(() => {
    this.visible = false;
    this.emit('hide');
  });
  minimize = vi.fn(() => void this.emit('minimize'));
  focus = vi.fn();
  restore = vi.fn();
  isMinimized = () => false;
  isFocused = () => false;
  isDestroyed = () => this.closedFlag;
  getContentBounds = () => this.bounds;
  close = vi.fn(() => {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    this.closedFlag = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  });
}

class FakeSession {
  permissionRequestHandler:
    | ((
        wc: unknown,
        permission: string,
        cb: (ok: boolean) => void,
        details: { requestingUrl?: string; isMainFrame?: boolean },
      ) => void)
    | null = null;
  permissionCheckHandler:
    ((wc: unknown, permission: string, origin: string, details: { requestingUrl?: string }) => boolean) | null = null;
  setPermissionRequestHandler = vi.fn((h) => void (this.permissionRequestHandler = h));
  setPermissionCheckHandler = vi.fn((h) => void (this.permissionCheckHandler = h));
  on = vi.fn();
}
const partitions = new Map<string, FakeSession>();
export const session = {
  defaultSession: new FakeSession(),
  fromPartition: vi.fn((name: string) => {
    if (!partitions.has(name)) partitions.set(name, new FakeSession());
    return partitions.get(name)!;
  }),
};

export const ipcMain = {
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  handle: vi.fn(
    (channel: string, fn: (event: unknown, ...args: unknown[]) => unknown) => void ipcMain.handlers.set(channel, fn),
  ),
  removeHandler: vi.fn((channel: string) => void ipcMain.handlers.delete(channel)),
  on: vi.fn(),
};

export const ipcRenderer = Object.assign(new EventEmitter(), {
  invoke: vi.fn(async () => ({ ok: true, value: null })),
});
export const contextBridge = {
  exposed: {} as Record<string, unknown>,
  exposeInMainWorld: vi.fn((key: string, api: unknown) => void (contextBridge.exposed[key] = api)),
};

export class Tray extends EventEmitter {
  static last: Tray | null = null;
  image: unknown;
  tooltip = '';
  menu: Menu | null = null;
  constructor(image: unknown) {
    super();
    this.image = image;
    Tray.last = this;
  }
  setImage = vi.fn((img: unknown) => void (this.image = img));
  setToolTip = vi.fn((t: string) => void (this.tooltip = t));
  setContextMenu = vi.fn((m: Menu) => void (this.menu = m));
}

export class Menu {
  constructor(public items: any[]) {}
  static buildFromTemplate = vi.fn((template: any[]) => new Menu(template));
}

export const nativeImage = {
  createFromPath: vi.fn((path: string) => ({ path, setTemplateImage: vi.fn() })),
  createEmpty: vi.fn(() => ({ path: '' })),
};

export const shell = { openExternal: vi.fn(async () => undefined), openPath: vi.fn(async (_path: string) => '') };
export const screen = {
  getCursorScreenPoint: vi.fn(() => ({ x: 10, y: 10 })),
  getDisplayNearestPoint: vi.fn(() => ({ workArea: { x: 0, y: 0, width: 1920, height: 1040 } })),
};

const secretPrefix = 'enc:';
export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret' as string,
  isAsyncEncryptionAvailable: vi.fn(async () => safeStorage.available),
  getSelectedStorageBackend: vi.fn(() => safeStorage.backend),
  encryptStringAsync: vi.fn(async (s: string) => Buffer.from(secretPrefix + Buffer.from(s).toString('base64'))),
  decryptStringAsync: vi.fn(async (b: Buffer) => ({
    result: Buffer.from(b.toString().slice(secretPrefix.length), 'base64').toString(),
    shouldReEncrypt: false,
  })),
};

export class Notification extends EventEmitter {
  static shown: { title: string; body: string; actions?: { type: 'button'; text: string }[] }[] = [];
  static instances: Notification[] = [];
  static isSupported = () => true;
  constructor(readonly opts: { title: string; body: string; actions?: { type: 'button'; text: string }[] }) {
    super();
  }
  show = () => {
    Notification.shown.push(this.opts);
    Notification.instances.push(this);
  };
}

export const dialog = {
  showMessageBox: vi.fn(async (_options: Record<string, unknown>) => ({ response: 0 })),
  showOpenDialog: vi.fn(async (..._a: unknown[]) => ({ canceled: true, filePaths: [] as string[] })),
};
export const net = { fetch: vi.fn((...a: Parameters<typeof fetch>) => fetch(...a)) };

export const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  userDataDir: '/tmp/phonedeck-fake',
  getPath: vi.fn((name: string) => (name === 'userData' ? app.userDataDir : `/tmp/phonedeck-fake/${name}`)),
  getVersion: vi.fn(() => '0.1.0'),
  getPreferredSystemLanguages: vi.fn(() => ['en-US']),
  getName: vi.fn(() => 'Phonedeck'),
  requestSingleInstanceLock: vi.fn(() => true),
  protocols: new Set<string>(),
  setAsDefaultProtocolClient: vi.fn((scheme: string) => (app.protocols.add(scheme), true)),
  whenReady: vi.fn(async () => undefined),
  quit: vi.fn(),
  dock: { hide: vi.fn(), show: vi.fn() },
});

/** Puts the fake back to a clean state between tests. */
export function resetElectronFake(): void {
  BrowserWindow.all = [];
  Tray.last = null;
  Notification.shown = [];
  Notification.instances = [];
  ipcMain.handlers.clear();
  partitions.clear();
  contextBridge.exposed = {};
  safeStorage.available = true;
  safeStorage.backend = 'gnome_libsecret';
  vi.clearAllMocks();
}
