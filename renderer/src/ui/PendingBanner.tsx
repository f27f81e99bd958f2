import type { PendingStop } from '../../../common/policy';
import { useApp, useI18n } from '../state/context';

/**
 * Stops a policy announced, on every tab, with both answers: "Keep running 30 min" (the banner goes) and
 * "Stop now". One that waits for a person says so; a start a policy asks for reads "Start now" / "Skip".
 */
/** One empty list, so the selector answers the same value while nothing is pending (a new [] would re-render forever). */
const NONE: readonly PendingStop[] = [];

export function PendingBanner() {
  const pending = useApp((s) => s.autopilot?.pending ?? NONE);
  const change = useApp((s) => s.changeAutopilot);
  const { t, items } = useI18n();
  if (!pending.length) return null;
  return (
    <div className="pending-banner" role="alert" data-testid="pending-banner">
      {pending.map((p) => {
        const names =
          items(p.names.slice(0, 3)) +
          (p.names.length > 3 ? ` ${t('common.moreCount', { n: p.names.length - 3 })}` : '');
        const start = p.action === 'start';
        return (
          <div key={p.id} className="pending-row">
            <span>
              {t(start ? 'notify.autopilotStart' : 'notify.autopilotStop', {
                policy: p.policyName,
                consent: p.needsConsent ? 'yes' : 'no',
                names,
                reason: p.reason,
              })}
            </span>
            <button onClick={() => void change('autopilot:snooze', { pendingId: p.id })}>
              {t(start ? 'autopilot.skip' : 'autopilot.snooze')}
            </button>
            <button className="danger" onClick={() => void change('autopilot:stopNow', { pendingId: p.id })}>
              {t(start ? 'autopilot.startNow' : 'autopilot.stopNow')}
            </button>
          </div>
        );
      })}
    </div>
  );
}
