import { join } from 'node:path';
import Store from 'electron-store';
import type { Settings, SettingsStore } from './settings';
import { openSettingsFile, settingsToDisk } from './settings-file';

/**
 * Settings in electron-store. The file is opened through openSettingsFile first: a damaged file is moved
 * aside and one bad field is repaired alone (electron-store would otherwise reset the file silently and the
 * user's accounts would be gone without a trace). Reads come from memory; writes go through to disk first.
 */
export function createElectronSettingsStore(userData: string): SettingsStore {
  const opened = openSettingsFile(join(userData, 'settings.json'));
  const store = new Store<Record<string, unknown>>({
    name: 'settings',
    cwd: userData,
    configFileMode: 0o600,
    clearInvalidConfig: false,
  });
  let cache = opened.settings;
  return {
    notices: opened.notices,
    read: () => cache,
    write: (next: Settings) => {
      store.store = settingsToDisk(next, opened.carried);
      cache = next;
    },
  };
}
