import type { PublicSettings } from '../../common/contract';
import type { settingsChannels } from '../../common/contract/settings';
import { t } from '../../common/i18n/i18n';
import type { HandlersFor } from '../kernel/dispatch';
import { ProviderError } from '../kernel/errors';
import type { Settings, SettingsRepo } from './settings';

/** Preferences and favourites, as the window sees them. */
export function createSettingsHandlers(s: {
  settings: SettingsRepo;
  /** Settings as the window sees them (with the OS's own start-at-login state). */
  toPublic(s: Settings): PublicSettings;
  /** Starting with the OS session (the shell's login item), where the OS has one. */
  loginItem: { set(enabled: boolean, hidden: boolean): void } | null;
  /** Whether a phone is in the list now: only those can become favourites. */
  isListed(key: string): boolean;
}): HandlersFor<typeof settingsChannels> {
  return {
    'settings:get': async () => s.toPublic(s.settings.get()),
    'settings:update': async (patch) => {
      if (patch.startAtLogin) {
        if (!s.loginItem) throw new ProviderError('UNSUPPORTED', t('err.loginUnsupported'));
        s.loginItem.set(patch.startAtLogin.enabled, patch.startAtLogin.hidden);
      }
      return s.toPublic(
        s.settings.update((cur) => {
          if (patch.theme) cur.theme = patch.theme;
          if (patch.language) cur.language = patch.language;
          if (patch.defaultStartOptions) cur.defaultStartOptions = patch.defaultStartOptions;
          if (patch.closeToTray !== undefined) cur.closeToTray = patch.closeToTray;
          if (patch.activityRetentionDays !== undefined) cur.autopilot.retentionDays = patch.activityRetentionDays;
          if (patch.control?.allowedClients) cur.control.allowedClients = patch.control.allowedClients;
          if (patch.control?.unpair) {
            const gone = new Set(patch.control.unpair);
            cur.control.pairedClients = cur.control.pairedClients.filter((p) => !gone.has(p.client));
            cur.control.allowedClients = cur.control.allowedClients.filter((c) => !gone.has(c));
          }
          if (patch.consent) cur.consent = { ...cur.consent, ...patch.consent };
        }),
      );
    },
    'favorites:set': async ({ key, favorite }) => {
      // Only phones in the list can be favourites, so the list cannot fill with keys of nothing.
      if (favorite && !s.isListed(key)) throw new ProviderError('NOT_FOUND', t('err.phoneGone'));
      return s.toPublic(
        s.settings.update((cur) => {
          cur.favorites = favorite ? [...new Set([...cur.favorites, key])] : cur.favorites.filter((k) => k !== key);
        }),
      );
    },
  };
}
