import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type RefObject,
} from 'react';
import type { Phone } from '../../../../common/phone';
import { rangeBetween } from '../../lib/phone-query';
import { useApp } from '../../state/context';
import { COLUMNS, columnsThatFit } from './columns';
import { rowId } from './PhoneRow';
import type { MenuAt } from './RowMenu';

export const ROW_HEIGHT = 40;
const PAGE_ROWS = 10;

/** An element's width, following resizes (0 until it is laid out). */
export function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  // Measured before the first paint, so the first frame already has the columns that fit.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

/** The rows a virtualiser would draw now; the ones on screen are told to main (the poller reads them first). */
export function useVirtualRows(rows: Phone[], parent: RefObject<HTMLDivElement | null>) {
  const setVisible = useApp((s) => s.setVisible);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;
  useEffect(() => {
    setVisible(rows.slice(first, last + 1).map((r) => r.key));
  }, [first, last, rows, setVisible]);
  return { virtualizer, items };
}

/** The columns shown: those not hidden in the menu, less the ones a narrow window has no room for. */
/** The columns the person chose, less those the list's width cannot hold now (the least needed give way first). */
export function useShownColumns(available: number) {
  const hiddenColumns = useApp((s) => s.hiddenColumns);
  const widths = useApp((s) => s.columnWidths);
  const fitting = useMemo(() => {
    const chosen = COLUMNS.filter((c) => !hiddenColumns.includes(c.id));
    // Before the first layout the width is unknown: everything chosen, until it is measured.
    return available > 0 ? columnsThatFit(chosen, available, widths) : chosen;
  }, [hiddenColumns, available, widths]);
  // A resize that keeps the same columns keeps the same array, so 10,000 memoised rows do not re-render.
  const idsKey = fitting.map((c) => c.id).join();
  const columns = useMemo(() => fitting, [idsKey]);
  // One stable set per column choice, so memoised rows do not re-render for it.
  const shownIds = useMemo(() => new Set(columns.map((c) => c.id)), [columns]);
  return { columns, shownIds };
}

/** What each row needs to know of the rest: favourites, account names, prices, which accounts have a viewer. */
export function useRowContext() {
  const favorites = useApp((s) => s.settings?.favorites);
  const accounts = useApp((s) => s.accounts);
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
  const costs = useApp((s) => s.phoneCosts);
  return { favSet, labels, prices, viewer, costs };
}

/**
 * Row callbacks keep their identity across renders (they read the latest values through a ref), so
 * memoised rows re-render only when their own phone or state changes.
 */
export function useRowCallbacks(keys: string[], setActiveKey: (k: string) => void, setMenu: (m: MenuAt) => void) {
  const anchor = useApp((s) => s.anchor);
  const select = useApp((s) => s.select);
  const setAnchor = useApp((s) => s.setAnchor);
  const setFavorite = useApp((s) => s.setFavorite);
  const openSessions = useApp((s) => s.openSessions);
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
  return { onSelect, onFavorite, onOpen, onMenu };
}

/** The grid's keys: arrows, Page Up/Down, Home/End move (Shift extends), Space toggles, Enter opens, menu, i. */
export function useGridKeys(g: {
  rows: Phone[];
  keys: string[];
  activeIndex: number;
  active: Phone | undefined;
  viewer: ReadonlySet<string>;
  setActiveKey(key: string): void;
  setMenu(m: MenuAt): void;
  scrollTo(index: number): void;
}) {
  const { rows, keys, activeIndex, active, viewer, setActiveKey, setMenu } = g;
  const anchor = useApp((s) => s.anchor);
  const select = useApp((s) => s.select);
  const setAnchor = useApp((s) => s.setAnchor);
  const openSessions = useApp((s) => s.openSessions);
  const showDetails = useApp((s) => s.showDetails);
  const moveTo = (index: number, extend: boolean) => {
    if (!rows.length) return;
    const i = Math.max(0, Math.min(rows.length - 1, index));
    const key = rows[i].key;
    setActiveKey(key);
    g.scrollTo(i);
    if (extend) select(rangeBetween(keys, anchor ?? active?.key ?? key, key), 'add');
    else setAnchor(key);
  };

  return (e: KeyboardEvent<HTMLDivElement>) => {
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
}

/** Keys in list order, whether all are selected, and the active row (the grid's one focus point). */
export function useRowIndex(rows: Phone[], selection: ReadonlySet<string>, activeKey: string | null) {
  // Once per list or selection change, not on every render: these walk all 10,000 rows.
  const keys = useMemo(() => rows.map((r) => r.key), [rows]);
  const allSelected = useMemo(() => rows.length > 0 && rows.every((r) => selection.has(r.key)), [rows, selection]);
  const activeIndex = activeKey ? Math.max(0, keys.indexOf(activeKey)) : 0;
  const active = rows[activeIndex];
  return { keys, allSelected, activeIndex, active };
}
