import { AccountService, type DemoCredentials } from './accounts';
import type { Clock } from './clock';
import { EventHub } from './events';
import { Fleet } from './fleet';
import type { FetchLike } from './http';
import { DEFAULT_TIMINGS, StatusPoller, type PollerTimings } from './poller';
import { createLogger, SecretRegistry, type LogSink } from './redact';
import { SecretVault, type Encryptor } from './secret-vault';
import { publicSettings, SettingsRepo, type SettingsStore } from './settings';
import { createDispatch } from '../ipc/dispatch';
import { createHandlers } from '../ipc/handlers';
import { createProviderFactory } from '../providers/factory';
import { SessionManager, type WindowFactory } from '../windows/sessions';

export interface AppCoreDeps {
  settingsStore: SettingsStore;
  encryptor: Encryptor;
  fetch: FetchLike;
  clock: Clock;
  logSink: LogSink;
  demo: DemoCredentials;
  windowFactory: WindowFactory;
  pollerTimings?: PollerTimings;
  stopWaitMs?: number;
  huaweiJobPollMs?: number;
  /** Overall deadline of a connection test (default 10 s). */
  connectionTestMs?: number;
}

/**
 * Everything main does, wired from its ports and free of Electron. `main/index.ts` gives it Electron
 * adapters; the browser e2e server and the benchmarks give it a JSON file, a test keychain and a
 * recording window factory. Both run the very same handlers.
 */
export async function createAppCore(deps: AppCoreDeps) {
  const secrets = new SecretRegistry();
  const log = createLogger(secrets, deps.logSink);
  const settings = new SettingsRepo(deps.settingsStore);
  const vault = new SecretVault(settings, deps.encryptor, secrets);
  const events = new EventHub((payload) => secrets.redactValues(payload));
  let fleetRef: Fleet | null = null;
  const accounts = new AccountService({
    settings, vault, log, demo: deps.demo, connectionTestMs: deps.connectionTestMs,
    accountsListing: (provider, phoneIds) => fleetRef?.accountsListing(provider, phoneIds) ?? new Set(),
    factory: createProviderFactory({ fetch: deps.fetch, clock: deps.clock, huaweiJobPollMs: deps.huaweiJobPollMs }),
  });
  let sessions: SessionManager | null = null;
  const fleet = new Fleet({
    accounts, clock: deps.clock, emit: events.emit, log, stopWaitMs: deps.stopWaitMs,
    pollEveryMs: deps.pollerTimings?.transitionalMs,
    sessions: { closeFor: (keys) => sessions?.closeFor(keys) ?? Promise.resolve() },
    onAccountHealth: (accountId, error) => accounts.noteHealth(accountId, error),
  });
  fleetRef = fleet;
  sessions = new SessionManager({ fleet, accounts, settings, factory: deps.windowFactory, log, isLocalAccount: (id) => accounts.isLocal(id) });
  sessions.onChange(() => events.emit('sessions:changed', { open: sessions!.openKeys() }));
  const poller = new StatusPoller(fleet, accounts, deps.clock, log, deps.pollerTimings ?? DEFAULT_TIMINGS);
  const handlers = createHandlers({ fleet, accounts, settings, poller, sessions });
  const dispatch = createDispatch(handlers, { log, secrets });
  accounts.onChange((s) => events.emit('accounts:changed', s));
  // What belonged to a phone that is gone goes with it: its favourite star and its window position.
  fleet.onRemoved((keys) => {
    const gone = new Set(keys);
    const cur = settings.get();
    if (!cur.favorites.some((k) => gone.has(k)) && !keys.some((k) => k in cur.windowBounds)) return;
    try {
      settings.update((s) => {
        s.favorites = s.favorites.filter((k) => !gone.has(k));
        for (const k of keys) delete s.windowBounds[k];
      });
    } catch (e) {
      log.warn('could not prune settings for removed phones', e);
    }
  });
  settings.onChange((s) => events.emit('settings:changed', publicSettings(s)));
  await accounts.load();
  return { secrets, log, settings, vault, events, accounts, fleet, sessions, poller, handlers, dispatch };
}

export type AppCore = Awaited<ReturnType<typeof createAppCore>>;
