import { useState, type FormEvent } from 'react';
import type { TeamState } from '../../../../common/contract';
import { formatClock } from '../../lib/format';
import { useApp, useI18n } from '../../state/context';
import { TeamPolicies } from './TeamPolicies';

/**
 * Settings → Team: the team database this desktop works through (the person's own PostgreSQL role), or
 * working alone. The password goes to main's keychain and never comes back; the state says whether the
 * desktop is connected, and as whom, or offline and read-only while it reconnects by itself.
 */
export function TeamSection() {
  const team = useApp((s) => s.team);
  const joinTeam = useApp((s) => s.joinTeam);
  const leaveTeam = useApp((s) => s.leaveTeam);
  const [url, setUrl] = useState(team?.mode === 'team' ? team.url : '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { t } = useI18n();
  if (!team) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await joinTeam(url.trim(), password || undefined);
    setBusy(false);
    if (r.ok) setPassword('');
    else setError(r.message);
  };
  return (
    <section aria-labelledby="team-h">
      <h2 id="team-h">{t('team.title')}</h2>
      <p className="muted">{t('team.intro')}</p>
      <p className={`health health-${healthClass(team)}`} role="status" data-testid="team-state">
        {stateWords(team, t)}
      </p>
      <form className="card form" onSubmit={(e) => void submit(e)} aria-labelledby="team-h" noValidate>
        <label>
          {t('team.url')}
          <input
            type="url"
            value={url}
            placeholder={t('team.urlHint')}
            onChange={(e) => setUrl(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'team-error' : undefined}
            spellCheck={false}
            data-testid="team-url"
          />
        </label>
        <label>
          {t('team.password')}
          <input
            type="password"
            value={password}
            autoComplete="off"
            onChange={(e) => setPassword(e.target.value)}
            aria-describedby="team-password-hint"
            data-testid="team-password"
          />
          <span id="team-password-hint" className="muted small-text">
            {t('team.passwordHint')}
          </span>
        </label>
        {error && (
          <p className="error" role="alert" id="team-error">
            {error}
          </p>
        )}
        <div className="dialog-buttons">
          {team.mode === 'team' && (
            <button type="button" onClick={() => void leaveTeam()} data-testid="team-leave">
              {t('team.leave')}
            </button>
          )}
          <button type="submit" className="primary" disabled={busy || !url.trim()} data-testid="team-connect">
            {busy ? t('team.connecting') : t('team.connect')}
          </button>
        </div>
      </form>
      <TeamPolicies />
    </section>
  );
}

function healthClass(team: TeamState): string {
  if (team.mode === 'alone') return 'untested';
  return team.state === 'online' ? 'ok' : team.state === 'offline' ? 'error' : 'untested';
}

export function stateWords(team: TeamState, t: ReturnType<typeof useI18n>['t']): string {
  if (team.mode === 'alone') return t('team.off');
  if (team.state === 'connecting') return t('team.connecting');
  if (team.state === 'offline') return t('team.offline', { time: formatClock(team.since), error: team.error });
  return t(team.runsJobs ? 'team.onlineRuns' : 'team.online', { role: team.role, teamRole: team.teamRole });
}
