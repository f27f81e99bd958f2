import { useEffect, useState } from 'react';
import type { InvokeOutput } from '../../../../common/contract/index';
import { formatCount } from '../../lib/format';
import { useApp, useI18n } from '../../state/context';

type Totals = InvokeOutput<'spend:running'>;
const top = (m: Record<string, number>, n = 8) =>
  Object.entries(m)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n);

/** Where the running minutes went, by group and by tag, today or this month. */
export function RunningBreakdown() {
  const request = useApp((s) => s.request);
  const spend = useApp((s) => s.spend); // reloads with the spend figures (every minute, after each action)
  const [period, setPeriod] = useState<'today' | 'month'>('today');
  const [totals, setTotals] = useState<Totals | null>(null);
  const { t } = useI18n();
  useEffect(() => {
    let current = true;
    void request('spend:running', { period }).then((t) => current && t && setTotals(t));
    return () => {
      current = false;
    };
  }, [request, period, spend]);
  if (!totals) return null;
  const table = (title: string, lower: string, m: Record<string, number>) => (
    <table className="plain breakdown" aria-label={t('breakdown.by', { what: lower })}>
      <thead>
        <tr>
          <th scope="col">{title}</th>
          <th scope="col">{t('breakdown.minutes')}</th>
        </tr>
      </thead>
      <tbody>
        {top(m).length === 0 ? (
          <tr>
            <td colSpan={2} className="muted">
              {t('breakdown.nothing')}
            </td>
          </tr>
        ) : (
          top(m).map(([k, v]) => (
            <tr key={k}>
              <td>{k}</td>
              <td>{formatCount(v)}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
  return (
    <div className="breakdowns" data-testid="running-breakdown">
      <label>
        {t('breakdown.title')}{' '}
        <select value={period} onChange={(e) => setPeriod(e.target.value as 'today' | 'month')}>
          <option value="today">{t('breakdown.today')}</option>
          <option value="month">{t('breakdown.month')}</option>
        </select>
      </label>
      <div className="breakdown-tables">
        {table(t('breakdown.group'), t('breakdown.groupLower'), totals.byGroup)}
        {table(t('breakdown.tag'), t('breakdown.tagLower'), totals.byTag)}
      </div>
    </div>
  );
}
