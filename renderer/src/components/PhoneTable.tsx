import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef } from 'react';
import { PROVIDER_LABELS, type Phone } from '../../../common/phone';
import { useApp } from '../state/context';
import { useNow } from '../state/use-now';
import { formatDuration, rangeBetween, type SortColumn } from '../state/phone-query';
import { StatusBadge } from './StatusBadge';

const ROW_HEIGHT = 40;
const COLUMNS: { id: SortColumn | null; label: string }[] = [
  { id: 'name', label: 'Name' },
  { id: 'status', label: 'Status' },
  { id: 'group', label: 'Group' },
  { id: null, label: 'Tags' },
  { id: 'remark', label: 'Remark' },
  { id: 'account', label: 'Account' },
  { id: 'running', label: 'Uptime' },
];

interface RowProps {
  phone: Phone;
  selected: boolean;
  favorite: boolean;
  accountLabel: string;
  canOpen: boolean;
  now: number;
  onSelect(key: string, e: { shiftKey: boolean }): void;
  onFavorite(key: string, fav: boolean): void;
  onOpen(key: string): void;
}

const Row = memo(function Row({ phone: p, selected, favorite, accountLabel, canOpen, now, onSelect, onFavorite, onOpen }: RowProps) {
  return (
    <div className={`row${selected ? ' selected' : ''}`} role="row" aria-selected={selected} data-key={p.key} onClick={(e) => onSelect(p.key, e)}>
      <div role="gridcell" className="cell-check">
        <input type="checkbox" aria-label={`Select ${p.name}`} checked={selected} onChange={() => undefined} />
      </div>
      <div role="gridcell">
        <button
          className={`star${favorite ? ' on' : ''}`}
          aria-label={favorite ? `Remove ${p.name} from favourites` : `Add ${p.name} to favourites`}
          aria-pressed={favorite}
          onClick={(e) => {
            e.stopPropagation();
            onFavorite(p.key, !favorite);
          }}
        >
          {favorite ? '★' : '☆'}
        </button>
      </div>
      <div role="gridcell" className="cell-name">
        <span className="name">{p.name}</span>
        {p.serialNo && <span className="serial">#{p.serialNo}</span>}
        {p.billing === 'per-minute' && (
          <span className="billing" title="Billed per minute while running">
            per-min
          </span>
        )}
      </div>
      <div role="gridcell">
        <StatusBadge status={p.status} detail={p.statusDetail} />
      </div>
      <div role="gridcell" className="ellipsis">{p.group}</div>
      <div role="gridcell" className="tags">
        {p.tags.map((t) => (
          <span key={t} className="tag">
            {t}
          </span>
        ))}
      </div>
      <div role="gridcell" className="ellipsis muted" title={p.remark}>
        {p.remark}
      </div>
      <div role="gridcell" className="ellipsis">
        <span className={`provider provider-${p.provider}`}>{PROVIDER_LABELS[p.provider]}</span> {accountLabel}
      </div>
      <div role="gridcell" className="muted">{p.runningSince ? formatDuration(now - p.runningSince) : '—'}</div>
      <div role="gridcell">
        {canOpen && (
          <button
            className="small"
            disabled={p.status === 'expired' || p.status === 'stopping'}
            title={p.status === 'stopped' ? 'Start this phone and open its screen' : 'Open its screen'}
            onClick={(e) => {
              e.stopPropagation();
              onOpen(p.key);
            }}
          >
            Open
          </button>
        )}
      </div>
    </div>
  );
});

/** The phone list: virtualised so 10,000 rows cost what a screenful does. */
export function PhoneTable({ rows, filterText }: { rows: Phone[]; filterText: string }) {
  const parent = useRef<HTMLDivElement>(null);
  const selection = useApp((s) => s.selection);
  const anchor = useApp((s) => s.anchor);
  const sort = useApp((s) => s.sort);
  const setSort = useApp((s) => s.setSort);
  const select = useApp((s) => s.select);
  const setAnchor = useApp((s) => s.setAnchor);
  const favorites = useApp((s) => s.settings?.favorites);
  const setFavorite = useApp((s) => s.setFavorite);
  const openSessions = useApp((s) => s.openSessions);
  const accounts = useApp((s) => s.accounts);
  const setVisible = useApp((s) => s.setVisible);
  const now = useNow(30_000);

  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => parent.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const favSet = new Set(favorites ?? []);
  const labels = new Map(accounts.map((a) => [a.id, a.label]));
  const viewer = new Set(accounts.filter((a) => a.capabilities.viewer).map((a) => a.id));

  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;
  useEffect(() => {
    setVisible(rows.slice(first, last + 1).map((r) => r.key));
  }, [first, last, rows, setVisible]);

  const onSelect = (key: string, e: { shiftKey: boolean }) => {
    if (e.shiftKey && anchor) {
      select(
        rangeBetween(
          rows.map((r) => r.key),
          anchor,
          key,
        ),
        'add',
      );
    } else {
      select([key], 'toggle');
      setAnchor(key);
    }
  };

  return (
    <div className="table" role="grid" aria-rowcount={rows.length + 1} aria-label="Phones" data-filter={filterText}>
      <div className="row header" role="row">
        <div role="columnheader" className="cell-check">
          <input
            type="checkbox"
            aria-label="Select all shown"
            checked={rows.length > 0 && rows.every((r) => selection.has(r.key))}
            onChange={(e) => select(rows.map((r) => r.key), e.target.checked ? 'add' : 'remove')}
          />
        </div>
        <div role="columnheader" aria-label="Favourite" />
        {COLUMNS.map((c) => (
          <div key={c.label} role="columnheader" aria-sort={c.id && sort.column === c.id ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
            {c.id ? (
              <button className="sort" onClick={() => setSort(c.id!)}>
                {c.label}
                {sort.column === c.id ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
              </button>
            ) : (
              c.label
            )}
          </div>
        ))}
        <div role="columnheader" />
      </div>
      <div className="scroller" ref={parent} data-testid="phone-scroller">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((vi) => {
            const p = rows[vi.index];
            return (
              <div key={p.key} style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${vi.start}px)` }}>
                <Row
                  phone={p}
                  selected={selection.has(p.key)}
                  favorite={favSet.has(p.key)}
                  accountLabel={labels.get(p.accountId) ?? ''}
                  canOpen={viewer.has(p.accountId)}
                  now={now}
                  onSelect={onSelect}
                  onFavorite={(k, f) => void setFavorite(k, f)}
                  onOpen={(k) => void openSessions([k])}
                />
              </div>
            );
          })}
        </div>
        {rows.length === 0 && <div className="empty">No phones match these filters.</div>}
      </div>
    </div>
  );
}
