import { useEffect, useState } from 'react';
import type { TeamPolicySummary } from '../../../../common/contract';
import { formatTimestamp } from '../../lib/format';
import { describePolicy } from '../../lib/policy-words';
import { useApp, useI18n } from '../../state/context';

/**
 * The team's policies, run around the clock by the team's server, with who set each and when. Read here;
 * managers change them in the team database (row-level security keeps everyone else out).
 */
export function TeamPolicies() {
  const online = useApp((s) => s.team?.mode === 'team' && s.team.state === 'online');
  const request = useApp((s) => s.request);
  const accounts = useApp((s) => s.accounts);
  const [policies, setPolicies] = useState<TeamPolicySummary[] | null>(null);
  const { t } = useI18n();
  useEffect(() => {
    if (online) void request('team:policies', {}).then((p) => p && setPolicies(p));
  }, [online, request]);
  if (!online || !policies) return null;
  const label = (id: string) => accounts.find((a) => a.id === id)?.label ?? id;
  return (
    <div data-testid="team-policies">
      <h3>{t('team.policies')}</h3>
      {policies.length === 0 ? (
        <p className="muted">{t('team.noPolicies')}</p>
      ) : (
        <ul className="plain-list">
          {policies.map((p) => (
            <li key={p.id}>
              {p.policy ? (
                <>
                  <strong>{p.policy.name}</strong> <span className="muted">{describePolicy(p.policy, label)}</span>
                  {!p.policy.enabled && <span className="tag">{t('team.policyOff')}</span>}
                </>
              ) : (
                <span className="fail-text">{t('team.policyBroken', { id: p.id })}</span>
              )}
              <div className="muted small-text">
                {t('team.policySetBy', { who: p.setBy, when: formatTimestamp(p.setAt) })}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
