import type { PublicSettings } from '../../common/contract';
import { t } from '../../common/i18n/i18n';
import type { Settings, SettingsRepo } from '../settings/settings';
import type { LoginItem } from '../shell/login-item';
import type { AccountService } from '../accounts/accounts';
import type { Fleet } from '../fleet/fleet';
import type { StatusPoller } from '../fleet/poller';
import type { BulkResult } from '../../common/contract';
import type { Handlers } from '../kernel/dispatch';
import { ProviderError } from '../kernel/errors';

export interface SessionOpener {
  open(keys: readonly string[]): Promise<BulkResult[]>;
  openKeys(): string[];
}

type CoreChannels = 'phones:snapshot' | 'phones:refresh' | 'phones:details' | 'phones:visible' | 'bulk:run' | 'bulk:list' | 'bulk:get' | 'sessions:open'
  | 'accounts:list' | 'accounts:add' | 'accounts:test' | 'accounts:cancelTest' | 'accounts:remove' | 'demo:enable' | 'settings:get' | 'settings:update' | 'favorites:set';

/** Every renderer request, mapped onto the services. Inputs arrive already validated by the dispatcher. */
export function createHandlers(s: {
  fleet: Fleet;
  accounts: AccountService;
  settings: SettingsRepo;
  poller: StatusPoller;
  sessions: SessionOpener;
  /** Settings as the window sees them (with the OS's own start-at-login state). */
  toPublic(s: Settings): PublicSettings;
  loginItem: LoginItem | null;
  /** The ledger, spend and autopilot requests, built by their own module. */
  more: Pick<Handlers, Exclude<keyof Handlers, CoreChannels>>;
}): Handlers {
  return {
    ...s.more,
    'phones:snapshot': async ({ offset = 0, limit }) => {
      const { phones, refresh } = s.fleet.snapshot();
      return { phones: phones.slice(offset, limit === undefined ? undefined : offset + limit), total: phones.length, refresh, openWindows: s.sessions.openKeys() };
    },
    'phones:refresh': async () => {
      s.poller.noteFullRefresh();
      return s.fleet.refresh();
    },
    'phones:details': async ({ key }) => ({ facts: s.fleet.factsOf(key) }),
    'phones:visible': async ({ keys }) => {
      s.poller.setVisible(keys);
      return null;
    },
    'bulk:run': async ({ action, keys, options }) => ({
      jobId: s.fleet.runBulk(action, keys, options ?? s.settings.get().defaultStartOptions),
    }),
    'bulk:list': async () => s.fleet.jobHistory(),
    'bulk:get': async ({ jobId }) => {
      const job = s.fleet.getJob(jobId);
      return job ? { job: job.state, results: job.results } : null;
    },
    'sessions:open': async ({ keys }) => ({ opened: await s.sessions.open(keys) }),
    'accounts:list': async () => s.accounts.summaries(),
    'accounts:add': async ({ label, credentials }) => {
      const added = await s.accounts.add(label, credentials);
      void s.fleet.refresh();
      return added;
    },
    'accounts:test': async ({ accountId }) => s.accounts.test(accountId),
    'accounts:cancelTest': async () => {
      s.accounts.cancelTest();
      return null;
    },
    'accounts:remove': async ({ accountId }) => {
      const left = await s.accounts.remove(accountId);
      void s.fleet.refresh();
      return left;
    },
    'demo:enable': async () => {
      const all = await s.accounts.enableDemo();
      await s.fleet.refresh();
      return all;
    },
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
          if (patch.control) cur.control = { ...cur.control, ...patch.control };
        }),
      );
    },
    'favorites:set': async ({ key, favorite }) => {
      // Only phones in the list can be favourites, so the list cannot fill with keys of nothing.
      if (favorite && !s.fleet.get(key)) throw new ProviderError('NOT_FOUND', t('err.phoneGone'));
      return s.toPublic(
        s.settings.update((cur) => {
          cur.favorites = favorite ? [...new Set([...cur.favorites, key])] : cur.favorites.filter((k) => k !== key);
        }),
      );
    },
  };
}
