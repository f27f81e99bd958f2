import type { AccountSummary, Credentials, InvokeInput, PublicSettings } from '../../../common/contract';
import { resolveLocale, setLocale, type I18n } from '../../../common/i18n/i18n';
import type { SliceContext } from './slice';

export interface SettingsSliceState {
  accounts: AccountSummary[];
  settings: PublicSettings | null;
  /** The language everything is said in: main's answer, or the browser's languages until it comes. */
  i18n: I18n;
}

export interface SettingsSliceActions {
  addAccount(
    label: string,
    credentials: Credentials,
  ): Promise<{ ok: true; accountId: string } | { ok: false; message: string; field?: string }>;
  testAccount(accountId: string): Promise<void>;
  /** Stops a connection test that is taking too long (adding or testing an account). */
  cancelAccountTest(): Promise<void>;
  removeAccount(accountId: string): Promise<void>;
  enableDemo(): Promise<void>;
  updateSettings(patch: InvokeInput<'settings:update'>): Promise<void>;
  setFavorite(key: string, favorite: boolean): Promise<void>;
}

const browserLanguages = () => (typeof navigator === 'undefined' ? [] : navigator.languages);

/**
 * Settings from main, with the language they choose switched on before anything renders in it. "system"
 * is resolved here from the browser's languages, which in Electron are the OS's, so dates and numbers
 * follow the person's own region (en-GB, de-DE) too.
 */
export function withSettings(settings: PublicSettings): Pick<SettingsSliceState, 'settings' | 'i18n'> {
  return { settings, i18n: setLocale(resolveLocale(settings.language, browserLanguages())) };
}

/** Accounts and preferences. */
export function createSettingsSlice({
  bridge,
  set,
  call,
}: SliceContext<SettingsSliceState>): SettingsSliceState & SettingsSliceActions {
  return {
    accounts: [],
    settings: null,
    i18n: setLocale(resolveLocale('system', browserLanguages())),
    async addAccount(label, credentials) {
      const r = await bridge.invoke('accounts:add', { label, credentials });
      return r.ok ? { ok: true, accountId: r.value.id } : { ok: false, message: r.message, field: r.field };
    },
    async testAccount(accountId) {
      await call('accounts:test', { accountId });
    },
    async cancelAccountTest() {
      await call('accounts:cancelTest', {});
    },
    async removeAccount(accountId) {
      const accounts = await call('accounts:remove', { accountId });
      if (accounts) set({ accounts });
    },
    async enableDemo() {
      const accounts = await call('demo:enable', {});
      if (accounts) set({ accounts });
    },
    async updateSettings(patch) {
      const settings = await call('settings:update', patch);
      if (settings) set(withSettings(settings));
    },
    async setFavorite(key, favorite) {
      const settings = await call('favorites:set', { key, favorite });
      if (settings) set(withSettings(settings));
    },
  };
}
