import { AccountService } from '../accounts/accounts';
import type { SecretVault } from '../accounts/secret-vault';
import { Fleet } from '../fleet/fleet';
import { DEFAULT_TIMINGS, StatusPoller } from '../fleet/poller';
import type { EventHub } from '../kernel/events';
import type { Logger } from '../kernel/redact';
import { createProviderFactory } from '../providers/factory';
import { SessionManager } from '../sessions/sessions';
import type { SettingsRepo } from '../settings/settings';
import type { TeamDesk } from '../team/team-desk';
import type { AppCoreDeps } from './deps';

/**
 * Accounts, the fleet, phone windows and the poller. They need each other in a ring (accounts ask the
 * fleet who lists a phone, the fleet closes windows before a stop, windows start phones through the
 * fleet), so the ring is closed here with late-bound references, never by one importing another.
 */
export function composeFleet(
  deps: AppCoreDeps,
  k: { settings: SettingsRepo; vault: SecretVault; log: Logger; events: EventHub; team: TeamDesk },
) {
  let fleetRef: Fleet | null = null;
  let sessionsRef: SessionManager | null = null;
  const accounts = new AccountService({
    settings: k.settings,
    vault: k.vault,
    log: k.log,
    demo: deps.demo,
    connectionTestMs: deps.connectionTestMs,
    accountsListing: (provider, phoneIds) => fleetRef?.accountsListing(provider, phoneIds) ?? new Set(),
    // In a team every account's provider is the team's (see TeamDesk.wrap); alone, the plain one.
    factory: k.team.wrap(
      createProviderFactory({ fetch: deps.fetch, clock: deps.clock, huaweiJobPollMs: deps.huaweiJobPollMs }),
    ),
  });
  const fleet = new Fleet({
    accounts,
    clock: deps.clock,
    emit: k.events.emit,
    log: k.log,
    stopWaitMs: deps.stopWaitMs,
    pollEveryMs: deps.pollerTimings?.transitionalMs,
    sessions: { closeFor: (keys) => sessionsRef?.closeFor(keys) ?? Promise.resolve() },
    onAccountHealth: (accountId, error) => accounts.noteHealth(accountId, error),
  });
  fleetRef = fleet;
  const sessions = new SessionManager({
    fleet,
    accounts,
    settings: k.settings,
    factory: deps.windowFactory,
    log: k.log,
    isLocalAccount: (id) => accounts.isLocal(id),
    claims: k.team.claims,
  });
  sessionsRef = sessions;
  sessions.onChange(() => k.events.emit('sessions:changed', { open: sessions.openKeys() }));
  const poller = new StatusPoller(fleet, accounts, deps.clock, k.log, deps.pollerTimings ?? DEFAULT_TIMINGS);
  accounts.onChange((s) => k.events.emit('accounts:changed', s));
  // The demo accounts' names are in the app's language: a new language renames them (main switched first).
  let language = k.settings.get().language;
  k.settings.onChange((s) => {
    if (s.language === language) return;
    language = s.language;
    k.events.emit('accounts:changed', accounts.summaries());
  });
  return { accounts, fleet, sessions, poller };
}
