import { tmpdir } from 'node:os';
import type { AboutInfo } from '../../common/contract';
import type { AccountService } from '../accounts/accounts';
import type { Fleet } from '../fleet/fleet';
import type { createLogger, SecretRegistry } from '../kernel/redact';
import type { Settings, SettingsRepo } from '../settings/settings';
import { publicSettings } from '../settings/settings';
import { diagnosticsText } from '../shell/diagnostics';
import type { LoginItem } from '../shell/login-item';
import type { AppCoreDeps } from './deps';

export function aboutInfo(deps: AppCoreDeps): AboutInfo {
  return {
    version: deps.about?.version ?? '0.1.0',
    versions: { ...(deps.about?.versions ?? {}), node: process.versions.node, v8: process.versions.v8 },
    platform: `${process.platform} ${process.arch}`,
    dataFolder: deps.about?.dataFolder ?? tmpdir(),
    logFolder: deps.about?.logFolder ?? tmpdir(),
  };
}

/** Settings as the window sees them, with the OS's own start-at-login state (read each time: the OS may change it). */
export function publicSettingsWith(loginItem: LoginItem | null, log: Pick<ReturnType<typeof createLogger>, 'warn'>) {
  return (s: Settings) => {
    let login = { supported: false, enabled: false, hidden: false };
    try {
      if (loginItem) login = { supported: true, ...loginItem.get() };
    } catch (e) {
      log.warn('could not read the login item', e);
    }
    return publicSettings(s, login);
  };
}

/** "Copy diagnostics": versions, accounts (never their keys), counts, health and recent errors, redacted. */
export function diagnosticsFrom(
  deps: AppCoreDeps,
  k: {
    about: AboutInfo;
    accounts: AccountService;
    fleet: Fleet;
    settings: SettingsRepo;
    secrets: SecretRegistry;
    recentErrors: string[];
    log: ReturnType<typeof createLogger>;
  },
) {
  return () => {
    const cur = k.settings.get();
    const autopilot = {
      paused: cur.autopilot.paused,
      policies: cur.autopilot.policies.length,
      retentionDays: cur.autopilot.retentionDays,
    };
    return diagnosticsText({
      about: k.about,
      accounts: k.accounts.summaries(),
      phones: k.fleet.all(),
      refresh: k.fleet.snapshot().refresh,
      now: deps.clock.now(),
      secrets: k.secrets,
      recentErrors: k.recentErrors,
      settings: {
        theme: cur.theme,
        closeToTray: cur.closeToTray,
        autopilot,
        control: cur.control,
        logLinesDropped: k.log.dropped,
      },
    });
  };
}
