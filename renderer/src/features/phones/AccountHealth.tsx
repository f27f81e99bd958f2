import { memo } from 'react';
import type { AccountSummary } from '../../../../common/contract/index';
import { formatAgo, formatClock, formatCount } from '../../lib/format';
import { useApp, useI18n } from '../../state/context';
import { useNow } from '../../lib/use-now';

/**
 * One line per account whose reads are loading or failing, in the list itself: how far a slow first load
 * got, or what failed, since when the data is good, and a Retry. Accounts that are fine take no space.
 */
export const AccountHealth = memo(function AccountHealth() {
  const accounts = useApp((s) => s.accounts);
  const states = useApp((s) => s.refresh.accounts);
  const refreshNow = useApp((s) => s.refreshNow);
  const setView = useApp((s) => s.setView);
  const now = useNow(5_000);
  const { t } = useI18n();
  const lines = accounts.flatMap((a): { a: AccountSummary; kind: 'error' | 'loading'; text: string }[] => {
    const st = states[a.id];
    if (a.lockedUntil)
      return [{ a, kind: 'error' as const, text: t('health.locked', { time: formatClock(a.lockedUntil) }) }];
    if (!st) return [];
    if (st.error) {
      const good = st.lastGoodAt
        ? t('health.lastGood', { when: formatAgo(now - st.lastGoodAt) })
        : t('health.noGoodRead');
      const what = t(st.error.during === 'status' ? 'health.statusFailing' : 'health.listFailing');
      return [{ a, kind: 'error' as const, text: t('health.error', { what, message: st.error.message, good }) }];
    }
    if (st.loading) {
      const values = { read: formatCount(st.phonesRead), pages: formatCount(st.pagesRead) };
      const progress =
        st.total !== null
          ? t('health.loadingOf', { ...values, of: formatCount(st.total) })
          : t('health.loading', values);
      const waiting =
        st.waitingUntil && st.waitingUntil > now
          ? ` ${t('health.waitingRateLimit', { time: formatClock(st.waitingUntil) })}`
          : '';
      return [{ a, kind: 'loading' as const, text: progress + waiting }];
    }
    return [];
  });
  if (!lines.length) return null;
  return (
    <ul className="account-health" aria-label={t('health.label')} data-testid="account-health">
      {lines.map(({ a, kind, text }) => (
        <li key={a.id} className={`health-line health-line-${kind}`}>
          <span aria-hidden="true">{kind === 'error' ? '⚠' : '⟳'}</span>
          <span>
            <strong>{a.label}</strong>: {text}
          </span>
          {kind === 'error' && (
            <>
              <button className="small" onClick={() => void refreshNow()}>
                {t('common.retry')}
              </button>
              <button className="small" onClick={() => setView('settings')}>
                {t('common.openSettings')}
              </button>
            </>
          )}
        </li>
      ))}
    </ul>
  );
});
