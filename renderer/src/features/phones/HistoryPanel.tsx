import { focusSoon } from '../../ui/Dialog';
import { actionText, formatCount, formatTimestamp } from '../../lib/format';
import { useApp, useI18n } from '../../state/context';

/** The recent bulk jobs (from the window, the tray or elsewhere); each opens its per-phone results. */
export function HistoryPanel() {
  const history = useApp((s) => s.history);
  const close = useApp((s) => s.closeHistory);
  const showJob = useApp((s) => s.showJob);
  const { t } = useI18n();
  if (!history) return null;
  return (
    <section className="jobpanel" aria-label={t('history.label')} data-testid="history-panel">
      <header>
        <h2 className="panel-title">{t('history.title')}</h2>
        <span className="spacer" />
        <button
          className="close"
          aria-label={t('history.close')}
          onClick={() => {
            close();
            focusSoon('[data-testid="open-history"]');
          }}
        >
          ✕
        </button>
      </header>
      {history.length === 0 ? (
        <p className="empty">{t('history.empty')}</p>
      ) : (
        <ul className="history">
          {history.map(({ job, succeeded, failed }) => (
            <li key={job.jobId}>
              <button className="history-item" onClick={() => void showJob(job.jobId)}>
                <strong>{actionText(job.action)}</strong> {t('history.phones', { n: job.total })}
                <span className="muted">
                  {' '}
                  · {formatTimestamp(job.startedAt)} ·{' '}
                  {job.state === 'running'
                    ? t('history.doneSoFar', { n: formatCount(job.done) })
                    : t('history.counts', { ok: formatCount(succeeded), failed: formatCount(failed) })}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
