import { EMPTY_QUERY, type PhoneQuery, type SortSpec } from './phone-query';

/**
 * How the list was left — filters, sort, hidden columns, "failed only" — and the saved views, kept in the
 * window's own storage so they survive restarts. Anything unreadable falls back to the defaults.
 */
export interface SavedView {
  name: string;
  query: PhoneQuery;
  sort: SortSpec;
}

export interface PersistedView {
  query: PhoneQuery;
  sort: SortSpec;
  hiddenColumns: string[];
  /** Column widths in px that the person set by dragging (or with the keyboard). */
  columnWidths: Record<string, number>;
  failedOnly: boolean;
  savedViews: SavedView[];
}

const KEY = 'phonedeck.view.v1';
export const DEFAULT_VIEW: PersistedView = {
  query: EMPTY_QUERY,
  sort: { column: 'name', dir: 'asc' },
  hiddenColumns: [],
  columnWidths: {},
  failedOnly: false,
  savedViews: [],
};

const positiveOrNull = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1e6 ? v : null;
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function readQuery(v: unknown): PhoneQuery {
  const q = (v && typeof v === 'object' ? v : {}) as Record<string, unknown>;
  return {
    ...EMPTY_QUERY,
    text: typeof q.text === 'string' ? q.text : '',
    statuses: strings(q.statuses) as PhoneQuery['statuses'],
    groups: strings(q.groups),
    tags: strings(q.tags),
    accountId: typeof q.accountId === 'string' ? q.accountId : '',
    favoritesOnly: q.favoritesOnly === true,
    minRunningHours: positiveOrNull(q.minRunningHours),
    minCostToday: positiveOrNull(q.minCostToday),
  };
}

function readSort(v: unknown): SortSpec {
  const s = (v && typeof v === 'object' ? v : {}) as Record<string, unknown>;
  const columns = ['name', 'status', 'group', 'account', 'running', 'cost', 'remark'];
  return {
    column: (columns.includes(s.column as string) ? s.column : 'name') as SortSpec['column'],
    dir: s.dir === 'desc' ? 'desc' : 'asc',
  };
}

export function loadView(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): PersistedView {
  try {
    const raw = JSON.parse(storage?.getItem(KEY) ?? 'null') as Record<string, unknown> | null;
    if (!raw || typeof raw !== 'object') return DEFAULT_VIEW;
    const saved = Array.isArray(raw.savedViews) ? raw.savedViews : [];
    return {
      query: readQuery(raw.query),
      sort: readSort(raw.sort),
      hiddenColumns: strings(raw.hiddenColumns),
      columnWidths: Object.fromEntries(
        Object.entries(
          raw.columnWidths && typeof raw.columnWidths === 'object' ? (raw.columnWidths as Record<string, unknown>) : {},
        ).filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] >= 40 && e[1] <= 1_000),
      ),
      failedOnly: raw.failedOnly === true,
      savedViews: saved
        .filter(
          (v): v is Record<string, unknown> =>
            !!v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string',
        )
        .map((v) => ({ name: String(v.name).slice(0, 60), query: readQuery(v.query), sort: readSort(v.sort) })),
    };
  } catch {
    return DEFAULT_VIEW;
  }
}

export function saveView(
  view: PersistedView,
  storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage,
): void {
  try {
    // "Show selected" and "failed in the last action" are about this moment; they are not restored.
    storage?.setItem(
      KEY,
      JSON.stringify({ ...view, query: { ...view.query, selectedOnly: false, failedInLastJob: false } }),
    );
  } catch {
    /* storage full or disabled: the view is simply not remembered */
  }
}
