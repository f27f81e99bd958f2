import { planSummary } from '../../../common/consent-words';
import { formatMoney } from '../../../common/money';
import { formatCount } from '../lib/format';
import { useApp, useI18n } from '../state/context';
import { ConfirmDialog } from './Dialog';
import { KeptApart } from './KeptApart';

const SHOWN_NAMES = 10;

/**
 * The plan main made, put to the person: what would be done to which phones (named with their account
 * when names repeat), what is left out and why, kept phones apart, the cost added per hour, and why it asks.
 * Yes runs exactly this plan.
 */
export function PlanDialog() {
  const planning = useApp((s) => s.planning);
  const confirm = useApp((s) => s.confirmPlan);
  const cancel = useApp((s) => s.cancelPlan);
  const setIncludeKept = useApp((s) => s.setIncludeKept);
  const { t } = useI18n();
  if (!planning) return null;
  const { plan } = planning;
  const action = t(`action.${plan.action === 'stopThenDelete' ? 'delete' : plan.action}`);
  const names = new Map(plan.entries.map((e) => [e.key, e.name]));
  const acting = plan.act.slice(0, SHOWN_NAMES).map((k) => names.get(k) ?? k);
  const keptNames = plan.kept.map((k) => names.get(k) ?? k);
  // The same summary the CLI, MCP and dry runs give; kept phones are listed apart below.
  const summary = planSummary(plan);
  const leftOut = summary.skipped
    .filter((x) => x.reason !== 'kept')
    .map((x) => t('plan.leftOutItem', { n: x.n, reason: x.words }));
  return (
    <ConfirmDialog
      title={
        plan.subject
          ? t('plan.fileTitle', { action, subject: plan.subject, n: plan.act.length })
          : t('plan.title', { action, n: plan.act.length })
      }
      confirmLabel={t('plan.confirm', { action, n: formatCount(plan.act.length) })}
      danger={plan.action !== 'start'}
      canConfirm={plan.act.length > 0}
      returnFocusTo='[role="grid"]'
      onCancel={cancel}
      onConfirm={() => void confirm()}
    >
      {plan.source === 'link' && <p>{t('plan.link', { name: acting[0] ?? '' })}</p>}
      {plan.act.length === 0 && <p>{t('plan.nothing')}</p>}
      <ul className="name-list" aria-label={t('plan.title', { action, n: plan.act.length })}>
        {acting.map((n, i) => (
          <li key={plan.act[i]}>{n}</li>
        ))}
        {plan.act.length > SHOWN_NAMES && (
          <li className="muted">{t('common.moreCount', { n: formatCount(plan.act.length - SHOWN_NAMES) })}</li>
        )}
      </ul>
      {plan.addedPerHour.length > 0 && (
        <p>
          {t('plan.cost', { amounts: plan.addedPerHour.map((c) => formatMoney(c.amount, c.currency)).join(' + ') })}
        </p>
      )}
      {plan.unpriced > 0 && <p className="muted">{t('plan.unpriced', { n: plan.unpriced })}</p>}
      {leftOut.length > 0 && <p data-testid="plan-left-out">{t('plan.leftOut', { list: leftOut.join(', ') })}</p>}
      <KeptApart names={keptNames} include={plan.includeKept} onInclude={(on) => void setIncludeKept(on)} />
      {summary.approval.why.length > 0 && (
        <p className="muted" data-testid="plan-why">
          {t('plan.why', { reasons: summary.approval.why.join('; ') })}
        </p>
      )}
    </ConfirmDialog>
  );
}
