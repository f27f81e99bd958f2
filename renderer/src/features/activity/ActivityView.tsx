import { useEffect, useState } from 'react';
import { AccountOptions } from '../../ui/AccountOptions';
import type { ActivityJob, ActivityPhoneRow } from '../../../../common/activity';
import type { InvokeInput } from '../../../../common/contract/index';
import { BULK_ACTIONS, type BulkAction } from '../../../../common/phone';
import { actionText, describeSource, formatCount, formatTimestamp } from '../../lib/format';
import { useApp, useI18n } from '../../state/context';
import { download, isoLocal, stamp, toCsv } from '../../lib/csv';

const PERIODS = [
  { label: 'activity.period.hour', ms: 3_600_000 },
  { label: 'activity.period.day', ms: 86_400_000 },
  { label: 'activity.period.week', ms: 7 * 86_400_000 },
  { label: 'activity.period.month', ms: 30 * 86_400_000 },
  { label: 'activity.period.all', ms: 0 },
] as const;

const actionLabel = (a: string) => ((BULK_ACTIONS as readonly string[]).includes(a) ? actionText(a as BulkAction) : a);

type Filters = Omit<InvokeInput<'activity:list'>, 'since'>;
type OpenJob = { job: ActivityJob; rows: ActivityPhoneRow[] };

/** Column names stay English and times ISO: a spreadsheet or script reads them the same everywhere. */
const jobsCsv = (jobs: ActivityJob[], confirmedOf: (j: ActivityJob) => number) =>
  toCsv(
    ['When', 'Source', 'Action', 'Phones', 'Succeeded', 'Failed', 'Confirmed'],
    jobs.map((j) => [isoLocal(j.at), j.source, j.action, j.total, j.succeeded, j.failed, confirmedOf(j)]),
  );
const jobRowsCsv = (rows: ActivityPhoneRow[], label: (id: string) => string) =>
  toCsv(
    ['Phone', 'Key', 'Account', 'Result', 'Code', 'Message', 'Confirmed'],
    rows.map((r) => [
      r.name,
      r.key,
      label(r.accountId),
      r.ok ? 'done' : 'failed',
      r.code,
      r.message,
      r.confirmedAt ? isoLocal(r.confirmedAt) : '',
    ]),
  );

/** The actions for a period and filters, re-read every 5 s, and the action opened to see its phones. */
function useActivity(period: number, filters: Filters) {
  const request = useApp((s) => s.request);
  const [jobs, setJobs] = useState<ActivityJob[] | null>(null);
  const [open, setOpen] = useState<OpenJob | null>(null);
  useEffect(() => {
    let current = true;
    const load = () =>
      void request('activity:list', { ...filters, ...(period ? { since: Date.now() - period } : {}), limit: 500 }).then(
        (j) => current && j && setJobs(j),
      );
    load();
    // New actions appear as they finish.
    const timer = setInterval(load, 5_000);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [request, period, filters]);
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

/** Everything the app sent, from the durable ledger: filter it, open an action to see its phones, export it. */
export function ActivityView() {
  const [period, setPeriod] = useState<number>(PERIODS[1].ms);
  const [filters, setFilters] = useState<Filters>({});
  const { jobs, open, openJob, close, confirmedOf } = useActivity(period, filters);
  const { t } = useI18n();
  const exportJobs = () => download(`phonedeck-activity-${stamp()}.csv`, jobsCsv(jobs ?? [], confirmedOf));
  return (
    <div className="activity">
      <ActivityFilters
        period={period}
        onPeriod={setPeriod}
        filters={filters}
        set={(patch) => setFilters((f) => ({ ...f, ...patch }))}
        jobs={jobs}
        onExport={exportJobs}
      />
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
        {open && <ActivityJobPanel open={open} onClose={close} />}
      </div>
    </div>
  );
}

function ActivityFilters(p: {
  period: number;
  onPeriod(ms: number): void;
  filters: Filters;
  set(patch: Partial<Filters>): void;
  jobs: ActivityJob[] | null;
  onExport(): void;
}) {
  const { period, onPeriod, filters, set, jobs, onExport } = p;
  const { t } = useI18n();
  return (
    <div className="toolbar" role="search" aria-label={t('activity.filter')}>
      <select aria-label={t('activity.period')} value={period} onChange={(e) => onPeriod(Number(e.target.value))}>
        {PERIODS.map((p) => (
          <option key={p.ms} value={p.ms}>
            {t(p.label)}
          </option>
        ))}
      </select>
      <select
        aria-label={t('activity.action')}
        value={filters.action ?? ''}
        onChange={(e) => set({ action: (e.target.value || undefined) as BulkAction | undefined })}
      >
        <option value="">{t('activity.anyAction')}</option>
        {BULK_ACTIONS.map((a) => (
          <option key={a} value={a}>
            {actionText(a)}
          </option>
        ))}
      </select>
      <select
        aria-label={t('activity.source')}
        value={filters.source ?? ''}
        onChange={(e) => set({ source: e.target.value || undefined })}
      >
        <option value="">{t('activity.anySource')}</option>
        <option value="window">{t('source.window')}</option>
        <option value="tray">{t('source.tray')}</option>
        <option value="policy">{t('activity.policies')}</option>
        <option value="cli">{t('source.cli')}</option>
        <option value="mcp">{t('activity.agents')}</option>
      </select>
      <select
        aria-label={t('common.account')}
        value={filters.accountId ?? ''}
        onChange={(e) => set({ accountId: e.target.value || undefined })}
      >
        <option value="">{t('common.allAccounts')}</option>
        <AccountOptions />
      </select>
      <input
        type="search"
        aria-label={t('activity.phoneLabel')}
        placeholder={t('activity.phonePlaceholder')}
        value={filters.phone ?? ''}
        onChange={(e) => set({ phone: e.target.value || undefined })}
      />
      <span className="spacer" />
      <button disabled={!jobs?.length} onClick={onExport}>
        {t('common.exportCsv')}
      </button>
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
            <td>{actionLabel(j.action)}</td>
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
  const label = (id: string) => accounts.find((a) => a.id === id)?.label ?? id;
  const { t } = useI18n();
  return (
    <section className="activity-job card" aria-label={t('activity.jobLabel')} data-testid="activity-job">
      <header>
        <strong>{actionLabel(open.job.action)}</strong> · {describeSource(open.job.source)} ·{' '}
        {formatTimestamp(open.job.at)}
        <span className="spacer" />
        <button
          className="small"
          onClick={() => download(`phonedeck-action-${stamp()}.csv`, jobRowsCsv(open.rows, label))}
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
              <strong>{r.name}</strong>
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
