import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import type { Phone } from '../../../../common/phone';
import { useApp, useI18n } from '../../state/context';
import { useNow } from '../../lib/use-now';
import { EMPTY_QUERY, isFiltered, rangeBetween } from '../../lib/phone-query';
import {
  COLUMNS,
  columnLabel,
  columnTitle,
  gridTemplate,
  HIDDEN_WHEN_NARROW,
  NARROW_WIDTH,
  type Column,
} from './columns';
import { ColumnResizer } from './ColumnResizer';
import { RowMenu, type MenuAt } from './RowMenu';
import { StatusBadge } from '../../ui/StatusBadge';
import { formatDuration, formatMoney } from '../../lib/format';
import type { I18n } from '../../../../common/i18n/i18n';

const ROW_HEIGHT = 40;
const PAGE_ROWS = 10;

/** Whether the window is narrower than NARROW_WIDTH, following resizes. */
function useNarrowWindow(): boolean {
  const query = `(max-width: ${NARROW_WIDTH - 1}px)`;
  const [narrow, setNarrow] = useState(() => matchMedia(query).matches);
  useEffect(() => {
    const m = matchMedia(query);
    const on = () => setNarrow(m.matches);
    m.addEventListener('change', on);
    return () => m.removeEventListener('change', on);
  }, [query]);
  return narrow;
}

/** A DOM id for a row (aria-activedescendant needs one). */
const rowId = (key: string) => `row-${key}`;

interface RowProps {
  phone: Phone;
  shown: ReadonlySet<Column['id']>;
  index: number;
  selected: boolean;
  active: boolean;
  favorite: boolean;
  accountLabel: string;
  canOpen: boolean;
  opening: boolean;
  windowOpen: boolean;
  now: number;
  /** The language, so rows re-render when it changes (they are memoised). */
  i18n: I18n;
  /** The account's per-minute price and currency, when set: a running per-minute phone shows its estimated cost. */
  price: { perMinute: number; currency: string } | null;
  onSelect(key: string, e: { shiftKey: boolean }): void;
  onFavorite(key: string, fav: boolean): void;
  onOpen(key: string): void;
  onMenu(key: string, x: number, y: number): void;
}

const Row = memo(function Row(r: RowProps) {
  const {
    phone: p,
    i18n: { t },
  } = r;
  // A lower bound reads "≥ 0m", not "≥ <1m". `now` ticks every 30 s, so a phone seen starting since the last
  // tick began "after now": that is 0 minutes, never a negative time or cost.
  const ran = p.runningSince ? Math.max(0, r.now - p.runningSince) : 0;
  const atLeast = (d: string) => (p.runningSinceExact ? d : t('table.atLeast', { d }));
  const seen = !p.runningSince
    ? t('common.dash')
    : atLeast(ran < 60_000 && !p.runningSinceExact ? t('table.zeroMinutes') : formatDuration(ran));
  const cost =
    p.runningSince && r.price && p.billing !== 'monthly'
      ? ` · ${atLeast(formatMoney(Math.floor(ran / 60_000) * r.price.perMinute, r.price.currency))}`
      : '';
  const provider = t(`provider.${p.provider}`);
  return (
    <div
      id={rowId(p.key)}
      className={`row${r.selected ? ' selected' : ''}${r.active ? ' active' : ''}`}
      role="row"
      aria-rowindex={r.index + 2}
      aria-selected={r.selected}
      data-key={p.key}
      onClick={(e) => r.onSelect(p.key, e)}
      onDoubleClick={() => r.canOpen && r.onOpen(p.key)}
      onContextMenu={(e) => {
        e.preventDefault();
        r.onMenu(p.key, e.clientX, e.clientY);
      }}
    >
      <div role="gridcell" className="cell-check">
        <input
          type="checkbox"
          tabIndex={-1}
          aria-label={t('table.selectRow', { name: p.name })}
          checked={r.selected}
          onChange={() => undefined}
        />
      </div>
      <div role="gridcell">
        <button
          tabIndex={-1}
          className={`star${r.favorite ? ' on' : ''}`}
          aria-label={t(r.favorite ? 'table.unfavorite' : 'table.addFavorite', { name: p.name })}
          aria-pressed={r.favorite}
          onClick={(e) => {
            e.stopPropagation();
            r.onFavorite(p.key, !r.favorite);
          }}
        >
          {r.favorite ? '★' : '☆'}
        </button>
      </div>
      <div role="gridcell" className="cell-name" title={p.name}>
        <span className="name">{p.name}</span>
        {p.serialNo && <span className="serial">#{p.serialNo}</span>}
        {p.billing === 'per-minute' && (
          <span className="billing" title={t('table.perMinuteTitle')}>
            {t('table.perMinute')}
          </span>
        )}
        {r.windowOpen && (
          <span className="window-mark" title={t('table.windowOpenTitle')}>
            {t('table.windowOpen')}
          </span>
        )}
      </div>
      <div role="gridcell">
        <StatusBadge status={p.status} detail={p.statusDetail} />
      </div>
      {r.shown.has('group') && (
        <div role="gridcell" className="ellipsis" title={p.group}>
          {p.group}
        </div>
      )}
      {r.shown.has('tags') && (
        <div role="gridcell" className="tags" title={p.tags.join(', ')}>
          {p.tags.map((t) => (
            <span key={t} className="tag">
              {t}
            </span>
          ))}
        </div>
      )}
      {r.shown.has('remark') && (
        <div role="gridcell" className="ellipsis muted" title={p.remark}>
          {p.remark}
        </div>
      )}
      {r.shown.has('account') && (
        <div role="gridcell" className="ellipsis" title={`${provider} ${r.accountLabel}`}>
          <span className={`provider provider-${p.provider}`}>{provider}</span> {r.accountLabel}
        </div>
      )}
      {r.shown.has('running') && (
        <div
          role="gridcell"
          className="muted ellipsis"
          title={
            p.runningSince
              ? p.runningSinceExact
                ? `${seen}${cost}`
                : t('table.seenEstimate', { seen: `${seen}${cost}` })
              : undefined
          }
        >
          {seen}
          {cost}
        </div>
      )}
      <div role="gridcell">
        {r.canOpen &&
          (r.opening ? (
            <span className="muted small-text" role="status">
              {t('table.opening')}
            </span>
          ) : (
            <button
              tabIndex={-1}
              className="small"
              aria-label={t('table.openName', { name: p.name })}
              disabled={p.status === 'expired' || p.status === 'stopping'}
              title={t(
                p.status === 'expired'
                  ? 'table.openExpired'
                  : p.status === 'stopped'
                    ? 'table.openStopped'
                    : 'table.openRunning',
              )}
              onClick={(e) => {
                e.stopPropagation();
                r.onOpen(p.key);
              }}
            >
              {t('action.open')}
            </button>
          ))}
      </div>
    </div>
  );
});

/**
 * The phone list: a real grid (one Tab stop; arrows, Shift+arrows, Space, Enter, Home/End, Page Up/Down),
 * virtualised so 10,000 rows cost what a screenful does, with row indices for screen readers.
 */
export const PhoneTable = memo(function PhoneTable({
  rows,
  filterText,
  total,
}: {
  rows: Phone[];
  filterText: string;
  total: number;
}) {
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
  const opening = useApp((s) => s.opening);
  const openWindows = useApp((s) => s.openWindows);
  const accounts = useApp((s) => s.accounts);
  const setVisible = useApp((s) => s.setVisible);
  // Only whether a filter is set: the table must not re-render on each keystroke before its rows change.
  const filtered = useApp((s) => isFiltered(s.query));
  const setQuery = useApp((s) => s.setQuery);
  const loading = useApp((s) => s.refresh.refreshing || Object.values(s.refresh.accounts).some((a) => a.loading));
  // Accounts whose list has never been read: an empty table then is not "no phones".
  const neverRead = useApp(
    (s) => Object.values(s.refresh.accounts).filter((a) => a.error && a.lastGoodAt === null).length,
  );
  const now = useNow(30_000);
  const hiddenColumns = useApp((s) => s.hiddenColumns);
  const columnWidths = useApp((s) => s.columnWidths);
  const setColumnWidth = useApp((s) => s.setColumnWidth);
  const narrow = useNarrowWindow();
  const columns = useMemo(
    () => COLUMNS.filter((c) => !hiddenColumns.includes(c.id) && !(narrow && HIDDEN_WHEN_NARROW.includes(c.id))),
    [hiddenColumns, narrow],
  );
  // One stable set per column choice, so memoised rows do not re-render for it.
  const shownIds = useMemo(() => new Set(columns.map((c) => c.id)), [columns]);
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const [focused, setFocused] = useState(false);
  const [menu, setMenu] = useState<MenuAt | null>(null);
  const showDetails = useApp((s) => s.showDetails);
  const i18n = useI18n();
  const { t } = i18n;

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const favSet = new Set(favorites ?? []);
  const labels = new Map(accounts.map((a) => [a.id, a.label]));
  const spend = useApp((s) => s.spend);
  const prices = useMemo(
    () =>
      new Map(
        spend.filter((s) => s.price !== null).map((s) => [s.accountId, { perMinute: s.price!, currency: s.currency }]),
      ),
    [spend],
  );
  const viewer = new Set(accounts.filter((a) => a.capabilities.viewer).map((a) => a.id));
  // Once per list or selection change, not on every render: these walk all 10,000 rows.
  const keys = useMemo(() => rows.map((r) => r.key), [rows]);
  const allSelected = useMemo(() => rows.length > 0 && rows.every((r) => selection.has(r.key)), [rows, selection]);
  const activeIndex = activeKey ? Math.max(0, keys.indexOf(activeKey)) : 0;
  const active = rows[activeIndex];

  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;
  useEffect(() => {
    setVisible(rows.slice(first, last + 1).map((r) => r.key));
  }, [first, last, rows, setVisible]);

  // Row callbacks keep their identity across renders (they read the latest values through a ref), so
  // memoised rows re-render only when their own phone or state changes.
  const latest = useRef({ keys, anchor, setFavorite, openSessions });
  latest.current = { keys, anchor, setFavorite, openSessions };
  const onSelect = useCallback(
    (key: string, e: { shiftKey: boolean }) => {
      const { keys: order, anchor: from } = latest.current;
      setActiveKey(key);
      if (e.shiftKey && from) select(rangeBetween(order, from, key), 'add');
      else {
        select([key], 'toggle');
        setAnchor(key);
      }
    },
    [select, setAnchor],
  );
  const onFavorite = useCallback((k: string, f: boolean) => void latest.current.setFavorite(k, f), []);
  const onOpen = useCallback((k: string) => void latest.current.openSessions([k]), []);
  const onMenu = useCallback((k: string, x: number, y: number) => {
    setActiveKey(k);
    setMenu({ key: k, x, y });
  }, []);

  const moveTo = (index: number, extend: boolean) => {
    if (!rows.length) return;
    const i = Math.max(0, Math.min(rows.length - 1, index));
    const key = rows[i].key;
    setActiveKey(key);
    virtualizer.scrollToIndex(i, { align: 'auto' });
    if (extend) select(rangeBetween(keys, anchor ?? active?.key ?? key, key), 'add');
    else setAnchor(key);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    const moves: Record<string, number> = {
      ArrowDown: activeIndex + 1,
      ArrowUp: activeIndex - 1,
      PageDown: activeIndex + PAGE_ROWS,
      PageUp: activeIndex - PAGE_ROWS,
      Home: 0,
      End: rows.length - 1,
    };
    if (e.key in moves) {
      e.preventDefault();
      moveTo(moves[e.key], e.shiftKey);
    } else if (e.key === ' ' && active) {
      e.preventDefault();
      select([active.key], 'toggle');
      setAnchor(active.key);
    } else if (e.key === 'Enter' && active && viewer.has(active.accountId) && active.status !== 'expired') {
      e.preventDefault();
      void openSessions([active.key]);
    } else if ((e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) && active) {
      e.preventDefault();
      const box = document.getElementById(rowId(active.key))?.getBoundingClientRect();
      setMenu({ key: active.key, x: (box?.left ?? 0) + 40, y: box?.bottom ?? 0 });
    } else if (e.key === 'i' && active) {
      e.preventDefault();
      showDetails(active.key);
    }
  };

  return (
    <div
      className="table"
      role="grid"
      aria-rowcount={rows.length + 1}
      aria-label={t('table.label')}
      aria-multiselectable="true"
      tabIndex={0}
      aria-activedescendant={focused && active ? rowId(active.key) : undefined}
      onKeyDown={onKeyDown}
      onFocus={(e) => e.target === e.currentTarget && setFocused(true)}
      onBlur={() => setFocused(false)}
      data-filter={filterText}
      style={{ '--cols': gridTemplate(columns, columnWidths) } as CSSProperties}
    >
      <div className="row header" role="row" aria-rowindex={1}>
        <div role="columnheader" className="cell-check">
          <input
            type="checkbox"
            tabIndex={-1}
            aria-label={t('table.selectAll')}
            checked={allSelected}
            onChange={(e) => select(keys, e.target.checked ? 'add' : 'remove')}
          />
        </div>
        <div role="columnheader" aria-label={t('table.favorite')} />
        {columns.map((c) => (
          <div
            key={c.id}
            role="columnheader"
            title={columnTitle(c)}
            aria-sort={c.sort && sort.column === c.sort ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
          >
            {c.sort ? (
              <button className="sort" onClick={() => setSort(c.sort!)}>
                {columnLabel(c)}
                {sort.column === c.sort ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
              </button>
            ) : (
              columnLabel(c)
            )}
            <ColumnResizer
              label={columnLabel(c)}
              width={columnWidths[c.id]}
              onWidth={(px) => setColumnWidth(c.id, px)}
            />
          </div>
        ))}
        <div role="columnheader" aria-label={t('table.actions')} />
      </div>
      <div className="scroller" ref={parent} data-testid="phone-scroller">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((vi) => {
            const p = rows[vi.index];
            return (
              <div
                key={p.key}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  height: ROW_HEIGHT,
                  transform: `translateY(${vi.start}px)`,
                }}
              >
                <Row
                  phone={p}
                  shown={shownIds}
                  index={vi.index}
                  selected={selection.has(p.key)}
                  active={focused && p === active}
                  favorite={favSet.has(p.key)}
                  accountLabel={labels.get(p.accountId) ?? ''}
                  price={prices.get(p.accountId) ?? null}
                  canOpen={viewer.has(p.accountId)}
                  opening={opening.has(p.key)}
                  windowOpen={openWindows.has(p.key)}
                  now={now}
                  i18n={i18n}
                  onSelect={onSelect}
                  onFavorite={onFavorite}
                  onOpen={onOpen}
                  onMenu={onMenu}
                />
              </div>
            );
          })}
        </div>
        {rows.length === 0 && (
          <div className="empty" data-testid="empty-state">
            {total > 0 && filtered ? (
              <>
                <p>{t('table.noMatch')}</p>
                <button onClick={() => setQuery({ ...EMPTY_QUERY })}>{t('table.clearFilters')}</button>
              </>
            ) : loading ? (
              <p>{t('table.loadingPhones')}</p>
            ) : neverRead ? (
              <p>{t('table.notRead', { n: neverRead })}</p>
            ) : (
              <p>{t('table.noPhones', { accounts: accounts.length })}</p>
            )}
          </div>
        )}
      </div>
      {menu && rows.find((r) => r.key === menu.key) && (
        <RowMenu at={menu} phone={rows.find((r) => r.key === menu.key)!} onClose={() => setMenu(null)} />
      )}
    </div>
  );
});
