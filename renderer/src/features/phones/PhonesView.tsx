import { useDeferredValue, useEffect, useMemo } from 'react';
import type { Phone } from '../../../../common/phone';
import { useApp } from '../../state/context';
import { filterPhones, sortPhones, warmSearch } from '../../lib/phone-query';
import { BulkBar } from './BulkBar';
import { AccountHealth } from './AccountHealth';
import { DetailPanel } from './DetailPanel';
import { HistoryPanel } from './HistoryPanel';
import { JobPanel } from './JobPanel';
import { PhoneTable } from './PhoneTable';
import { ScreenWall } from './ScreenWall';
import { Toolbar } from './Toolbar';

export function PhonesView() {
  const phonesMap = useApp((s) => s.phones);
  const query = useApp((s) => s.query);
  const sort = useApp((s) => s.sort);
  const selection = useApp((s) => s.selection);
  const favorites = useApp((s) => s.settings?.favorites);
  const accounts = useApp((s) => s.accounts);
  const pinned = useApp((s) => s.pinned);
  const detailsOpen = useApp((s) => s.detailsKey !== null);
  const costs = useApp((s) => s.phoneCosts);
  const lastFailed = useApp((s) => s.lastFailed);
  const layout = useApp((s) => s.layout);
  const phones = useMemo(() => [...phonesMap.values()], [phonesMap]);
  // Typing stays responsive: the list catches up without blocking the input.
  const deferredQuery = useDeferredValue(query);
  const sorted = useMemo(
    () => sortPhones(phones, sort, { accountLabels: new Map(accounts.map((a) => [a.id, a.label])), costs }),
    // Costs change every minute; only the cost order needs them.
    [phones, sort, accounts, sort.column === 'cost' ? costs : null],
  );
  const usesCosts = deferredQuery.minCostToday !== null;
  const rows = useMemo(
    () =>
      filterPhones(sorted, deferredQuery, {
        favorites: new Set(favorites ?? []),
        selection,
        pinned,
        costs,
        lastFailed,
      }),
    // The selection matters only to "show selected"; re-filtering on every click would cost 10,000 rows.
    [
      sorted,
      deferredQuery,
      favorites,
      pinned,
      deferredQuery.selectedOnly ? selection : null,
      usesCosts ? costs : null,
      deferredQuery.failedInLastJob ? lastFailed : null,
    ],
  );
  useEffect(() => warmSearch(phones), [phones]);
  const shownKeys = useMemo(() => new Set(rows.map((r) => r.key)), [rows]);
  const selected = useMemo(
    () => [...selection].map((k) => phonesMap.get(k)).filter((p) => !!p),
    [selection, phonesMap],
  );
  useListShortcuts(rows);
  return (
    <div className="phones-view">
      <Toolbar phones={phones} rows={rows} />
      <AccountHealth />
      <BulkBar selected={selected} matching={rows} shownKeys={shownKeys} />
      <div className="phones-body">
        {layout === 'wall' ? (
          <ScreenWall rows={rows} />
        ) : (
          <PhoneTable rows={rows} filterText={deferredQuery.text} total={phones.length} />
        )}
        {detailsOpen ? (
          <DetailPanel />
        ) : (
          <>
            <JobPanel />
            <HistoryPanel />
          </>
        )}
      </div>
    </div>
  );
}

/** "/" focuses search, Ctrl/Cmd+A selects every matching phone, Escape clears the selection. */
function useListShortcuts(rows: Phone[]) {
  const select = useApp((s) => s.select);
  const clear = useApp((s) => s.clearSelection);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const inField = e.target instanceof Element && e.target.closest('input, select, textarea, dialog');
      if (inField || document.querySelector('dialog[open]')) return;
      if (e.key === '/') {
        e.preventDefault();
        document.querySelector<HTMLInputElement>('input[type="search"]')?.focus();
      } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'a') {
        e.preventDefault();
        select(
          rows.map((r) => r.key),
          'add',
        );
      } else if (e.key === 'Escape') clear();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows, select, clear]);
}
