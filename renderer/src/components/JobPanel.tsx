import { useState } from 'react';
import { BULK_ACTION_LABELS } from '../../../common/phone';
import { useApp } from '../state/context';

/** Progress of the current bulk action, then one row per phone and "retry failed only". */
export function JobPanel() {
  const view = useApp((s) => s.job);
  const runBulk = useApp((s) => s.runBulk);
  const dismiss = useApp((s) => s.dismissJob);
  const [failedOnly, setFailedOnly] = useState(false);
  if (!view) return null;
  const { job, results } = view;
  const failed = results.filter((r) => !r.ok);
  const pct = job.total ? Math.round((job.done / job.total) * 100) : 100;
  const shown = failedOnly ? failed : results;
  const running = job.state === 'running';
  return (
    <section className="jobpanel" aria-label="Bulk action results" data-testid="job-panel">
      <header>
        <strong>{BULK_ACTION_LABELS[job.action]}</strong>
        <span className="muted">
          {running ? `${job.phase}… ` : ''}
          {job.done} of {job.total}
        </span>
        <span className="spacer" />
        {!running && (
          <button className="close" aria-label="Close results" onClick={dismiss}>
            ✕
          </button>
        )}
      </header>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={job.total} aria-valuenow={job.done} aria-label="Progress">
        <div className={`progress-fill${failed.length ? ' has-failures' : ''}`} style={{ width: `${pct}%` }} />
      </div>
      <div className="summary" data-testid="job-summary">
        <span className="ok">✓ {results.length - failed.length} succeeded</span>
        <span className={failed.length ? 'bad' : 'muted'}>✗ {failed.length} failed</span>
        {!running && failed.length > 0 && (
          <button onClick={() => void runBulk(job.action, failed.map((r) => r.key))} data-testid="retry-failed">
            Retry failed only ({failed.length})
          </button>
        )}
        <label className="check">
          <input type="checkbox" checked={failedOnly} onChange={(e) => setFailedOnly(e.target.checked)} /> Failed only
        </label>
      </div>
      <ul className="results" data-testid="job-results">
        {shown.slice(0, 500).map((r) => (
          <li key={r.key} className={r.ok ? 'ok' : 'bad'} data-key={r.key}>
            <span aria-label={r.ok ? 'succeeded' : 'failed'}>{r.ok ? '✓' : '✗'}</span>
            <span className="name">{r.name}</span>
            <span className="msg">
              {r.message}
              {!r.ok && r.code && !r.code.startsWith('OUTCOME') ? <span className="code"> ({r.code})</span> : null}
            </span>
          </li>
        ))}
        {shown.length > 500 && <li className="muted">…and {shown.length - 500} more</li>}
      </ul>
    </section>
  );
}
