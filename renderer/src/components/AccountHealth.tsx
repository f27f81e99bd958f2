import { memo } from 'react';
import type { AccountSummary } from '../../../common/contract';
import { formatClock, formatCount } from '../format';
import { useApp } from '../state/context';
import { useNow } from '../state/use-now';
import { formatAgo } from '../state/phone-query';

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
  const lines = accounts.flatMap((a): { a: AccountSummary; kind: 'error' | 'loading'; text: string }[] => {
    const st = states[a.id];
    if (a.lockedUntil) return [{ a, kind: 'error' as const, text: `locked by the provider until ${formatClock(a.lockedUntil)} after too many requests; nothing is sent until then` }];
    if (!st) return [];
    if (st.error) {
      const good = st.lastGoodAt ? `last good read ${formatAgo(now - st.lastGoodAt)}` : 'no good read yet';
      const what = st.error.during === 'status' ? 'status reads are failing' : 'the list could not be read';
      return [{ a, kind: 'error' as const, text: `${what}: ${st.error.message}. Showing what was read before (${good}).` }];
    }
    if (st.loading) {
      const of = st.total !== null ? ` of ${formatCount(st.total)}` : '';
      return [{ a, kind: 'loading' as const, text: `loading phones… ${formatCount(st.phonesRead)}${of} (${formatCount(st.pagesRead)} page${st.pagesRead === 1 ? '' : 's'} read)` }];
    }
    return [];
  });
  if (!lines.length) return null;
  return (
    <ul className="account-health" aria-label="Account status" data-testid="account-health">
      {lines.map(({ a, kind, text }) => (
        <li key={a.id} className={`health-line health-line-${kind}`}>
          <span aria-hidden="true">{kind === 'error' ? '⚠' : '⟳'}</span>
          <span>
            <strong>{a.label}</strong>: {text}
          </span>
          {kind === 'error' && (
            <>
              <button className="small" onClick={() => void refreshNow()}>
                Retry
              </button>
              <button className="small" onClick={() => setView('settings')}>
                Open Settings
              </button>
            </>
          )}
        </li>
      ))}
    </ul>
  );
});
