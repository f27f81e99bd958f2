import { useState } from 'react';
import type { AutopilotState, DryRunStep, Policy, SpendSummary } from '../../../../common/policy';
import { dayName } from '../../../../common/weekdays';
import { KEEP_RUNNING_TAG } from '../../../../common/phone';
import { formatClock, formatCount, formatMoney } from '../../lib/format';
import { useApp, useI18n } from '../../state/context';
import { i18n, t as translate } from '../../../../common/i18n/i18n';
import { DryRunLines, PolicyForm, describePolicy } from './PolicyForm';
import { MoneyBreakdown } from './MoneyBreakdown';
import { SpendCharts } from './SpendCharts';
import { PriceField } from '../../ui/PriceField';

type DryRun = { policyId: string; lines: string[] };

/** Money per account, the policies that keep it in check, and the stops about to happen. */
export function AutopilotView() {
  const autopilot = useApp((s) => s.autopilot);
  const { t } = useI18n();
  if (!autopilot) return <div className="empty">{t('common.loading')}</div>;
  return (
    <div className="settings autopilot">
      <MoneySection />

      {autopilot.pending.length > 0 && <PendingStops pending={autopilot.pending} />}

      <PoliciesSection autopilot={autopilot} />
    </div>
  );
}

const useAccountLabel = () => {
  const accounts = useApp((s) => s.accounts);
  return (id: string) => accounts.find((a) => a.id === id)?.label ?? id;
};

/** Running minutes and estimated spend per account, with its price. */
function MoneySection() {
  const spend = useApp((s) => s.spend);
  const loadSpend = useApp((s) => s.loadSpend);
  const label = useAccountLabel();
  const { t } = useI18n();
  return (
    <section aria-labelledby="spend-h">
      <h2 id="spend-h">{t('autopilot.money')}</h2>
      <p className="muted">{t('autopilot.moneyNote')}</p>
      <ul className="accounts">
        {spend.map((s) => (
          <SpendCard key={s.accountId} s={s} label={label(s.accountId)} />
        ))}
      </ul>
      <button className="small" onClick={() => void loadSpend(true)}>
        {t('autopilot.readBalances')}
      </button>
      <MoneyBreakdown />
      <SpendCharts />
    </section>
  );
}

/** Stops a policy announced and has not made yet, each with Keep running and Stop now. */
function PendingStops({ pending }: { pending: AutopilotState['pending'] }) {
  const change = useApp((s) => s.changeAutopilot);
  const { t } = useI18n();
  return (
    <section aria-labelledby="pending-h">
      <h2 id="pending-h">{t('autopilot.aboutToStop')}</h2>
      <ul className="accounts">
        {pending.map((p) => (
          <li key={p.id} className="card pending" data-testid="pending-stop">
            <div>
              <strong>{p.policyName}</strong>{' '}
              {t('autopilot.pendingLine', {
                when: p.needsConsent
                  ? t('autopilot.asksToStop')
                  : t('autopilot.stopsAt', { time: formatClock(p.dueAt) }),
                names: i18n().items(p.names.slice(0, 10)),
                more: Math.max(0, p.names.length - 10),
              })}{' '}
              <span className="muted">({p.reason})</span>
            </div>
            <div className="row-actions">
              <button onClick={() => void change('autopilot:snooze', { pendingId: p.id })}>
                {t('autopilot.snooze')}
              </button>
              <button className="danger" onClick={() => void change('autopilot:stopNow', { pendingId: p.id })}>
                {t('autopilot.stopNow')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** When a dry run's step would happen: a weekday and a time ("Mon 19:00") in the person's language. */
const whenOf = (at: number) => `${dayName(new Date(at).getDay())} ${i18n().clock(at)}`;

/**
 * A dry run's answer in words: what each step would do (now, or at the policy's next run), to which phones,
 * what it would leave out, and whether and why it would ask.
 */
function dryRunLines(r: DryRunStep[]): string[] {
  if (!r.length) return [translate('autopilot.nothing')];
  return r.flatMap((d) => {
    if (d.at !== null && !d.phones.length && d.action !== 'warn')
      return [translate('autopilot.dryNothingAt', { when: whenOf(d.at) })];
    const line = translate('autopilot.dryLine', {
      what:
        d.action === 'warn'
          ? translate('autopilot.wouldWarn')
          : translate('autopilot.would', { action: d.action, consent: d.needsConsent ? 'yes' : 'no' }),
      n: d.phones.length,
      names: i18n().items(d.phones.slice(0, 12).map((p) => p.name)),
      more: Math.max(0, d.phones.length - 12),
      reason: d.reason,
    });
    return [
      translate('autopilot.dryAt', { when: d.at === null ? translate('autopilot.now') : whenOf(d.at), line }),
      ...(d.leftOut.length
        ? [translate('plan.leftOut', { list: d.leftOut.map((x) => `${x.n} ${x.words}`).join(', ') })]
        : []),
      ...(d.asks.length ? [translate('plan.why', { reasons: d.asks.join('; ') })] : []),
    ];
  });
}

/** The policies: pause all, each one's card, and the form to add or edit one. */
function PoliciesSection({ autopilot }: { autopilot: AutopilotState }) {
  const change = useApp((s) => s.changeAutopilot);
  const request = useApp((s) => s.request);
  const [editing, setEditing] = useState<Policy | 'new' | null>(null);
  const [dry, setDry] = useState<DryRun | null>(null);
  const { t } = useI18n();
  const dryRun = async (policy: Policy) => {
    const r = await request('autopilot:dryRun', { policy });
    if (r) setDry({ policyId: policy.id, lines: dryRunLines(r) });
  };
  return (
    <section aria-labelledby="policies-h">
      <h2 id="policies-h">{t('autopilot.policies')}</h2>
      <p className="muted">
        {t('autopilot.policiesNoteBefore')} <span className="tag">{KEEP_RUNNING_TAG}</span>
        {t('autopilot.policiesNoteAfter')}
      </p>
      <label className="check">
        <input
          type="checkbox"
          checked={autopilot.paused}
          onChange={(e) => void change('autopilot:pause', { paused: e.target.checked })}
        />{' '}
        {t('autopilot.pauseAll')}
      </label>
      {autopilot.policies.length === 0 && !editing && (
        <p className="muted" data-testid="no-policies">
          {t('autopilot.noPolicies')}
        </p>
      )}
      <ul className="accounts" data-testid="policies">
        {autopilot.policies.map((p) => (
          <PolicyCard key={p.id} p={p} dry={dry} onDryRun={dryRun} onEdit={() => setEditing(p)} />
        ))}
      </ul>
      {editing ? (
        <PolicyForm
          initial={editing === 'new' ? null : editing}
          onDryRun={dryRun}
          dry={dry}
          onDone={() => setEditing(null)}
          onSave={async (policy) => {
            const ok = await change('autopilot:save', { policy });
            if (ok) setEditing(null);
            return ok;
          }}
        />
      ) : (
        <button className="primary" onClick={() => setEditing('new')}>
          {t('autopilot.newPolicy')}
        </button>
      )}
    </section>
  );
}

function PolicyCard(props: { p: Policy; dry: DryRun | null; onDryRun(p: Policy): Promise<void>; onEdit(): void }) {
  const { p, dry, onDryRun, onEdit } = props;
  const change = useApp((s) => s.changeAutopilot);
  const label = useAccountLabel();
  const { t } = useI18n();
  return (
    <li className="card" data-testid={`policy-${p.id}`}>
      <div>
        <strong>{p.name}</strong> <span className="muted">{describePolicy(p, label)}</span>
        {!p.enabled && <span className="tag">{t('autopilot.off')}</span>}
        {dry?.policyId === p.id && <DryRunLines lines={dry.lines} />}
      </div>
      <div className="row-actions">
        <button onClick={() => void onDryRun(p)}>{t('autopilot.dryRun')}</button>
        <button onClick={() => void change('autopilot:save', { policy: { ...p, enabled: !p.enabled } })}>
          {t(p.enabled ? 'autopilot.switchOff' : 'autopilot.switchOn')}
        </button>
        <button onClick={onEdit}>{t('autopilot.edit')}</button>
        <button
          className="danger"
          onClick={() => void change('autopilot:remove', { id: p.id })}
          aria-label={t('autopilot.deletePolicy', { name: p.name })}
        >
          {t('autopilot.delete')}
        </button>
      </div>
    </li>
  );
}

/** Whole minutes, and "<1 min" for a start that already costs something (never "0 min" beside a price). */
const minutes = (n: number, spend: number | null) =>
  n === 0 && (spend ?? 0) > 0 ? translate('spend.underMinute') : translate('spend.minutes', { n: formatCount(n) });

function SpendCard({ s, label }: { s: SpendSummary; label: string }) {
  const { t } = useI18n();
  const money = (n: number | null) => (n === null ? t('common.dash') : formatMoney(n, s.currency));
  return (
    <li className="card" data-testid={`spend-${s.accountId}`}>
      <div>
        <strong>{label}</strong>
        <div>
          {t('spend.line1', {
            running: formatCount(s.runningNow),
            today: minutes(s.minutesToday, s.spendToday),
            month: minutes(s.minutesMonth, s.spendMonth),
          })}
        </div>
        <div>
          {t('spend.estToday')} <strong data-testid="spend-today">{money(s.spendToday)}</strong>
          {s.burnPerHour !== null && s.runningPerMinute > 0 && t('spend.burn', { amount: money(s.burnPerHour) })}
          {t('spend.thisMonth', { amount: money(s.spendMonth) })}
          {s.balance !== null && t('spend.balance', { amount: money(s.balance) })}
          {s.planName && <span className="muted"> · {s.planName}</span>}
        </div>
        {s.notPerMinuteToday > 0 && (
          <div className="muted small-text">
            {t('spend.notPerMinuteToday', { n: formatCount(s.notPerMinuteToday) })}
          </div>
        )}
        {s.billingError && <div className="fail-text">{t('spend.balanceError', { message: s.billingError })}</div>}
        {s.price === null && (
          <div className="muted small-text" data-testid="unpriced">
            {t('spend.unpriced')}
          </div>
        )}
      </div>
      <div className="row-actions">
        <PriceField s={s} />
      </div>
    </li>
  );
}
