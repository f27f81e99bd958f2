import { useEffect, useState } from 'react';
import type { MoneyBreakdown as Breakdown, MoneyRow } from '../../../../common/money';
import { formatAmounts, formatCount, formatDuration } from '../../lib/format';
import { useApp, useI18n } from '../../state/context';

const TOP = 8;

/** Where the running minutes and the money went, per account, group and tag, today or this month. */
export function MoneyBreakdown() {
  const request = useApp((s) => s.request);
  const spend = useApp((s) => s.spend); // reloads with the spend figures (every minute, after each action)
  const accounts = useApp((s) => s.accounts);
  const [period, setPeriod] = useState<'today' | 'month'>('today');
  const [b, setB] = useState<Breakdown | null>(null);
  const { t } = useI18n();
  useEffect(() => {
    let current = true;
    void request('spend:breakdown', { period }).then((v) => current && v && setB(v));
    return () => {
      current = false;
    };
  }, [request, period, spend]);
  if (!b) return null;
  const label = (id: string) => accounts.find((a) => a.id === id)?.label ?? id;
  return (
    <div className="breakdowns" data-testid="money-breakdown">
      <label>
        {t('breakdown.title')}{' '}
        <select value={period} onChange={(e) => setPeriod(e.target.value as 'today' | 'month')}>
          <option value="today">{t('breakdown.today')}</option>
          <option value="month">{t('breakdown.month')}</option>
        </select>
      </label>
      <div className="breakdown-tables">
        <BreakdownTable
          title={t('breakdown.account')}
          lower={t('breakdown.accountLower')}
          rows={b.byAccount}
          name={label}
        />
        <BreakdownTable title={t('breakdown.group')} lower={t('breakdown.groupLower')} rows={b.byGroup} />
        <BreakdownTable title={t('breakdown.tag')} lower={t('breakdown.tagLower')} rows={b.byTag} />
      </div>
      <Excluded b={b} label={label} />
    </div>
  );
}

function BreakdownTable(p: { title: string; lower: string; rows: MoneyRow[]; name?: (id: string) => string }) {
  const { t } = useI18n();
  const rows = p.rows.slice(0, TOP);
  return (
    <table className="plain breakdown" aria-label={t('breakdown.by', { what: p.lower })}>
      <thead>
        <tr>
          <th scope="col">{p.title}</th>
          <th scope="col">{t('breakdown.minutes')}</th>
          <th scope="col">{t('breakdown.spend')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={3} className="muted">
              {t('breakdown.nothing')}
            </td>
          </tr>
        ) : (
          rows.map((r) => (
            <tr key={r.name}>
              <td>{p.name ? p.name(r.name) : r.name}</td>
              <td>{formatCount(r.minutes)}</td>
              <td>{formatAmounts(r.spend)}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

/** What the money leaves out, and why: the minutes and the money then agree. */
function Excluded({ b, label }: { b: Breakdown; label(id: string): string }) {
  const { t } = useI18n();
  const { notPerMinuteMs, noPriceMs, accountsWithoutPrice } = b.excluded;
  if (!notPerMinuteMs && !noPriceMs) return null;
  return (
    <ul className="muted small-text excluded" data-testid="money-excluded">
      {notPerMinuteMs > 0 && <li>{t('breakdown.excludedMonthly', { time: formatDuration(notPerMinuteMs) })}</li>}
      {noPriceMs > 0 && (
        <li>
          {t('breakdown.excludedNoPrice', {
            time: formatDuration(noPriceMs),
            accounts: accountsWithoutPrice.map(label).join(t('common.separator')),
          })}
        </li>
      )}
    </ul>
  );
}
