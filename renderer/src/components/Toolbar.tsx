import { useMemo } from 'react';
import { PHONE_STATUSES, type Phone } from '../../../common/phone';
import { formatCount, formatTimestamp } from '../format';
import { useApp } from '../state/context';
import { useNow } from '../state/use-now';
import { facets } from '../state/phone-query';
import { STATUS_TEXT } from './StatusBadge';

function since(ts: number | null, now: number): string {
  if (!ts) return 'never';
  const s = Math.round((now - ts) / 1000);
  return s < 5 ? 'just now' : s < 60 ? `${s} s ago` : `${Math.round(s / 60)} min ago`;
}

export function Toolbar({ phones, shown }: { phones: Phone[]; shown: number }) {
  const query = useApp((s) => s.query);
  const setQuery = useApp((s) => s.setQuery);
  const accounts = useApp((s) => s.accounts);
  const refresh = useApp((s) => s.refresh);
  const refreshNow = useApp((s) => s.refreshNow);
  const now = useNow(5_000);
  const { groups, tags } = useMemo(() => facets(phones), [phones]);
  const toggleStatus = (st: (typeof PHONE_STATUSES)[number]) =>
    setQuery({ statuses: query.statuses.includes(st) ? query.statuses.filter((x) => x !== st) : [...query.statuses, st] });
  return (
    <div className="toolbar">
      <input
        className="search"
        type="search"
        placeholder="Search name, remark…"
        aria-label="Search phones"
        value={query.text}
        onChange={(e) => setQuery({ text: e.target.value })}
      />
      <div className="status-filter" role="group" aria-label="Filter by status">
        {PHONE_STATUSES.filter((s) => s !== 'unknown').map((st) => (
          <button key={st} className={`chip chip-${st}${query.statuses.includes(st) ? ' on' : ''}`} aria-pressed={query.statuses.includes(st)} onClick={() => toggleStatus(st)}>
            {STATUS_TEXT[st]}
          </button>
        ))}
      </div>
      <select aria-label="Filter by group" value={query.group} onChange={(e) => setQuery({ group: e.target.value })}>
        <option value="">All groups</option>
        {groups.map((g) => (
          <option key={g}>{g}</option>
        ))}
      </select>
      <select aria-label="Filter by tag" value={query.tag} onChange={(e) => setQuery({ tag: e.target.value })}>
        <option value="">All tags</option>
        {tags.map((t) => (
          <option key={t}>{t}</option>
        ))}
      </select>
      {accounts.length > 1 && (
        <select aria-label="Filter by account" value={query.accountId} onChange={(e) => setQuery({ accountId: e.target.value })}>
          <option value="">All accounts</option>
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.label}
            </option>
          ))}
        </select>
      )}
      <label className="check">
        <input type="checkbox" checked={query.favoritesOnly} onChange={(e) => setQuery({ favoritesOnly: e.target.checked })} /> ★ only
      </label>
      <span className="spacer" />
      <span className="muted" data-testid="shown-count">
        {formatCount(shown)} of {formatCount(phones.length)}
      </span>
      <span className="muted" title={refresh.lastRefreshAt ? formatTimestamp(refresh.lastRefreshAt) : ''} data-testid="last-refresh">
        Updated {since(refresh.lastRefreshAt, now)}
      </span>
      <button className="icon" onClick={() => void refreshNow()} disabled={refresh.refreshing} aria-label="Refresh list" title="Reload the list from every account now">
        {refresh.refreshing ? '…' : '↻'}
      </button>
    </div>
  );
}
