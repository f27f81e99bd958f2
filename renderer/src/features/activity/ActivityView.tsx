import { useEffect, useMemo, useState } from 'react';
import type { ActivityJob, ActivityPhoneRow } from '../../../../common/activity';
import { RECORDED_ACTIONS, type RecordedAction } from '../../../../common/phone';
import { actionText, describeSource, formatCount, formatTimestamp } from '../../lib/format';
import { useApp, useI18n } from '../../state/context';
import { download, stamp } from '../../lib/csv';
import { exportRowsCsv, jobRowsCsv } from './activity-csv';
import { ActivityFilters, type Filters } from './ActivityFilters';
import { dayOf, periodRange, type DayRange, type PeriodId } from './periods';
import { PhoneTimeline } from './PhoneTimeline';
import { TeamRecord } from './TeamRecord';

const actionLabel = (a: string) =>
  (RECORDED_ACTIONS as readonly string[]).includes(a) ? actionText(a as RecordedAction) : a;

type Range = { since?: number; until?: number };
type OpenJob = { job: ActivityJob; rows: ActivityPhoneRow[] };

/** The actions for a period and filters, re-read every 5 s, and the action opened to see its phones. */
function useActivity(range: Range | null, filters: Filters) {
  const request = useApp((s) => s.request);
  const [jobs, setJobs] = useState<ActivityJob[] | null>(null);
  const [open, setOpen] = useState<OpenJob | null>(null);
  const { since, until } = range ?? {};
  useEffect(() => {
    if (!range) return;
    let current = true;
    const load = () =>
      void request('activity:list', { ...filters, since, until, limit: 500 }).then((j) => current && j && setJobs(j));
    load();
    // New actions appear as they finish.
    const timer = setInterval(load, 5_000);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [request, since, until, filters, range !== null]);
  const openJob = async (job: ActivityJob) => {
    const rows = await request('activity:job', { jobId: job.id });
    if (rows) setOpen({ job, rows });
  };
  // The open action's rows follow the list: a confirmation that arrives later shows in both, never in one only.
  const openId = open?.job.id;
  useEffect(() => {
    const fresh = openId ? jobs?.find((j) => j.id === openId) : undefined;
    if (fresh) void openJob(fresh);
  }, [jobs, openId]);
  // The open action's rows are the newest word on it (fetched after the list, or on the click).
  const confirmedOf = (j: ActivityJob) =>
    open?.job.id === j.id ? open.rows.filter((r) => r.confirmedAt !== null).length : j.confirmed;
  return { jobs, open, openJob, close: () => setOpen(null), confirmedOf };
}

/**
 * A rolling period is measured from the moment it is picked and moves on every 30 s; calendar days and a
 * custom range stay put. Null while a custom range is not a pair of days.
 */
function useRange(period: PeriodId, custom: DayRange): Range | null {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), 30_000);
    return () => clearInterval(timer);
  }, []);
  return useMemo(() => periodRange(period, Date.now(), custom), [period, custom.from, custom.to, tick]);
}

/** Everything the app sent, from the durable ledger: filter it by period, open an action or a phone, export it. */
export function ActivityView() {
  const [period, setPeriod] = useState<PeriodId>('today');
  const [custom, setCustom] = useState<DayRange>(() => ({
    from: dayOf(Date.now() - 86_400_000),
    to: dayOf(Date.now()),
  }));
  const [filters, setFilters] = useState<Filters>({});
  const range = useRange(period, custom);
  const { jobs, open, openJob, close, confirmedOf } = useActivity(range, filters);
  const timelineKey = useApp((s) => s.timelineKey);
  const request = useApp((s) => s.request);
  const notify = useApp((s) => s.notify);
  const accounts = useApp((s) => s.accounts);
  const label = (id: string) => accounts.find((a) => a.id === id)?.label ?? id;
  const { t } = useI18n();
  const exportRows = async () => {
    const out = range && (await request('activity:export', { ...filters, ...range }));
    if (!out) return;
    download(`phonedeck-activity-${stamp()}.csv`, exportRowsCsv(out.rows, label));
    if (out.truncated)
      notify({ level: 'warning', message: t('activity.exportTruncated', { n: formatCount(out.rows.length) }) });
  };
  return (
    <div className="activity">
      <ActivityFilters
        period={period}
        onPeriod={setPeriod}
        custom={custom}
        onCustom={setCustom}
        rangeOk={range !== null}
        filters={filters}
        set={(patch) => setFilters((f) => ({ ...f, ...patch }))}
        canExport={!!jobs?.length}
        onExport={() => void exportRows()}
      />
      <TeamRecord />
      <div className="activity-body">
        {jobs === null ? (
          <div className="empty">{t('common.loading')}</div>
        ) : jobs.length === 0 ? (
          <div className="empty" data-testid="activity-empty">
            {t(Object.values(filters).some(Boolean) ? 'activity.emptyFiltered' : 'activity.empty')}
          </div>
        ) : (
          <ActivityTable jobs={jobs} openId={open?.job.id} onOpen={openJob} confirmedOf={confirmedOf} />
        )}
        {timelineKey && range && <PhoneTimeline phoneKey={timelineKey} range={range} />}
        {open && <ActivityJobPanel open={open} onClose={close} />}
      </div>
    </div>
  );
}

function ActivityTable(p: {
  jobs: ActivityJob[];
  openId: string | undefined;
  onOpen(j: ActivityJob): Promise<void>;
  confirmedOf(j: ActivityJob): number;
}) {
  const { jobs, openId, onOpen, confirmedOf } = p;
  const { t } = useI18n();
  return (
    <table className="plain" data-testid="activity-table">
      <caption className="sr-only">{t('activity.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('activity.when')}</th>
          <th scope="col">{t('activity.source')}</th>
          <th scope="col">{t('activity.action')}</th>
          <th scope="col">{t('activity.phones')}</th>
          <th scope="col">{t('activity.result')}</th>
          <th scope="col">{t('activity.confirmed')}</th>
        </tr>
      </thead>
      <tbody>
        {jobs.map((j) => (
          <tr key={j.id} className={openId === j.id ? 'on' : undefined}>
            <td>
              <button
                className="link"
                onClick={() => void onOpen(j)}
                aria-label={t('activity.showPhones', {
                  action: actionLabel(j.action),
                  when: formatTimestamp(j.at),
                })}
              >
                {formatTimestamp(j.at)}
              </button>
            </td>
            <td>{describeSource(j.source)}</td>
            <td>
              {actionLabel(j.action)}
              {j.subject && <span className="muted"> · {j.subject}</span>}
            </td>
            <td>{formatCount(j.total)}</td>
            <td>
              <span className="ok-text">{t('activity.done', { n: formatCount(j.succeeded) })}</span>
              {j.failed > 0 && <span className="fail-text">{t('activity.failed', { n: formatCount(j.failed) })}</span>}
            </td>
            <td>{t('activity.confirmedOf', { n: formatCount(confirmedOf(j)), of: formatCount(j.succeeded) })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One action's phones: each with its outcome, and when the provider confirmed it. */
function ActivityJobPanel({ open, onClose }: { open: OpenJob; onClose(): void }) {
  const accounts = useApp((s) => s.accounts);
  const showTimeline = useApp((s) => s.showTimeline);
  const label = (id: string) => accounts.find((a) => a.id === id)?.label ?? id;
  const { t } = useI18n();
  return (
    <section className="activity-job card" aria-label={t('activity.jobLabel')} data-testid="activity-job">
      <header>
        <strong>{actionLabel(open.job.action)}</strong>
        {open.job.subject && <> · {open.job.subject}</>} · {describeSource(open.job.source)} ·{' '}
        {formatTimestamp(open.job.at)}
        <span className="spacer" />
        <button
          className="small"
          onClick={() => download(`phonedeck-action-${stamp()}.csv`, jobRowsCsv(open.job, open.rows, label))}
        >
          {t('common.exportCsv')}
        </button>
        <button className="close" aria-label={t('common.close')} onClick={onClose}>
          ✕
        </button>
      </header>
      <ul className="activity-rows">
        {open.rows.map((r) => (
          <li key={r.key} className={r.ok ? 'ok' : 'fail'}>
            <span aria-hidden>{r.ok ? '✓' : '✗'}</span>
            <span className="ellipsis">
              <span className="sr-only">{t(r.ok ? 'activity.srDone' : 'activity.srFailed')} </span>
              <button
                className="link"
                onClick={() => showTimeline(r.key)}
                aria-label={t('activity.timelineOf', { name: r.name })}
              >
                <strong>{r.name}</strong>
              </button>
            </span>
            <span className="muted ellipsis">{label(r.accountId)}</span>
            <span>{r.ok ? r.message : t('activity.withCode', { message: r.message, code: r.code })}</span>
            <span className="muted">
              {r.confirmedAt
                ? t('activity.confirmedAt', { when: formatTimestamp(r.confirmedAt) })
                : r.ok
                  ? t('activity.notConfirmed')
                  : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
