import { t } from '../../common/i18n/i18n';
import { Autopilot } from '../autopilot/autopilot';
import { SpendTracker } from '../autopilot/spend';
import type { AppCoreDeps, Composed } from './deps';

/** Spend and policies, with their notices and desktop notifications in the person's language. */
export function composeAutopilot(
  deps: AppCoreDeps,
  k: Pick<Composed, 'settings' | 'log' | 'events' | 'fleet' | 'sessions' | 'accounts' | 'ledger'>,
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
    settings: {
      get: () => k.settings.get().autopilot,
      update: (change) => void k.settings.update((s) => change(s.autopilot)),
      startOptions: () => k.settings.get().defaultStartOptions,
    },
    spendToday: () => spend.spendToday(),
    announce: (message, pending) => {
      k.events.emit('notice', { level: 'info', message });
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
