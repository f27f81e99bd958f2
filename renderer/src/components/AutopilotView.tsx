import { useState } from 'react';
import type { Policy, SpendSummary } from '../../../common/policy';
import { formatClock, formatCount } from '../format';
import { formatMoney } from '../../../common/money';
import { useApp } from '../state/context';
import { PolicyForm, describePolicy } from './PolicyForm';
import { RunningBreakdown } from './RunningBreakdown';

type DryRun = { policyId: string; lines: string[] };

/** Money per account, the policies that keep it in check, and the stops about to happen. */
export function AutopilotView() {
  const autopilot = useApp((s) => s.autopilot);
  const spend = useApp((s) => s.spend);
  const accounts = useApp((s) => s.accounts);
  const change = useApp((s) => s.changeAutopilot);
  const request = useApp((s) => s.request);
  const loadSpend = useApp((s) => s.loadSpend);
  const [editing, setEditing] = useState<Policy | 'new' | null>(null);
  const [dry, setDry] = useState<DryRun | null>(null);
  const label = (id: string) => accounts.find((a) => a.id === id)?.label ?? id;
  if (!autopilot) return <div className="empty">Loading…</div>;

  const dryRun = async (policy: Policy) => {
    const r = await request('autopilot:dryRun', { policy });
    if (!r) return;
    const lines = r.length
      ? r.map((d) => `${d.action === 'warn' ? 'Would warn' : `Would ${d.action}${d.needsConsent ? ' (after asking)' : ''}`} ${formatCount(d.phones.length)} phone(s) now: ${d.phones.slice(0, 12).map((p) => p.name).join(', ')}${d.phones.length > 12 ? ` +${d.phones.length - 12} more` : ''} — ${d.reason}`)
      : ['Would do nothing right now.'];
    setDry({ policyId: policy.id, lines });
  };

  return (
    <div className="settings autopilot">
      <section aria-labelledby="spend-h">
        <h2 id="spend-h">Money</h2>
        <p className="muted">Running minutes come from what the providers confirmed; spend is estimated from the per-minute price you set for each account.</p>
        <ul className="accounts">
          {spend.map((s) => (
            <SpendCard key={s.accountId} s={s} label={label(s.accountId)} />
          ))}
        </ul>
        <button className="small" onClick={() => void loadSpend(true)}>Read balances now</button>
        <RunningBreakdown />
      </section>

      {autopilot.pending.length > 0 && (
        <section aria-labelledby="pending-h">
          <h2 id="pending-h">About to stop</h2>
          <ul className="accounts">
            {autopilot.pending.map((p) => (
              <li key={p.id} className="card pending" data-testid="pending-stop">
                <div>
                  <strong>{p.policyName}</strong> {p.needsConsent ? 'asks to stop' : `stops at ${formatClock(p.dueAt)}`}: {p.names.slice(0, 10).join(', ')}
                  {p.names.length > 10 && ` +${p.names.length - 10} more`} <span className="muted">({p.reason})</span>
                </div>
                <div className="row-actions">
                  <button onClick={() => void change('autopilot:snooze', { pendingId: p.id })}>Keep running 30 min</button>
                  <button className="danger" onClick={() => void change('autopilot:stopNow', { pendingId: p.id })}>Stop now</button>
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="policies-h">
        <h2 id="policies-h">Policies</h2>
        <p className="muted">
          Policies stop (or start) phones through the same limiter and results as a click, say so a minute before, and never delete. A phone
          tagged <span className="tag">keep-running</span>, marked “Keep running”, or used by you in the last few minutes is left alone.
        </p>
        <label className="check">
          <input type="checkbox" checked={autopilot.paused} onChange={(e) => void change('autopilot:pause', { paused: e.target.checked })} /> Pause all policies
        </label>
        {autopilot.policies.length === 0 && !editing && <p className="muted" data-testid="no-policies">No policies yet.</p>}
        <ul className="accounts" data-testid="policies">
          {autopilot.policies.map((p) => (
            <li key={p.id} className="card" data-testid={`policy-${p.id}`}>
              <div>
                <strong>{p.name}</strong> <span className="muted">{describePolicy(p, label)}</span>
                {!p.enabled && <span className="tag">off</span>}
                {dry?.policyId === p.id && (
                  <ul className="dry-run" role="status" aria-label="Dry run">
                    {dry.lines.map((l) => (
                      <li key={l}>{l}</li>
                    ))}
                  </ul>
                )}
              </div>
              <div className="row-actions">
                <button onClick={() => void dryRun(p)}>Dry run</button>
                <button onClick={() => void change('autopilot:save', { policy: { ...p, enabled: !p.enabled } })}>{p.enabled ? 'Switch off' : 'Switch on'}</button>
                <button onClick={() => setEditing(p)}>Edit</button>
                <button className="danger" onClick={() => void change('autopilot:remove', { id: p.id })} aria-label={`Delete policy ${p.name}`}>
                  Delete
                </button>
              </div>
            </li>
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
          <button className="primary" onClick={() => setEditing('new')}>New policy</button>
        )}
      </section>
    </div>
  );
}

/** Whole minutes, and "<1 min" for a start that already costs something (never "0 min" beside a price). */
const minutes = (n: number, spend: number | null) => (n === 0 && (spend ?? 0) > 0 ? '<1 min' : `${formatCount(n)} min`);

function SpendCard({ s, label }: { s: SpendSummary; label: string }) {
  const setPrice = useApp((st) => st.setPrice);
  const [price, setPriceText] = useState(s.price === null || s.priceFromProvider ? '' : String(s.price));
  const [error, setError] = useState<string | null>(null);
  const save = () => {
    const trimmed = price.trim();
    if (!trimmed) return void setPrice(s.accountId, null).then(() => setError(null));
    const n = Number(trimmed.replace(',', '.'));
    if (!Number.isFinite(n) || n < 0 || n > 1000) return setError('A price per minute from 0 to 1000, like 0.012');
    setError(null);
    void setPrice(s.accountId, n);
  };
  const money = (n: number | null) => (n === null ? '—' : formatMoney(n, s.currency));
  return (
    <li className="card" data-testid={`spend-${s.accountId}`}>
      <div>
        <strong>{label}</strong>
        <div>
          {formatCount(s.runningNow)} running now · {minutes(s.minutesToday, s.spendToday)} today · {minutes(s.minutesMonth, s.spendMonth)} this month
        </div>
        <div>
          Est. today <strong data-testid="spend-today">{money(s.spendToday)}</strong> · this month {money(s.spendMonth)}
          {s.balance !== null && <> · balance {money(s.balance)}</>}
          {s.planName && <span className="muted"> · {s.planName}</span>}
        </div>
        {s.billingError && <div className="fail-text">Balance: {s.billingError}</div>}
      </div>
      <div className="row-actions">
        <label>
          Price per minute{' '}
          <input
            className="price"
            inputMode="decimal"
            value={price}
            placeholder={s.priceFromProvider && s.price !== null ? `${s.price} (provider)` : 'not set'}
            aria-invalid={!!error}
            aria-describedby={error ? `price-err-${s.accountId}` : undefined}
            onChange={(e) => setPriceText(e.target.value)}
            onBlur={save}
            onKeyDown={(e) => e.key === 'Enter' && save()}
          />
        </label>
        {error && <span id={`price-err-${s.accountId}`} className="field-error" role="alert">{error}</span>}
      </div>
    </li>
  );
}
