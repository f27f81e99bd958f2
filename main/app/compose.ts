import { resolveLocale, setLocale } from '../../common/i18n/i18n';
import { createAccountHandlers } from '../accounts/handlers';
import { SecretVault } from '../accounts/secret-vault';
import { createAutopilotHandlers } from '../autopilot/handlers';
import { createControlHandlers } from '../control/handlers';
import { createFleetHandlers } from '../fleet/handlers';
import { createDispatch } from '../kernel/dispatch';
import { EventHub } from '../kernel/events';
import { createLogger, SecretRegistry, type Logger, type LogSink } from '../kernel/redact';
import { UpdateService } from '../updates/update-service';
import { createLedgerHandlers } from '../ledger/handlers';
import { createSessionHandlers } from '../sessions/handlers';
import { forgetRemovedPhones } from '../settings/forget-removed';
import { createSettingsHandlers } from '../settings/handlers';
import { SettingsRepo, type Settings } from '../settings/settings';
import { createShellHandlers } from '../shell/handlers';
import { createUpdateHandlers } from '../updates/handlers';
import { composePolicies } from './compose-consent';
import { createConsentHandlers } from '../consent/handlers';
import { composeControl } from './compose-control';
import { composeFleet } from './compose-fleet';
import { composeTeam } from './compose-team';
import { composeScreens } from './compose-screens';
import { composeFiles } from './compose-files';
import { createScreensHandlers } from '../screens/handlers';
import { createTeamHandlers } from '../team/handlers';
import { composeRecord } from './compose-record';
import { aboutInfo, diagnosticsFrom, publicSettingsWith } from './compose-shell';
import type { AppCoreDeps } from './deps';
import { combineHandlers } from './handlers';

export type { AppCoreDeps } from './deps';

/** Updates, when this build can update itself (not a development run or the browser host). */
function composeUpdates(deps: AppCoreDeps, k: { log: Logger; events: EventHub; notify: AppCoreDeps['notify'] }) {
  if (!deps.updater) return null;
  return new UpdateService({
    updater: deps.updater,
    log: k.log,
    currentVersion: deps.about?.version ?? '0.1.0',
    notify: (title, body, actions) => k.notify?.(title, body, actions),
    onState: (st) => k.events.emit('update:state', st),
  });
}

/** A logger that masks every registered secret, keeping the last warnings and errors for "Copy diagnostics". */
function createLogging(sink: LogSink) {
  const secrets = new SecretRegistry();
  const recentErrors: string[] = [];
  const log = createLogger(secrets, (level, line) => {
    if (level !== 'info' && recentErrors.push(line.slice(0, 500)) > 50) recentErrors.shift();
    sink(level, line);
  });
  return { secrets, log, recentErrors };
}

/** Settings, the language main speaks, the vault, the event hub and masked notifications: what all else needs. */
function composeBase(deps: AppCoreDeps) {
  const { secrets, log, recentErrors } = createLogging(deps.logSink);
  const settings = new SettingsRepo(deps.settingsStore);
  // Main speaks the chosen language too (tray, notifications, provider errors); switched before anyone hears of a change.
  const resolveLanguage = (s: Settings) => resolveLocale(s.language, deps.systemLanguages?.() ?? ['en']);
  setLocale(resolveLanguage(settings.get()));
  settings.onChange((s) => setLocale(resolveLanguage(s)));
  const vault = new SecretVault(settings, deps.encryptor, secrets);
  const events = new EventHub((payload) => secrets.redactValues(payload));
  // Desktop notifications are an exit too: what a provider echoed is masked there as everywhere.
  const notify: AppCoreDeps['notify'] = (title, body, actions) =>
    deps.notify?.(secrets.redactText(title), secrets.redactText(body), actions);
  return { secrets, log, recentErrors, settings, vault, events, notify, safeDeps: { ...deps, notify } };
}

/**
 * Everything main does, composed from its ports and free of Electron (GitHub Desktop's composition root).
 * `main/index.ts` gives it Electron adapters; the browser e2e host and the benchmarks give it a JSON file,
 * a test keychain and a recording window factory. Both run the very same handlers.
 */
export async function createAppCore(deps: AppCoreDeps) {
  const { secrets, log, recentErrors, settings, vault, events, notify, safeDeps } = composeBase(deps);
  const startupNotices: string[] = [];
  const team = composeTeam(deps, { settings, vault, log, events, secrets });
  const { accounts, fleet, sessions, poller } = composeFleet(deps, { settings, vault, log, events, team: team.desk });
  team.bind({ accounts, fleet, sessions });
  const { ledger, recorder } = await composeRecord(deps, { settings, log, events, fleet, startupNotices, secrets });
  const { actions: files, handlers: filesHandlers, fileWhat } = composeFiles(deps, { fleet, accounts });
  const base = { settings, log, events, fleet, sessions, accounts, ledger, team: team.desk, files };
  const { gate, spend, autopilot } = composePolicies(safeDeps, base);
  const screens = composeScreens(deps, { fleet, accounts, log, events });
  const forControl = { ...base, startupNotices, secrets, gate, screens };
  const { control, controlServer } = await composeControl(safeDeps, forControl);
  const updates = composeUpdates(deps, { log, events, notify });
  const about = aboutInfo(deps);
  const toPublic = publicSettingsWith(deps.loginItem ?? null, log);
  const handlers = combineHandlers({
    fleet: createFleetHandlers({
      fleet,
      poller,
      openWindows: () => sessions.openKeys(),
      // The window's plain request runs through the same gate: a plan, refused when it needs a person.
      act: (action, keys, options) => gate.execute(gate.plan({ source: 'window', action, keys }), false, options),
    }),
    consent: createConsentHandlers({ gate, defaultStartOptions: () => settings.get().defaultStartOptions, fileWhat }),
    sessions: createSessionHandlers({ sessions }),
    accounts: createAccountHandlers({ accounts, refreshList: () => fleet.refresh() }),
    settings: createSettingsHandlers({
      settings,
      toPublic,
      loginItem: deps.loginItem ?? null,
      isListed: (key) => !!fleet.get(key),
    }),
    ledger: createLedgerHandlers({ ledger, phone: (key) => fleet.get(key) ?? null, price: (id) => spend.priceIn(id) }),
    autopilot: createAutopilotHandlers({ ledger, spend, autopilot, settings, now: deps.clock.now }),
    control: createControlHandlers({ control }),
    shell: createShellHandlers({
      about,
      log,
      openPath: deps.openPath,
      diagnostics: diagnosticsFrom(deps, { about, accounts, fleet, settings, secrets, recentErrors, log }),
    }),
    updates: createUpdateHandlers({ updates }),
    team: createTeamHandlers({ desk: team.desk }),
    screens: createScreensHandlers({ screens }),
    files: filesHandlers,
  });
  const dispatch = createDispatch(handlers, { log, secrets });
  fleet.onRemoved((keys) => forgetRemovedPhones(settings, keys, log));
  settings.onChange((s) => events.emit('settings:changed', toPublic(s)));
  await accounts.load();
  await team.desk.begin();
  return {
    team: team.desk,
    screens,
    files,
    secrets,
    log,
    settings,
    vault,
    events,
    accounts,
    fleet,
    sessions,
    poller,
    handlers,
    dispatch,
    ledger,
    recorder,
    spend,
    autopilot,
    gate,
    startupNotices,
    control,
    controlServer,
    updates,
  };
}

export type AppCore = Awaited<ReturnType<typeof createAppCore>>;
