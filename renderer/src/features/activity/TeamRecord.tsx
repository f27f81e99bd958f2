import { useEffect, useState } from 'react';
import type { TeamJobSummary } from '../../../../common/contract';
import { BULK_ACTIONS, type BulkAction } from '../../../../common/phone';
import { actionText, describeSource, formatCount, formatTimestamp } from '../../lib/format';
import { useApp, useI18n } from '../../state/context';

const actionLabel = (a: string) => ((BULK_ACTIONS as readonly string[]).includes(a) ? actionText(a as BulkAction) : a);

/**
 * In a team: the team's own record above this desktop's, so anyone can see who stopped or deleted what.
 * "Who" is the PostgreSQL role the database recorded, never a name a client declared. Re-read every 5 s.
 */
export function TeamRecord() {
  const team = useApp((s) => s.team);
  const request = useApp((s) => s.request);
  const accounts = useApp((s) => s.accounts);
  const [jobs, setJobs] = useState<TeamJobSummary[] | null>(null);
  const { t } = useI18n();
  const inTeam = team?.mode === 'team';
  useEffect(() => {
    if (!inTeam) return;
    let current = true;
    const load = () => void request('team:jobs', {}).then((j) => current && j && setJobs(j));
    load();
    const timer = setInterval(load, 5_000);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [request, inTeam]);
  if (!inTeam || !jobs?.length) return null;
  const label = (id: string) => accounts.find((a) => a.id === id)?.label ?? id;
  return (
    <details className="card team-record" open data-testid="team-record">
      <summary>{t('teamRecord.title', { n: formatCount(jobs.length) })}</summary>
      <table className="plain">
        <caption className="sr-only">{t('teamRecord.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('activity.when')}</th>
            <th scope="col">{t('teamRecord.who')}</th>
            <th scope="col">{t('activity.source')}</th>
            <th scope="col">{t('activity.action')}</th>
            <th scope="col">{t('teamRecord.account')}</th>
            <th scope="col">{t('activity.phones')}</th>
            <th scope="col">{t('activity.result')}</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((j) => (
            <tr key={j.id}>
              <td>{formatTimestamp(j.submittedAt)}</td>
              <td>{j.submittedBy}</td>
              <td>{describeSource(j.source)}</td>
              <td>{actionLabel(j.action)}</td>
              <td>{label(j.accountId)}</td>
              <td>{formatCount(j.phones)}</td>
              <td>
                {j.state === 'done' ? (
                  <>
                    <span className="ok-text">{t('activity.done', { n: formatCount(j.ok) })}</span>
                    {j.failed > 0 && (
                      <span className="fail-text">{t('activity.failed', { n: formatCount(j.failed) })}</span>
                    )}
                  </>
                ) : j.state === 'claimed' ? (
                  t('teamRecord.running', { node: j.claimedBy ?? '' })
                ) : (
                  t('teamRecord.queued')
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
