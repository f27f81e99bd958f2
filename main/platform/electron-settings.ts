import { join } from 'node:path';
import Store from 'electron-store';
import { defaultSettings, migrate, quarantineIfCorrupt, SettingsSchema, type Settings, type SettingsStore } from '../core/settings';

/**
 * Settings in electron-store. A corrupt file is moved aside first (electron-store would otherwise reset
 * it silently and the user's accounts would be gone without a trace).
 */
export function createElectronSettingsStore(userData: string): { store: SettingsStore; quarantined: string | null } {
  const quarantined = quarantineIfCorrupt(join(userData, 'settings.json'));
  const store = new Store<Settings>({ name: 'settings', cwd: userData, defaults: defaultSettings(), configFileMode: 0o600, clearInvalidConfig: false });
  return {
    quarantined,
    store: {
      read: () => SettingsSchema.parse(migrate(store.store)),
      write: (next) => {
        store.store = next;
      },
    },
  };
}
