import type { PhoneCosts } from '../../../../common/money';
import { memo, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import type { Phone } from '../../../../common/phone';
import { useApp, useI18n } from '../../state/context';
import { useNow } from '../../lib/use-now';
import { EMPTY_QUERY, isFiltered } from '../../lib/phone-query';
import { clampColumn, columnLabel, columnTitle, gridTemplate, type Column } from './columns';
import { ColumnResizer } from './ColumnResizer';
import { Row, rowId, type RowProps } from './PhoneRow';
import { RowMenu, type MenuAt } from './RowMenu';
import {
  ROW_HEIGHT,
  useGridKeys,
  useRowCallbacks,
  useRowContext,
  useRowIndex,
  useShownColumns,
  useWidth,
  useVirtualRows,
} from './table-hooks';

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
  const tableRef = useRef<HTMLDivElement>(null);
  const selection = useApp((s) => s.selection);
  const opening = useApp((s) => s.opening);
  const openWindows = useApp((s) => s.openWindows);
  const now = useNow(30_000);
  const columnWidths = useApp((s) => s.columnWidths);
  const { columns, shownIds } = useShownColumns(useWidth(tableRef));
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const [focused, setFocused] = useState(false);
  const [menu, setMenu] = useState<MenuAt | null>(null);
  const i18n = useI18n();
  const { t } = i18n;

  const { virtualizer, items } = useVirtualRows(rows, parent);
  const { keys, allSelected, activeIndex, active } = useRowIndex(rows, selection, activeKey);
  const menuPhone = menu ? rows.find((r) => r.key === menu.key) : undefined;

  const shared = useRowContext();
  const { viewer } = shared;
  const callbacks = useRowCallbacks(keys, setActiveKey, setMenu);
  const rowContext = {
    ...shared,
    shownIds,
    selection,
    focused,
    active,
    opening,
    openWindows,
    now,
    i18n,
    ...callbacks,
  };
  const onKeyDown = useGridKeys({
    rows,
    keys,
    activeIndex,
    active,
    viewer,
    setActiveKey,
    setMenu,
    scrollTo: (i) => virtualizer.scrollToIndex(i, { align: 'auto' }),
  });

  return (
    <div
      ref={tableRef}
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
      <HeaderRow columns={columns} keys={keys} allSelected={allSelected} />
      {/*
        Not a Tab stop of its own: the grid scrolls with its arrows (Chromium would make a scroller focusable).
        A row group to assistive technology: a grid may hold rows and row groups only.
      */}
      <div className="scroller" role="rowgroup" ref={parent} data-testid="phone-scroller" tabIndex={-1}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((vi) => placedRow(rows[vi.index], vi.index, vi.start, rowContext))}
        </div>
        {rows.length === 0 && <EmptyState total={total} />}
      </div>
      {menuPhone && <RowMenu at={menu!} phone={menuPhone} onClose={() => setMenu(null)} />}
    </div>
  );
});

/** The header row: select all, then each shown column with its sort button and resizer. */
/**
 * The header row is one Tab stop, like the grid below it: ← → Home End move between "select all" and the
 * column headers; on a column, + and − widen and narrow it (Shift: bigger steps) and 0 gives back its
 * automatic width. A column is sorted with Enter or Space as before.
 */
function HeaderRow({ columns, keys, allSelected }: { columns: Column[]; keys: string[]; allSelected: boolean }) {
  const sort = useApp((s) => s.sort);
  const setSort = useApp((s) => s.setSort);
  const select = useApp((s) => s.select);
  const columnWidths = useApp((s) => s.columnWidths);
  const setColumnWidth = useApp((s) => s.setColumnWidth);
  const [active, setActive] = useState(0);
  const { t } = useI18n();
  const stops = columns.length + 1;
  const current = Math.min(active, stops - 1);
  const stop = (i: number) => ({
    tabIndex: i === current ? 0 : -1,
    'data-hstop': i,
    onFocus: () => setActive(i),
  });
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = Number((e.target as HTMLElement).dataset.hstop);
    if (Number.isNaN(at)) return;
    const next = headerKeyTarget(e.key, at, stops);
    const column = columns[at - 1];
    if (next !== null) {
      e.currentTarget.querySelector<HTMLElement>(`[data-hstop="${next}"]`)?.focus();
    } else if (column && ['+', '=', '-', '0'].includes(e.key)) {
      const cell = (e.target as HTMLElement).closest('[role="columnheader"]')!;
      const step = (e.shiftKey ? 32 : 8) * (e.key === '-' ? -1 : 1);
      setColumnWidth(column.id, e.key === '0' ? null : clampColumn(cell.getBoundingClientRect().width + step));
    } else return;
    e.preventDefault();
  };
  return (
    <div className="row header" role="row" aria-rowindex={1} onKeyDown={onKeyDown}>
      <div role="columnheader" className="cell-check">
        <input
          type="checkbox"
          {...stop(0)}
          aria-label={t('table.selectAll')}
          checked={allSelected}
          onChange={(e) => select(keys, e.target.checked ? 'add' : 'remove')}
        />
      </div>
      <div role="columnheader" aria-label={t('table.favorite')} />
      {columns.map((c, i) => (
        <div
          key={c.id}
          role="columnheader"
          className={c.id === 'cost' ? 'num' : undefined}
          title={columnTitle(c)}
          aria-sort={c.sort && sort.column === c.sort ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
        >
          {c.sort ? (
            <button className="sort" {...stop(i + 1)} aria-keyshortcuts="+ - 0" onClick={() => setSort(c.sort!)}>
              {columnLabel(c)}
              {sort.column === c.sort ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
            </button>
          ) : (
            <span className="header-label" {...stop(i + 1)} aria-keyshortcuts="+ - 0">
              {columnLabel(c)}
            </span>
          )}
          <ColumnResizer label={columnLabel(c)} width={columnWidths[c.id]} onWidth={(px) => setColumnWidth(c.id, px)} />
        </div>
      ))}
      <div role="columnheader" aria-label={t('table.actions')} />
    </div>
  );
}

/** Where an arrow, Home or End moves from header stop `at` of `count` (null: not a moving key). */
function headerKeyTarget(key: string, at: number, count: number): number | null {
  if (key === 'ArrowRight') return Math.min(count - 1, at + 1);
  if (key === 'ArrowLeft') return Math.max(0, at - 1);
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return null;
}

/** An empty list says why: no match for the filters, still loading, never read, or no phones at all. */
function EmptyState({ total }: { total: number }) {
  // Only whether a filter is set: the table must not re-render on each keystroke before its rows change.
  const filtered = useApp((s) => isFiltered(s.query));
  const setQuery = useApp((s) => s.setQuery);
  const loading = useApp((s) => s.refresh.refreshing || Object.values(s.refresh.accounts).some((a) => a.loading));
  // Accounts whose list has never been read: an empty table then is not "no phones".
  const neverRead = useApp(
    (s) => Object.values(s.refresh.accounts).filter((a) => a.error && a.lastGoodAt === null).length,
  );
  const accounts = useApp((s) => s.accounts);
  const { t } = useI18n();
  // Inside the grid everything is a row of cells: the empty state too, so assistive tech reads a whole grid.
  return (
    <div role="row" className="empty-row">
      <div role="gridcell" className="empty" data-testid="empty-state">
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
    </div>
  );
}

/** Everything a row is drawn from besides its phone. */
interface RowContext {
  shownIds: ReadonlySet<Column['id']>;
  selection: ReadonlySet<string>;
  focused: boolean;
  active: Phone | undefined;
  favSet: ReadonlySet<string>;
  labels: ReadonlyMap<string, string>;
  prices: ReadonlyMap<string, { perMinute: number; currency: string }>;
  costs: PhoneCosts;
  viewer: ReadonlySet<string>;
  opening: ReadonlySet<string>;
  openWindows: ReadonlySet<string>;
  now: number;
  i18n: RowProps['i18n'];
  onSelect: RowProps['onSelect'];
  onFavorite: RowProps['onFavorite'];
  onOpen: RowProps['onOpen'];
  onMenu: RowProps['onMenu'];
}

/** One virtual row: placed at its offset, drawn by the memoised Row. */
function placedRow(p: Phone, index: number, start: number, c: RowContext) {
  return (
    <div
      key={p.key}
      style={{
        position: 'absolute',
        top: 0,
        left: 0,
        right: 0,
        height: ROW_HEIGHT,
        transform: `translateY(${start}px)`,
      }}
    >
      <Row
        phone={p}
        shown={c.shownIds}
        index={index}
        selected={c.selection.has(p.key)}
        active={c.focused && p === c.active}
        favorite={c.favSet.has(p.key)}
        accountLabel={c.labels.get(p.accountId) ?? ''}
        price={c.prices.get(p.accountId) ?? null}
        costToday={c.costs[p.key]}
        canOpen={c.viewer.has(p.accountId)}
        opening={c.opening.has(p.key)}
        windowOpen={c.openWindows.has(p.key)}
        now={c.now}
        i18n={c.i18n}
        onSelect={c.onSelect}
        onFavorite={c.onFavorite}
        onOpen={c.onOpen}
        onMenu={c.onMenu}
      />
    </div>
  );
}
