import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Starting with the OS session: read back from the OS itself, so Settings shows what is true. */
export interface LoginItem {
  get(): { enabled: boolean; hidden: boolean };
  set(enabled: boolean, hidden: boolean): void;
}

/** The flag a login launch carries so the app starts in the tray without a window. */
export const HIDDEN_FLAG = '--hidden';

/**
 * Linux has no login-item API in Electron: desktops start what `~/.config/autostart/*.desktop` lists (XDG
 * Autostart). `exec` is the AppImage's path when run from one (the mounted binary moves on every launch).
 */
export function xdgAutostart(autostartDir: string, exec: string): LoginItem {
  const file = join(autostartDir, 'phonedeck.desktop');
  const quoted = `"${exec.replace(/(["\\`$])/g, '\\$1')}"`;
  return {
    get() {
      if (!existsSync(file)) return { enabled: false, hidden: false };
      const text = readFileSync(file, 'utf8');
      return {
        enabled: !/^Hidden=true$/m.test(text) && !/^X-GNOME-Autostart-enabled=false$/m.test(text),
        hidden: new RegExp(`^Exec=.*${HIDDEN_FLAG}`, 'm').test(text),
      };
    },
    set(enabled, hidden) {
      if (!enabled) return void rmSync(file, { force: true });
      mkdirSync(autostartDir, { recursive: true });
      writeFileSync(
        file,
        [
          '[Desktop Entry]',
          'Type=Application',
          'Name=Phonedeck',
          'Comment=Operate cloud phone fleets from the tray',
          `Exec=${quoted}${hidden ? ` ${HIDDEN_FLAG}` : ''}`,
          'Terminal=false',
          'X-GNOME-Autostart-enabled=true',
          '',
        ].join('\n'),
      );
    },
  };
}

/**
 * macOS and Windows, through Electron's login item settings (passed in, so this file needs no Electron).
 * Windows keys a login entry by its arguments, so "hidden" is the entry with --hidden. macOS login items
 * take no arguments (and openAsHidden is gone since macOS 13), so there "hidden" is our own preference,
 * read when the OS reports the app was opened at login.
 */
export function electronLoginItem(
  platform: NodeJS.Platform,
  api: {
    getLoginItemSettings(o?: { args?: string[] }): { openAtLogin: boolean };
    setLoginItemSettings(s: { openAtLogin: boolean; args?: string[] }): void;
  },
  hiddenPref: { get(): boolean; set(hidden: boolean): void },
): LoginItem {
  const args = [HIDDEN_FLAG];
  return {
    get() {
      if (platform === 'win32') {
        if (api.getLoginItemSettings({ args }).openAtLogin) return { enabled: true, hidden: true };
        return { enabled: api.getLoginItemSettings().openAtLogin, hidden: false };
      }
      const enabled = api.getLoginItemSettings().openAtLogin;
      return { enabled, hidden: enabled && hiddenPref.get() };
    },
    set(enabled, hidden) {
      if (platform === 'win32') {
        // Clear both forms, then write the one wanted.
        api.setLoginItemSettings({ openAtLogin: false, args });
        api.setLoginItemSettings({ openAtLogin: false });
        if (enabled) api.setLoginItemSettings({ openAtLogin: true, ...(hidden ? { args } : {}) });
        return;
      }
      api.setLoginItemSettings({ openAtLogin: enabled });
      hiddenPref.set(enabled && hidden);
    },
  };
}

/** A yes/no kept as the presence of a file (the macOS "start hidden" choice, read before settings load). */
export function fileFlag(path: string): { get(): boolean; set(on: boolean): void } {
  return {
    get: () => existsSync(path),
    set: (on) => (on ? writeFileSync(path, '') : rmSync(path, { force: true })),
  };
}
