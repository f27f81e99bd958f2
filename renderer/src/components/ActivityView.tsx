import { useEffect, useState } from 'react';
import type { ActivityJob, ActivityPhoneRow } from '../../../common/activity';
import type { InvokeInput } from '../../../common/contract';
import { BULK_ACTION_LABELS, BULK_ACTIONS, type BulkAction } from '../../../common/phone';
import { download, stamp, toCsv } from '../csv';
import { describeSource, formatCount, formatTimestamp } from '../format';
import { useApp } from '../state/context';

const PERIODS = [
  { label: 'Last hour', ms: 3_600_000 },
  { label: 'Last 24 hours', ms: 86_400_000 },
  { label: 'Last 7 days', ms: 7 * 86_400_000 },
  { label: 'Last 30 days', ms: 30 * 86_400_000 },
  { label: 'Everything kept', ms: 0 },
];

const actionLabel = (a: string) => BULK_ACTION_LABELS[a as BulkAction] ?? a;

/** Everything the app sent, from the durable ledger: filter it, open an action to see its phones, export it. */
export function ActivityView() {
  const request = useApp((s) => s.request);
  const accounts = useApp((s) => s.accounts);
  const [period, setPeriod] = useState(PERIODS[1].ms);
  const [filters, setFilters] = useState<Omit<InvokeInput<'activity:list'>, 'since'>>({});
  const [jobs, setJobs] = useState<ActivityJob[] | null>(null);
  const [open, setOpen] = useState<{ job: ActivityJob; rows: ActivityPhoneRow[] } | null>(null);
  const label = (id: string) => accounts.find((a) => a.id === id)?.label ?? id;

  useEffect(() => {
    let current = true;
    const load = () =>
      void request('activity:list', { ...filters, ...(period ? { since: Date.now() - period } : {}), limit: 500 }).then((j) => current && j && setJobs(j));
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
  const set = (patch: Partial<typeof filters>) => setFilters((f) => ({ ...f, ...patch }));
  // The open action's rows are the newest word on it (fetched after the list, or on the click).
  const confirmedOf = (j: ActivityJob) => (open?.job.id === j.id ? open.rows.filter((r) => r.confirmedAt !== null).length : j.confirmed);

  return (
    <div className="activity">
      <div className="toolbar" role="search" aria-label="Filter activity">
        <select aria-label="Period" value={period} onChange={(e) => setPeriod(Number(e.target.value))}>
          {PERIODS.map((p) => (
            <option key={p.ms} value={p.ms}>{p.label}</option>
          ))}
        </select>
        <select aria-label="Action" value={filters.action ?? ''} onChange={(e) => set({ action: (e.target.value || undefined) as BulkAction | undefined })}>
          <option value="">Any action</option>
          {BULK_ACTIONS.map((a) => (
            <option key={a} value={a}>{BULK_ACTION_LABELS[a]}</option>
          ))}
        </select>
        <select aria-label="Source" value={filters.source ?? ''} onChange={(e) => set({ source: e.target.value || undefined })}>
          <option value="">Any source</option>
          <option value="window">Window</option>
          <option value="tray">Tray</option>
          <option value="policy">Policies</option>
          <option value="cli">Command line</option>
          <option value="mcp">AI agents (MCP)</option>
        </select>
        <select aria-label="Account" value={filters.accountId ?? ''} onChange={(e) => set({ accountId: e.target.value || undefined })}>
          <option value="">All accounts</option>
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>{a.label}</option>
          ))}
        </select>
        <input type="search" aria-label="Phone name or id" placeholder="Phone…" value={filters.phone ?? ''} onChange={(e) => set({ phone: e.target.value || undefined })} />
        <span className="spacer" />
        <button
          disabled={!jobs?.length}
          onClick={() =>
            download(
              `phonedeck-activity-${stamp()}.csv`,
              toCsv(['When', 'Source', 'Action', 'Phones', 'Succeeded', 'Failed', 'Confirmed'], (jobs ?? []).map((j) => [formatTimestamp(j.at), describeSource(j.source), actionLabel(j.action), j.total, j.succeeded, j.failed, confirmedOf(j)])),
            )
          }
        >
          Export CSV
        </button>
      </div>
      <div className="activity-body">
        {jobs === null ? (
          <div className="empty">Loading…</div>
        ) : jobs.length === 0 ? (
          <div className="empty" data-testid="activity-empty">No actions in this period{Object.values(filters).some(Boolean) ? ' that match these filters' : ''}.</div>
        ) : (
          <table className="plain" data-testid="activity-table">
            <caption className="sr-only">Actions, newest first</caption>
            <thead>
              <tr><th scope="col">When</th><th scope="col">Source</th><th scope="col">Action</th><th scope="col">Phones</th><th scope="col">Result</th><th scope="col">Confirmed</th></tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr key={j.id} className={open?.job.id === j.id ? 'on' : undefined}>
                  <td>
                    <button className="link" onClick={() => void openJob(j)} aria-label={`Show phones of ${actionLabel(j.action)} at ${formatTimestamp(j.at)}`}>
                      {formatTimestamp(j.at)}
                    </button>
                  </td>
                  <td>{describeSource(j.source)}</td>
                  <td>{actionLabel(j.action)}</td>
                  <td>{formatCount(j.total)}</td>
                  <td>
                    <span className="ok-text">{formatCount(j.succeeded)} done</span>
                    {j.failed > 0 && <span className="fail-text"> · {formatCount(j.failed)} failed</span>}
                  </td>
                  <td>{formatCount(confirmedOf(j))} of {formatCount(j.succeeded)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {open && (
          <section className="activity-job card" aria-label="Phones of this action" data-testid="activity-job">
            <header>
              <strong>{actionLabel(open.job.action)}</strong> · {describeSource(open.job.source)} · {formatTimestamp(open.job.at)}
              <span className="spacer" />
              <button
                className="small"
                onClick={() =>
                  download(`phonedeck-action-${stamp()}.csv`, toCsv(['Phone', 'Key', 'Account', 'Result', 'Code', 'Message', 'Confirmed'], open.rows.map((r) => [r.name, r.key, label(r.accountId), r.ok ? 'done' : 'failed', r.code, r.message, r.confirmedAt ? formatTimestamp(r.confirmedAt) : ''])))
                }
              >
                Export CSV
              </button>
              <button className="close" aria-label="Close" onClick={() => setOpen(null)}>✕</button>
            </header>
            <ul className="activity-rows">
              {open.rows.map((r) => (
                <li key={r.key} className={r.ok ? 'ok' : 'fail'}>
                  <span aria-hidden>{r.ok ? '✓' : '✗'}</span>
                  <span className="ellipsis">
                    <span className="sr-only">{r.ok ? 'Done:' : 'Failed:'} </span>
                    <strong>{r.name}</strong>
                  </span>
                  <span className="muted ellipsis">{label(r.accountId)}</span>
                  <span>{r.ok ? r.message : `${r.message} (${r.code})`}</span>
                  <span className="muted">{r.confirmedAt ? `confirmed ${formatTimestamp(r.confirmedAt)}` : r.ok ? 'not confirmed yet' : ''}</span>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </div>
  );
}
