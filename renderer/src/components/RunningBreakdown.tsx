import { useEffect, useState } from 'react';
import type { InvokeOutput } from '../../../common/contract';
import { formatCount } from '../format';
import { useApp } from '../state/context';

type Totals = InvokeOutput<'spend:running'>;
const top = (m: Record<string, number>, n = 8) => Object.entries(m).sort((a, b) => b[1] - a[1]).slice(0, n);

/** Where the running minutes went, by group and by tag, today or this month. */
export function RunningBreakdown() {
  const request = useApp((s) => s.request);
  const spend = useApp((s) => s.spend); // reloads with the spend figures (every minute, after each action)
  const [period, setPeriod] = useState<'today' | 'month'>('today');
  const [totals, setTotals] = useState<Totals | null>(null);
  useEffect(() => {
    let current = true;
    void request('spend:running', { period }).then((t) => current && t && setTotals(t));
    return () => {
      current = false;
    };
  }, [request, period, spend]);
  if (!totals) return null;
  const table = (title: string, m: Record<string, number>) => (
    <table className="plain breakdown" aria-label={`Running minutes by ${title.toLowerCase()}`}>
      <thead>
        <tr><th scope="col">{title}</th><th scope="col">Minutes</th></tr>
      </thead>
      <tbody>
        {top(m).length === 0 ? (
          <tr><td colSpan={2} className="muted">Nothing ran yet</td></tr>
        ) : (
          top(m).map(([k, v]) => (
            <tr key={k}><td>{k}</td><td>{formatCount(v)}</td></tr>
          ))
        )}
      </tbody>
    </table>
  );
  return (
    <div className="breakdowns" data-testid="running-breakdown">
      <label>
        Running minutes{' '}
        <select value={period} onChange={(e) => setPeriod(e.target.value as 'today' | 'month')}>
          <option value="today">today</option>
          <option value="month">this month</option>
        </select>
      </label>
      <div className="breakdown-tables">
        {table('Group', totals.byGroup)}
        {table('Tag', totals.byTag)}
      </div>
    </div>
  );
}
