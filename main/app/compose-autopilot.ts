import { t } from '../../common/i18n/i18n';
import { Autopilot } from '../autopilot/autopilot';
import { SpendTracker } from '../autopilot/spend';
import type { AppCoreDeps, Composed } from './deps';
import type { ConsentGate } from '../consent/consent-gate';
import type { TaskReader } from '../autopilot/busy-evidence';
import { phoneKey } from '../../common/phone';

/** Tasks from every account whose provider reports them: the evidence idle stop needs. */
function taskReader(accounts: Composed['accounts']): TaskReader {
  return {
    reportsTasks: (accountId) => !!accounts.provider(accountId)?.activeTaskPhones,
    busyPhones: async (signal) => {
      const busy = new Set<string>();
      for (const { accountId, provider } of accounts.providers()) {
        if (!provider.activeTaskPhones) continue;
        for (const id of await provider.activeTaskPhones(signal)) busy.add(phoneKey(accountId, id));
      }
      return busy;
    },
  };
}

/** Spend and policies, with their notices and desktop notifications in the person's language. */
export function composeAutopilot(
  deps: AppCoreDeps,
  k: Pick<Composed, 'settings' | 'log' | 'events' | 'fleet' | 'sessions' | 'accounts' | 'ledger'> & {
    gate: ConsentGate;
  },
) {
  const spend = new SpendTracker({
    ledger: k.ledger,
    clock: deps.clock,
    phones: () => k.fleet.all(),
    providers: () => k.accounts.providers(),
    prices: () => k.settings.get().autopilot.prices,
  });
  const autopilot: Autopilot = new Autopilot({
    clock: deps.clock,
    log: k.log,
    fleet: k.fleet,
    sessions: k.sessions,
    consent: k.gate,
    tasks: taskReader(k.accounts),
    settings: {
      get: () => k.settings.get().autopilot,
      update: (change) => void k.settings.update((s) => change(s.autopilot)),
    },
    spendToday: () => spend.spendToday(),
    currencyOf: (accountId) => spend.currencyOf(accountId),
    announce: (message, pending) => {
      // An announced stop is shown by the banner on every tab (it goes when kept running); others are notices.
      if (!pending) k.events.emit('notice', { level: 'info', message });
      const actions = pending
        ? [
            { label: t('autopilot.snooze'), run: () => void autopilot.snooze(pending.id) },
            { label: t('autopilot.stopNow'), run: () => void autopilot.stopNow(pending.id) },
          ]
        : undefined;
      deps.notify?.(t('notify.autopilotTitle'), message, actions);
    },
    onChange: (state) => k.events.emit('autopilot:changed', state),
    userGraceMs: deps.autopilotGraceMs,
  });
  k.settings.onChange(() => k.events.emit('autopilot:changed', autopilot.state()));
  return { spend, autopilot };
}
