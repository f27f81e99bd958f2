import { useDeferredValue, useMemo } from 'react';
import { useApp } from '../state/context';
import { filterPhones, sortPhones } from '../state/phone-query';
import { BulkBar } from './BulkBar';
import { JobPanel } from './JobPanel';
import { PhoneTable } from './PhoneTable';
import { Toolbar } from './Toolbar';

export function PhonesView() {
  const phonesMap = useApp((s) => s.phones);
  const version = useApp((s) => s.phonesVersion);
  const query = useApp((s) => s.query);
  const sort = useApp((s) => s.sort);
  const selection = useApp((s) => s.selection);
  const favorites = useApp((s) => s.settings?.favorites);
  const accounts = useApp((s) => s.accounts);
  const phones = useMemo(() => [...phonesMap.values()], [phonesMap, version]);
  // Typing stays responsive: the list catches up without blocking the input.
  const deferredQuery = useDeferredValue(query);
  const sorted = useMemo(() => sortPhones(phones, sort, { accountLabels: new Map(accounts.map((a) => [a.id, a.label])) }), [phones, sort, accounts]);
  const rows = useMemo(() => filterPhones(sorted, deferredQuery, { favorites: new Set(favorites ?? []) }), [sorted, deferredQuery, favorites]);
  const selected = useMemo(() => [...selection].map((k) => phonesMap.get(k)).filter((p) => !!p), [selection, phonesMap]);
  return (
    <div className="phones-view">
      <Toolbar phones={phones} shown={rows.length} />
      <BulkBar selected={selected} matching={rows} />
      <div className="phones-body">
        <PhoneTable rows={rows} filterText={deferredQuery.text} />
        <JobPanel />
      </div>
    </div>
  );
}
