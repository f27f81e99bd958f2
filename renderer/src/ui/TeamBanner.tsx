import { useApp, useI18n } from '../state/context';

/**
 * In a team: whose desktop this is in the top bar, and, on every tab, that the desktop is offline from the
 * team (read-only until the database is back; it reconnects by itself, nothing to press).
 */
export function TeamBanner() {
  const team = useApp((s) => s.team);
  const { t } = useI18n();
  if (team?.mode !== 'team' || team.state !== 'offline') return null;
  return (
    <div className="pending-banner" role="status" data-testid="team-offline">
      {t('team.banner')}
    </div>
  );
}

export function TeamBadge() {
  const team = useApp((s) => s.team);
  const { t } = useI18n();
  if (team?.mode !== 'team' || team.state !== 'online') return null;
  return (
    <span className="tag" data-testid="team-badge" title={team.url}>
      {t('team.badge', { role: team.role })}
    </span>
  );
}
