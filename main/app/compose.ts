import { AccountService, type DemoCredentials } from '../accounts/accounts';
import type { Clock } from '../kernel/clock';
import { EventHub } from '../kernel/events';
import { Fleet } from '../fleet/fleet';
import type { FetchLike } from '../providers/plumbing/http';
import { DEFAULT_TIMINGS, StatusPoller, type PollerTimings } from '../fleet/poller';
import { createLogger, SecretRegistry, type LogSink } from '../kernel/redact';
import { SecretVault, type Encryptor } from '../accounts/secret-vault';
import { resolveLocale, setLocale, t } from '../../common/i18n/i18n';
import { describeSource } from '../../common/activity';
import { publicSettings, SettingsRepo, type Settings, type SettingsStore } from '../settings/settings';
import type { LoginItem } from '../shell/login-item';
import { createDispatch } from '../kernel/dispatch';
import { createHandlers } from './handlers';
import { createAutopilotHandlers } from '../autopilot/handlers';
import { Autopilot } from '../autopilot/autopilot';
import { SpendTracker } from '../autopilot/spend';
import { Ledger } from '../ledger/ledger';
import { ControlService } from '../control/control-service';
import { startControlServer } from '../control/control-server';
import { describeError, ProviderError } from '../kernel/errors';
import { ActivityRecorder } from '../ledger/recorder';
import type { AboutInfo, RefreshState } from '../../common/contract';
import { diagnosticsText } from '../shell/diagnostics';
import { UpdateService, type Updater } from '../updates/update-service';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProviderFactory } from '../providers/factory';
import { SessionManager, type WindowFactory } from '../sessions/sessions';

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
  /** The activity ledger's database file (default: a fresh temporary folder, for tests and hosts). */
  ledgerFile?: string;
  /**
   * Shows a desktop notification (Electron); the in-app notice is sent either way. `actions` are offered as
   * buttons where the OS supports them (macOS); clicking the notification shows the window.
   */
  notify?: (title: string, body: string, actions?: { label: string; run: () => void }[]) => void;
  /** How long a person's action keeps policies off a phone (default 5 min). */
  autopilotGraceMs?: number;
  /** Version and folders for About (Electron's app version and paths; defaults for tests and hosts). */
  about?: { version: string; dataFolder: string; logFolder: string; versions?: Record<string, string> };
  /** electron-updater's updater in the packaged app; no update checks without it. */
  updater?: Updater;
  /** Opens a folder in the OS file manager (Electron's shell.openPath). */
  openPath?: (path: string) => Promise<string>;
  /** Starting with the OS session (Electron's login items, or XDG autostart on Linux); absent where there is none. */
  loginItem?: LoginItem;
  /** Where the CLI/MCP control socket and its token file go; no control plane without it. */
  control?: { socket: string; socketDir: string; tokenFile: string; approvalTimeoutMs?: number };
  /** The OS's preferred languages, best first (Electron's app.getPreferredSystemLanguages()); default English. */
  systemLanguages?: () => readonly string[];
}

/**
 * Everything main does, wired from its ports and free of Electron. `main/index.ts` gives it Electron
 * adapters; the browser e2e server and the benchmarks give it a JSON file, a test keychain and a
 * recording window factory. Both run the very same handlers.
 */
export async function createAppCore(deps: AppCoreDeps) {
  const secrets = new SecretRegistry();
  // The last warnings and errors (already redacted by the logger), for "Copy diagnostics".
  const recentErrors: string[] = [];
  const log = createLogger(secrets, (level, line) => {
    if (level !== 'info') recentErrors.push(line.slice(0, 500)) > 50 && recentErrors.shift();
    deps.logSink(level, line);
  });
  const settings = new SettingsRepo(deps.settingsStore);
  // Main speaks the chosen language too (tray, notifications, provider errors); switched before anyone hears of a change.
  const resolveLanguage = (s: Settings) => resolveLocale(s.language, deps.systemLanguages?.() ?? ['en']);
  setLocale(resolveLanguage(settings.get()));
  settings.onChange((s) => setLocale(resolveLanguage(s)));
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
  const startupNotices: string[] = [];
  const openLedger = (file: string) => Ledger.open({ file, now: deps.clock.now, retentionDays: settings.get().autopilot.retentionDays });
  const temporaryLedgerFile = () => join(mkdtempSync(join(tmpdir(), 'phonedeck-ledger-')), 'activity.sqlite');
  // The app must start even where its record cannot be kept (a read-only or full disk): then it says so.
  const ledger = await openLedger(deps.ledgerFile ?? temporaryLedgerFile()).catch(async (e) => {
    log.error('could not open the activity record', e);
    startupNotices.push(t('notice.ledgerTemporary', { error: describeError(e).message }));
    return openLedger(temporaryLedgerFile());
  });
  startupNotices.push(...ledger.notices);
  // The record stays bounded: pruned at most daily while the app runs, and at once when the period changes.
  let prunedAt = deps.clock.now();
  let retention = settings.get().autopilot.retentionDays;
  const pruneWhenDue = () => {
    const days = settings.get().autopilot.retentionDays;
    if (days === retention && deps.clock.now() - prunedAt < 86_400_000) return;
    retention = days;
    prunedAt = deps.clock.now();
    try {
      ledger.prune(days);
    } catch (e) {
      log.warn('could not prune the activity record', e);
    }
  };
  fleet.onChange(pruneWhenDue);
  settings.onChange(pruneWhenDue);
  const recorder = new ActivityRecorder({
    ledger, fleet, clock: deps.clock, log,
    onWriteProblem: (message) => message && events.emit('notice', { level: 'error', message }),
  });
  // Runs a previous session left open end at their last sighting once the first full list shows them stopped.
  const settleOnce = events.subscribe((event, payload) => {
    if (event !== 'refresh:state' || !(payload as RefreshState).lastRefreshAt) return;
    settleOnce();
    recorder.settleAfterFirstList();
  });
  const spend = new SpendTracker({ ledger, clock: deps.clock, phones: () => fleet.all(), providers: () => accounts.providers(), prices: () => settings.get().autopilot.prices });
  const autopilot = new Autopilot({
    clock: deps.clock, log, fleet, sessions,
    settings: {
      get: () => settings.get().autopilot,
      update: (change) => void settings.update((s) => change(s.autopilot)),
      startOptions: () => settings.get().defaultStartOptions,
    },
    spendToday: () => spend.spendToday(),
    announce: (message, pending) => {
      events.emit('notice', { level: 'info', message });
      const actions = pending
        ? [
            { label: 'Keep running 30 min', run: () => void autopilot.snooze(pending.id) },
            { label: 'Stop now', run: () => void autopilot.stopNow(pending.id) },
          ]
        : undefined;
      deps.notify?.('Phonedeck autopilot', message, actions);
    },
    onChange: (state) => events.emit('autopilot:changed', state),
    userGraceMs: deps.autopilotGraceMs,
  });
  settings.onChange(() => events.emit('autopilot:changed', autopilot.state()));
  const updates = deps.updater
    ? new UpdateService({ updater: deps.updater, log, currentVersion: deps.about?.version ?? '0.1.0', notify: (t, b, a) => deps.notify?.(t, b, a), onState: (st) => events.emit('update:state', st) })
    : null;
  const noUpdater = () => new ProviderError('UNSUPPORTED', t('err.updatesUnsupported'));
  const about: AboutInfo = {
    version: deps.about?.version ?? '0.1.0',
    versions: { ...(deps.about?.versions ?? {}), node: process.versions.node, v8: process.versions.v8 },
    platform: `${process.platform} ${process.arch}`,
    dataFolder: deps.about?.dataFolder ?? tmpdir(),
    logFolder: deps.about?.logFolder ?? tmpdir(),
  };
  const control = new ControlService({
    fleet, clock: deps.clock,
    accounts: () => accounts.summaries(),
    open: (keys) => sessions!.open(keys),
    activity: (since) => ledger.jobs({ since, limit: 1000 }),
    settings: () => settings.get().control,
    allowClient: (client) => void settings.update((s) => void (s.control.allowedClients = [...new Set([...s.control.allowedClients, client])])),
    startOptions: () => settings.get().defaultStartOptions,
    onApprovalsChanged: (list, added) => {
      events.emit('control:approvals', list);
      // Once per new request; deciding one must not announce the others again.
      if (added) deps.notify?.(t('notify.approvalTitle'), t('notify.approvalBody', { who: describeSource(added.client), action: added.action, n: added.count }));
    },
    approvalTimeoutMs: deps.control?.approvalTimeoutMs,
  });
  const controlServer = deps.control
    ? await startControlServer({ ...deps.control, service: control, log }).catch((e) => {
        log.error('could not start the control socket', e);
        startupNotices.push(t('notice.controlDown', { error: describeError(e).message }));
        return null;
      })
    : null;
  const more = {
    ...createAutopilotHandlers({ ledger, spend, autopilot, settings, fleet, now: deps.clock.now }),
    'control:decide': async ({ id, approve, always }: { id: string; approve: boolean; always?: boolean }) => {
      if (!control.decide(id, approve, always)) throw new ProviderError('NOT_FOUND', t('err.requestGone'));
      return control.approvals();
    },
    'control:pending': async () => control.approvals(),
    'app:about': async () => about,
    'update:get': async () => updates?.state() ?? null,
    'update:check': async () => {
      if (!updates) throw noUpdater();
      return updates.check(true);
    },
    'update:download': async () => {
      if (!updates) throw noUpdater();
      return updates.download();
    },
    'update:restart': async () => {
      if (!updates) throw noUpdater();
      updates.restartNow();
      return null;
    },
    'app:diagnostics': async () => {
      const cur = settings.get();
      return {
        text: diagnosticsText({
          about, accounts: accounts.summaries(), phones: fleet.all(), refresh: fleet.snapshot().refresh, now: deps.clock.now(), secrets, recentErrors,
          settings: { theme: cur.theme, closeToTray: cur.closeToTray, autopilot: { paused: cur.autopilot.paused, policies: cur.autopilot.policies.length, retentionDays: cur.autopilot.retentionDays }, control: cur.control, logLinesDropped: log.dropped },
        }),
      };
    },
    'app:reportError': async ({ where, message, stack }: { where: string; message: string; stack?: string }) => {
      log.error(`window error in ${where}: ${message}`, stack);
      return null;
    },
    'app:openFolder': async ({ which }: { which: 'logs' | 'data' }) => {
      if (!deps.openPath) throw new ProviderError('UNSUPPORTED', t('err.foldersUnsupported'));
      const problem = await deps.openPath(which === 'logs' ? about.logFolder : about.dataFolder);
      if (problem) throw new ProviderError('OPEN_FAILED', problem);
      return null;
    },
  };
  const loginItem = deps.loginItem ?? null;
  const toPublic = (s: Settings) => {
    let login = { supported: false, enabled: false, hidden: false };
    try {
      if (loginItem) login = { supported: true, ...loginItem.get() };
    } catch (e) {
      log.warn('could not read the login item', e);
    }
    return publicSettings(s, login);
  };
  const handlers = createHandlers({ fleet, accounts, settings, poller, sessions, more, toPublic, loginItem });
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
  settings.onChange((s) => events.emit('settings:changed', toPublic(s)));
  await accounts.load();
  return { secrets, log, settings, vault, events, accounts, fleet, sessions, poller, handlers, dispatch, ledger, recorder, spend, autopilot, startupNotices, control, controlServer, updates };
}

export type AppCore = Awaited<ReturnType<typeof createAppCore>>;
