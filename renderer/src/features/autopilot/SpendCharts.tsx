import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import type { SpendHistory } from '../../../../common/money';
import { formatAmounts, formatClock, formatCount, formatMoney } from '../../lib/format';
import { useApp, useI18n } from '../../state/context';
import { i18n } from '../../../../common/i18n/i18n';

// The charting library (uPlot) loads only when the Autopilot tab shows the charts: the first paint never pays for it.
const ChartCanvas = lazy(() => import('./ChartCanvas'));

const dayText = (ms: number) =>
  new Intl.DateTimeFormat(i18n().formatLocale, { month: 'short', day: 'numeric', weekday: 'short' }).format(ms);

/** The currency most of the money is in: the one the bars show (the table lists every currency). */
function mainCurrency(h: SpendHistory): string | null {
  const totals = new Map<string, number>();
  for (const d of h.days) for (const [c, a] of Object.entries(d.spend)) totals.set(c, (totals.get(c) ?? 0) + a);
  return [...totals].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/**
 * Spend per day over 30 days, and phones running through today: drawn for the eye, summed up in a
 * sentence for a screen reader, and each with a table for keyboards and exact figures.
 */
export function SpendCharts() {
  const request = useApp((s) => s.request);
  const spend = useApp((s) => s.spend); // re-read with the spend figures (every minute, after each action)
  const [h, setH] = useState<SpendHistory | null>(null);
  const { t } = useI18n();
  useEffect(() => {
    let current = true;
    void request('spend:history', {}).then((v) => current && v && setH(v));
    return () => {
      current = false;
    };
  }, [request, spend]);
  if (!h) return null;
  const currency = mainCurrency(h);
  const peakDay = currency
    ? h.days.reduce((a, d) => ((d.spend[currency] ?? 0) > (a.spend[currency] ?? 0) ? d : a))
    : null;
  const total = currency ? h.days.reduce((a, d) => a + (d.spend[currency] ?? 0), 0) : 0;
  const peak = Math.max(0, ...h.curve.running);
  const peakAt = h.curve.start + h.curve.running.indexOf(peak) * h.curve.step;
  const spendSummary =
    currency && peakDay
      ? t('chart.spendSummary', {
          total: formatMoney(total, currency),
          day: dayText(peakDay.start),
          amount: formatMoney(peakDay.spend[currency] ?? 0, currency),
        })
      : t('chart.noSpend');
  const runningSummary = peak
    ? t('chart.runningSummary', { n: formatCount(peak), time: formatClock(peakAt) })
    : t('chart.noneRunning');
  return (
    <div className="charts" data-testid="spend-charts">
      <ChartFigure
        title={t('chart.spendTitle')}
        summary={spendSummary}
        chart={
          currency && (
            <ChartCanvas
              kind="bars"
              x={h.days.map((d) => d.start / 1000)}
              y={h.days.map((d) => d.spend[currency] ?? 0)}
              label={currency}
            />
          )
        }
        table={<DaysTable h={h} />}
      />
      <ChartFigure
        title={t('chart.runningTitle')}
        summary={runningSummary}
        chart={
          <ChartCanvas
            kind="steps"
            x={h.curve.running.map((_, i) => (h.curve.start + i * h.curve.step) / 1000)}
            y={h.curve.running}
            label={t('chart.phones')}
          />
        }
        table={<CurveTable h={h} />}
      />
    </div>
  );
}

/** A chart for the eye (loaded lazily), its sentence for a screen reader, and its numbers as a table. */
function ChartFigure(p: { title: string; summary: string; chart: ReactNode; table: ReactNode }) {
  const { t } = useI18n();
  return (
    <figure>
      <figcaption>{p.title}</figcaption>
      <p className="sr-only">{p.summary}</p>
      <Suspense fallback={<div className="chart-placeholder muted">{t('chart.loading')}</div>}>{p.chart}</Suspense>
      <p className="muted small-text" aria-hidden>
        {p.summary}
      </p>
      <details>
        <summary>{t('chart.asTable')}</summary>
        {p.table}
      </details>
    </figure>
  );
}

function DaysTable({ h }: { h: SpendHistory }) {
  const { t } = useI18n();
  return (
    <table className="plain chart-table" aria-label={t('chart.spendTitle')}>
      <thead>
        <tr>
          <th scope="col">{t('chart.day')}</th>
          <th scope="col">{t('chart.minutes')}</th>
          <th scope="col">{t('breakdown.spend')}</th>
        </tr>
      </thead>
      <tbody>
        {[...h.days].reverse().map((d) => (
          <tr key={d.start}>
            <td>{dayText(d.start)}</td>
            <td>{formatCount(d.minutes)}</td>
            <td>{formatAmounts(d.spend)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CurveTable({ h }: { h: SpendHistory }) {
  const { t } = useI18n();
  // An hour a row: 96 quarter-hours would be a long table to tab past; the busiest quarter of each hour shows.
  const hours: { at: number; n: number }[] = [];
  h.curve.running.forEach((n, i) => {
    const at = h.curve.start + i * h.curve.step;
    const hour = Math.floor((i * h.curve.step) / 3_600_000);
    if (!hours[hour]) hours[hour] = { at, n };
    else hours[hour].n = Math.max(hours[hour].n, n);
  });
  return (
    <table className="plain chart-table" aria-label={t('chart.runningTitle')}>
      <thead>
        <tr>
          <th scope="col">{t('chart.time')}</th>
          <th scope="col">{t('chart.phones')}</th>
        </tr>
      </thead>
      <tbody>
        {hours.filter(Boolean).map((r) => (
          <tr key={r.at}>
            <td>{formatClock(r.at)}</td>
            <td>{formatCount(r.n)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
