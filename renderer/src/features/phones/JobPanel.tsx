import { focusSoon } from '../../ui/Dialog';
import { memo, useEffect, useRef, useState } from 'react';
import { actionText, formatCount, statusText } from '../../lib/format';
import { useApp, useI18n } from '../../state/context';
import { download, stamp, toCsv } from '../../lib/csv';
import type { BulkJobState, BulkResult } from '../../../../common/contract';
import { i18n } from '../../../../common/i18n/i18n';
import { reachedTarget } from '../../../../common/targets';
import { isFileAction, splitPhoneKey } from '../../../../common/phone';

/** How often progress is announced to screen readers while a job runs (every update would be noise). */
const ANNOUNCE_EVERY_MS = 3_000;

/**
 * Progress of the current bulk action, then one row per phone (name, account and last status kept even for
 * deleted phones) and "retry failed only". Progress and the final counts are announced in a live region.
 */
export function JobPanel() {
  const view = useApp((s) => s.job);
  const failedOnly = useApp((s) => s.failedOnly);
  const announcement = useAnnouncement();
  const { t } = useI18n();
  if (!view) return null;
  const { job, results } = view;
  const failed = results.filter((r) => !r.ok);
  const running = job.state === 'running';
  const actionName = actionText(job.action);
  return (
    <section className="jobpanel" aria-label={t('job.label')} data-testid="job-panel">
      <JobHeader view={view} hasFailures={failed.length > 0} />
      <p className="sr-only" aria-live="polite" data-testid="job-announcement">
        {announcement(
          job.jobId,
          running
            ? t('job.announceRunning', {
                action: actionName,
                done: formatCount(job.done),
                total: formatCount(job.total),
              })
            : t('job.announceDone', {
                action: actionName,
                ok: formatCount(results.length - failed.length),
                failed: formatCount(failed.length),
              }),
          !running,
        )}
      </p>
      <JobSummary view={view} failed={failed} />
      {!running && <FailureGroups job={job} failed={failed} />}
      <ResultList action={job.action} results={failedOnly ? failed : results} />
    </section>
  );
}

type View = { job: BulkJobState; results: BulkResult[] };

/**
 * The same action again on some phones, planned anew. A file or app job also needs what it acted with,
 * which the window knows only for the jobs it started itself (not a CLI's): those offer no retry here.
 */
function useRetry(job: BulkJobState): ((keys: string[]) => void) | null {
  const runBulk = useApp((s) => s.runBulk);
  const what = useApp((s) => s.fileSources[job.jobId]);
  if (isFileAction(job.action) && !what) return null;
  return (keys) => void runBulk(job.action, keys, undefined, what ? { what } : {});
}
const useAccountLabel = () => {
  const accounts = useApp((s) => s.accounts);
  return (id: string) => accounts.find((a) => a.id === id)?.label ?? '';
};

/** The action, its phase and count, a close button once it is done, and the progress bar. */
function JobHeader({ view: { job }, hasFailures }: { view: View; hasFailures: boolean }) {
  const dismiss = useApp((s) => s.dismissJob);
  const { t } = useI18n();
  const title = useRef<HTMLHeadingElement>(null);
  // A new action's results take the focus (the button that started it may be disabled or gone now), unless
  // the person is typing somewhere: then they keep their place and the live region speaks.
  useEffect(() => {
    const active = document.activeElement;
    const typing = active instanceof HTMLInputElement && active.type !== 'checkbox';
    if (!typing) title.current?.focus();
  }, [job.jobId]);
  const pct = job.total ? Math.round((job.done / job.total) * 100) : 100;
  const running = job.state === 'running';
  const close = () => {
    dismiss();
    // The panel is gone: continue in the list.
    focusSoon('[role="grid"]');
  };
  const actionName = actionText(job.action);
  return (
    <>
      <header>
        <h2 className="panel-title" tabIndex={-1} ref={title} data-testid="job-title">
          {actionName}
          {job.subject && <span className="job-subject"> · {job.subject}</span>}
        </h2>
        <span className="muted">
          {running ? t('job.phaseRunning', { phase: t(`job.phase.${job.phase}`) }) : ''}
          {t('job.doneOf', { done: formatCount(job.done), total: formatCount(job.total) })}
        </span>
        <span className="spacer" />
        {!running && (
          <button className="close" aria-label={t('job.closeResults')} onClick={close}>
            ✕
          </button>
        )}
      </header>
      <div
        className="progress"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={job.total}
        aria-valuenow={job.done}
        aria-label={t('job.progress', { action: actionName })}
      >
        <div className={`progress-fill${hasFailures ? ' has-failures' : ''}`} style={{ width: `${pct}%` }} />
      </div>
    </>
  );
}

/** Counts, Retry failed only, the failed-only filter, Copy failed ids and Export CSV. */
function JobSummary({ view: { job, results }, failed }: { view: View; failed: BulkResult[] }) {
  const retry = useRetry(job);
  const notify = useApp((s) => s.notify);
  const failedOnly = useApp((s) => s.failedOnly);
  const setFailedOnly = useApp((s) => s.setFailedOnly);
  const label = useAccountLabel();
  const { t } = useI18n();
  const running = job.state === 'running';
  const copyFailedIds = async (ids: string[]) => {
    try {
      await navigator.clipboard.writeText(ids.join('\n'));
      notify({ level: 'info', message: t('job.copiedIds', { n: ids.length }) });
    } catch {
      notify({ level: 'error', message: t('common.copyFailed') });
    }
  };
  return (
    <>
      <div className="summary" data-testid="job-summary">
        <span className="ok">
          <span aria-hidden="true">✓ </span>
          {t('job.succeeded', { n: formatCount(results.length - failed.length) })}
        </span>
        <span className={failed.length ? 'bad' : 'muted'}>
          <span aria-hidden="true">✗ </span>
          {t('job.failed', { n: formatCount(failed.length) })}
        </span>
        {!running && failed.length > 0 && retry && (
          <button onClick={() => retry(failed.map((r) => r.key))} data-testid="retry-failed">
            {t('job.retryFailed', { n: formatCount(failed.length) })}
          </button>
        )}
        <label className="check">
          <input type="checkbox" checked={failedOnly} onChange={(e) => setFailedOnly(e.target.checked)} />{' '}
          {t('job.failedOnly')}
        </label>
      </div>
      <div className="summary">
        {failed.length > 0 && (
          <button className="small" onClick={() => void copyFailedIds(failed.map((r) => splitPhoneKey(r.key).id))}>
            {t('job.copyFailedIds')}
          </button>
        )}
        <button
          className="small"
          onClick={() =>
            download(
              `phonedeck-${job.action}-${stamp(new Date(job.startedAt))}.csv`,
              toCsv(
                ['phone', 'id', 'account', 'status before', 'result', 'code', 'message'],
                results.map((r) => [
                  r.name,
                  splitPhoneKey(r.key).id,
                  label(r.accountId),
                  r.lastStatus ?? '',
                  r.ok ? 'succeeded' : 'failed',
                  r.ok ? '' : r.code,
                  r.message,
                ]),
              ),
            )
          }
        >
          {t('common.exportCsv')}
        </button>
      </div>
    </>
  );
}

/**
 * At fleet scale failures come grouped by the provider's code, most first, each with its words, its count and
 * its own retry ("216 × 43005 — busy with a task").
 */
function FailureGroups({ job, failed }: { job: BulkJobState; failed: BulkResult[] }) {
  const retry = useRetry(job);
  const { t } = useI18n();
  const groups = new Map<string, { message: string; keys: string[] }>();
  for (const r of failed) {
    const g = groups.get(r.code) ?? { message: r.message, keys: [] };
    g.keys.push(r.key);
    groups.set(r.code, g);
  }
  if (groups.size < 2 && failed.length < 10) return null;
  const sorted = [...groups].sort((a, b) => b[1].keys.length - a[1].keys.length).slice(0, 6);
  return (
    <ul className="failure-groups" aria-label={t('job.groupsLabel')} data-testid="failure-groups">
      {sorted.map(([code, g]) => (
        <li key={code}>
          <strong>{t('job.groupCount', { n: formatCount(g.keys.length), code })}</strong> {g.message}{' '}
          {retry && (
            <button className="small" onClick={() => retry(g.keys)}>
              {t('job.groupRetry', { n: formatCount(g.keys.length) })}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

/**
 * When each accepted phone was first seen in its target state (running after a start, stopped after a stop,
 * gone after a delete): the provider's confirmation, as the list reads it.
 */
function useConfirmations(action: BulkJobState['action'], results: BulkResult[]): (key: string) => number | null {
  const phones = useApp((s) => s.phones);
  const seen = useRef(new Map<string, number>());
  for (const r of results) {
    if (r.ok && !seen.current.has(r.key) && reachedTarget(action, phones.get(r.key)))
      seen.current.set(r.key, Date.now());
  }
  return (key) => seen.current.get(key) ?? null;
}

/** One row per phone (the first 500), failures first, with the provider's words and code, successes with their confirmation. */
function ResultList({ action, results }: { action: BulkJobState['action']; results: BulkResult[] }) {
  const label = useAccountLabel();
  const confirmedAt = useConfirmations(action, results);
  // Files and apps change nothing the list shows: a result is the provider's own answer, with nothing to watch for.
  const watched = !isFileAction(action);
  const { t } = useI18n();
  const shown = [...results.filter((r) => !r.ok), ...results.filter((r) => r.ok)];
  return (
    // Focusable, so a keyboard can scroll a long list (axe: scrollable-region-focusable).
    <ul className="results" data-testid="job-results" aria-label={t('job.resultsLabel')} tabIndex={0}>
      {shown.slice(0, 500).map((r) => (
        <ResultRow key={r.key} r={r} account={label(r.accountId)} confirmedAt={confirmedAt(r.key)} watched={watched} />
      ))}
      {shown.length > 500 && <li className="muted">{t('job.andMore', { n: formatCount(shown.length - 500) })}</li>}
    </ul>
  );
}

/**
 * One phone's result. Memoised: a status storm re-reads confirmations on every patch, and only the rows
 * whose confirmation changed draw again (500 rows redrawn ten times a second cost frames).
 */
const ResultRow = memo(function ResultRow(p: {
  r: BulkResult;
  account: string;
  confirmedAt: number | null;
  watched: boolean;
}) {
  const { r, account } = p;
  const { t } = useI18n();
  return (
    <li className={r.ok ? 'ok' : 'bad'} data-key={r.key}>
      <span aria-hidden="true">{r.ok ? '✓' : '✗'}</span>
      <span
        className="name"
        title={
          r.lastStatus
            ? t('job.resultWas', { name: r.name, account, status: statusText(r.lastStatus) })
            : t('job.resultTitle', { name: r.name, account })
        }
      >
        <span className="sr-only">{t(r.ok ? 'job.srSucceeded' : 'job.srFailed')}</span>
        {r.name}
        <span className="result-account">{account}</span>
      </span>
      <span className="msg">
        {r.message}
        {!r.ok && r.code && !r.code.startsWith('OUTCOME') ? <span className="code"> ({r.code})</span> : null}
        {r.ok && p.watched && <Confirmation at={p.confirmedAt} />}
      </span>
    </li>
  );
});

function Confirmation({ at }: { at: number | null }) {
  const { t } = useI18n();
  return at === null ? (
    <span className="muted"> · {t('job.awaiting')}</span>
  ) : (
    <span className="confirmed"> · {t('job.confirmedAt', { time: i18n().clock(at) })}</span>
  );
}

/** Text for a polite live region, changed at most every few seconds (and at once for the final message). */
function useAnnouncement() {
  const last = useRef<{ jobId: string; at: number; text: string }>({ jobId: '', at: 0, text: '' });
  const [, tick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => tick((n) => n + 1), ANNOUNCE_EVERY_MS);
    return () => clearInterval(t);
  }, []);
  return (jobId: string, text: string, final: boolean): string => {
    const now = Date.now();
    if (final || jobId !== last.current.jobId || now - last.current.at >= ANNOUNCE_EVERY_MS)
      last.current = { jobId, at: now, text };
    return last.current.text;
  };
}
