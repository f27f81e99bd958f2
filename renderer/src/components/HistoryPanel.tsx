import { focusSoon } from './Dialog';
import { BULK_ACTION_LABELS } from '../../../common/phone';
import { formatCount, formatTimestamp } from '../format';
import { useApp } from '../state/context';

/** The recent bulk jobs (from the window, the tray or elsewhere); each opens its per-phone results. */
export function HistoryPanel() {
  const history = useApp((s) => s.history);
  const close = useApp((s) => s.closeHistory);
  const showJob = useApp((s) => s.showJob);
  if (!history) return null;
  return (
    <section className="jobpanel" aria-label="Recent bulk jobs" data-testid="history-panel">
      <header>
        <h2 className="panel-title">Recent jobs</h2>
        <span className="spacer" />
        <button
          className="close"
          aria-label="Close recent jobs"
          onClick={() => {
            close();
            focusSoon('[data-testid="open-history"]');
          }}
        >
          ✕
        </button>
      </header>
      {history.length === 0 ? (
        <p className="empty">No bulk actions yet.</p>
      ) : (
        <ul className="history">
          {history.map(({ job, succeeded, failed }) => (
            <li key={job.jobId}>
              <button className="history-item" onClick={() => void showJob(job.jobId)}>
                <strong>{BULK_ACTION_LABELS[job.action]}</strong> {formatCount(job.total)} phone{job.total === 1 ? '' : 's'}
                <span className="muted">
                  {' '}
                  · {formatTimestamp(job.startedAt)} · {job.state === 'running' ? `${formatCount(job.done)} done so far` : `${formatCount(succeeded)} succeeded, ${formatCount(failed)} failed`}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
