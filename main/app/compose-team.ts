import { hostname, userInfo } from 'node:os';
import type { AccountService } from '../accounts/accounts';
import type { SecretVault } from '../accounts/secret-vault';
import type { Fleet } from '../fleet/fleet';
import type { EventHub } from '../kernel/events';
import type { Logger, SecretRegistry } from '../kernel/redact';
import type { SessionManager } from '../sessions/sessions';
import type { SettingsRepo } from '../settings/settings';
import { TeamDesk } from '../team/team-desk';
import type { AppCoreDeps } from './deps';

/**
 * Team mode, composed before the accounts it changes: the desk wraps their provider factory, so its
 * references to the accounts, the fleet and the windows are bound once those exist (`bind`).
 */
export function composeTeam(
  deps: AppCoreDeps,
  k: { settings: SettingsRepo; vault: SecretVault; log: Logger; events: EventHub; secrets: SecretRegistry },
) {
  let accounts: AccountService | null = null;
  let fleet: Fleet | null = null;
  let refreshTimer: NodeJS.Timeout | null = null;
  const desk = new TeamDesk({
    settings: k.settings,
    vault: k.vault,
    log: k.log,
    redact: (...s) => k.secrets.add(...s),
    node: `${hostname()}:${safeUser()}`,
    startOptions: () => k.settings.get().defaultStartOptions,
    accounts: {
      reload: async (team) => accounts?.reload(team),
      setTeamAccounts: (team) => accounts?.setTeamAccounts(team),
    },
    onState: (s) => k.events.emit('team:changed', s),
    // A burst of published statuses is one read of the list, a quarter second later.
    onPhones: () => {
      refreshTimer ??= setTimeout(() => {
        refreshTimer = null;
        void fleet?.refresh().catch(() => undefined);
      }, 250);
    },
    linkOptions: deps.team,
  });
  const bind = (parts: { accounts: AccountService; fleet: Fleet; sessions: SessionManager }) => {
    accounts = parts.accounts;
    fleet = parts.fleet;
    desk.openViewers = () => parts.sessions.openKeys();
    parts.accounts.onChange((list) => void desk.accountsNow(list.filter((a) => !a.team).map((a) => a.id)));
  };
  return { desk, bind };
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'desktop';
  }
}
