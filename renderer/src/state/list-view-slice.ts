import { EMPTY_QUERY, type PhoneQuery, type SortSpec } from '../lib/phone-query';
import type { SavedView } from '../lib/persisted-view';
import type { loadView } from '../lib/persisted-view';
import type { JobsSliceState } from './jobs-slice';
import type { SliceContext } from './slice';

export interface ListViewSliceState {
  query: PhoneQuery;
  sort: SortSpec;
  selection: Set<string>;
  anchor: string | null;
  /** Remembered across restarts with the query and sort. */
  hiddenColumns: string[];
  columnWidths: Record<string, number>;
  failedOnly: boolean;
  savedViews: SavedView[];
  /** The phone whose detail panel is open. */
  detailsKey: string | null;
}

export interface ListViewSliceActions {
  setQuery(patch: Partial<PhoneQuery>): void;
  setSort(column: SortSpec['column']): void;
  select(keys: string[], mode: 'replace' | 'add' | 'toggle' | 'remove'): void;
  setAnchor(key: string | null): void;
  clearSelection(): void;
  setHiddenColumns(columns: string[]): void;
  setColumnWidth(column: string, px: number | null): void;
  showDetails(key: string | null): void;
  setFailedOnly(on: boolean): void;
  /** Saves the current filters and sort under a name (replacing one of the same name). */
  saveCurrentView(name: string): void;
  applyView(name: string): void;
  deleteView(name: string): void;
}

/** A phonedeck://filter link: the list with exactly those filters (validated in main). */
export const queryFromLink = (q: Partial<Omit<PhoneQuery, 'statuses'>> & { statuses?: string[] }): PhoneQuery => ({
  ...EMPTY_QUERY,
  ...q,
  statuses: (q.statuses ?? []) as PhoneQuery['statuses'],
});

/** How the list is looked at: filters, sort, selection, columns and saved views. */
export function createListViewSlice(
  { set, get }: SliceContext<ListViewSliceState & Pick<JobsSliceState, 'history'>>,
  remembered: ReturnType<typeof loadView>,
): ListViewSliceState & ListViewSliceActions {
  return {
    query: remembered.query,
    sort: remembered.sort,
    hiddenColumns: remembered.hiddenColumns,
    columnWidths: remembered.columnWidths,
    failedOnly: remembered.failedOnly,
    savedViews: remembered.savedViews,
    detailsKey: null,
    selection: new Set(),
    anchor: null,
    setQuery: (patch) => set({ query: { ...get().query, ...patch } }),
    setSort: (column) => {
      const s = get().sort;
      set({ sort: { column, dir: s.column === column && s.dir === 'asc' ? 'desc' : 'asc' } });
    },
    select(keys, mode) {
      const next = mode === 'replace' ? new Set<string>() : new Set(get().selection);
      for (const k of keys) {
        if (mode === 'remove' || (mode === 'toggle' && next.has(k))) next.delete(k);
        else next.add(k);
      }
      set({ selection: next });
    },
    setAnchor: (anchor) => set({ anchor }),
    clearSelection: () => set({ selection: new Set(), anchor: null }),
    setHiddenColumns: (hiddenColumns) => set({ hiddenColumns }),
    setColumnWidth(column, px) {
      const columnWidths = { ...get().columnWidths };
      if (px === null) delete columnWidths[column];
      else columnWidths[column] = Math.round(px);
      set({ columnWidths });
    },
    showDetails: (detailsKey) => set({ detailsKey, ...(detailsKey ? { history: null } : {}) }),
    setFailedOnly: (failedOnly) => set({ failedOnly }),
    saveCurrentView(name) {
      const trimmed = name.trim().slice(0, 60);
      if (!trimmed) return;
      const { query, sort, savedViews } = get();
      const view = { name: trimmed, query: { ...query, selectedOnly: false }, sort };
      set({ savedViews: [...savedViews.filter((v) => v.name !== trimmed), view] });
    },
    applyView(name) {
      const v = get().savedViews.find((x) => x.name === name);
      if (v) set({ query: v.query, sort: v.sort });
    },
    deleteView: (name) => set({ savedViews: get().savedViews.filter((v) => v.name !== name) }),
  };
}
