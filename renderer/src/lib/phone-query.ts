import type { Phone, PhoneStatus } from '../../../common/phone';

export type SortColumn = 'name' | 'status' | 'group' | 'account' | 'running' | 'cost' | 'remark';
export interface PhoneQuery {
  text: string;
  statuses: PhoneStatus[];
  /** Any of these groups (empty: all). */
  groups: string[];
  /** Any of these tags (empty: all). */
  tags: string[];
  accountId: string;
  favoritesOnly: boolean;
  /** Show exactly the selected phones, overriding the other filters (to see the ones they hide). */
  selectedOnly: boolean;
  /** Phones in this run for at least this many hours (null: any). */
  minRunningHours: number | null;
  /** Phones whose estimated cost today is above this amount (null: any). */
  minCostToday: number | null;
  /** Only the phones that failed in the last action shown in the results. */
  failedInLastJob: boolean;
}

/** What filtering and sorting need besides the phones: favourites, selection, today's costs, the last failures. */
export interface QueryContext {
  favorites: ReadonlySet<string>;
  selection?: ReadonlySet<string>;
  pinned?: ReadonlySet<string>;
  /** Today's estimated cost per phone (absent: nothing ran today, or not priced). */
  costs?: Readonly<Record<string, { cost: number | null }>>;
  /** Phones that failed in the last action. */
  lastFailed?: ReadonlySet<string>;
  /** The time running hours are measured at. */
  now?: number;
}
export interface SortSpec {
  column: SortColumn;
  dir: 'asc' | 'desc';
}

export const EMPTY_QUERY: PhoneQuery = {
  text: '',
  statuses: [],
  groups: [],
  tags: [],
  accountId: '',
  favoritesOnly: false,
  selectedOnly: false,
  minRunningHours: null,
  minCostToday: null,
  failedInLastJob: false,
};

/** Whether any filter is set (an empty list then means "nothing matches", not "no phones"). */
export function isFiltered(q: PhoneQuery): boolean {
  return !!(
    q.text.trim() ||
    q.statuses.length ||
    q.groups.length ||
    q.tags.length ||
    q.accountId ||
    q.favoritesOnly ||
    q.selectedOnly ||
    q.minRunningHours !== null ||
    q.minCostToday !== null ||
    q.failedInLastJob
  );
}

// Lower-cased search text per phone object; phones are immutable, so the cache never goes stale.
const haystacks = new WeakMap<Phone, string>();
function haystack(p: Phone): string {
  let h = haystacks.get(p);
  if (h === undefined) {
    h =
      `${p.name}\u0000${p.remark}\u0000${p.serialNo}\u0000${p.id}\u0000${p.group}\u0000${p.tags.join('\u0000')}`.toLowerCase();
    haystacks.set(p, h);
  }
  return h;
}

/**
 * Builds the search text of every phone while the window is idle, a slice per idle period, so the first
 * keystroke over 10,000 phones does not pay for 10,000 lower-casings (it was the slowest one). Returns a
 * cancel function; without requestIdleCallback (tests, old engines) it does nothing and search builds lazily.
 */
export function warmSearch(phones: readonly Phone[]): () => void {
  if (typeof requestIdleCallback !== 'function') return () => {};
  let i = 0;
  let handle = 0;
  const step = (deadline: IdleDeadline) => {
    while (i < phones.length && deadline.timeRemaining() > 1) {
      const end = Math.min(i + 500, phones.length);
      for (; i < end; i++) haystack(phones[i]);
    }
    if (i < phones.length) handle = requestIdleCallback(step);
  };
  handle = requestIdleCallback(step);
  return () => cancelIdleCallback(handle);
}

const STATUS_ORDER: Record<PhoneStatus, number> = {
  running: 0,
  starting: 1,
  stopping: 2,
  fault: 3,
  stopped: 4,
  expired: 5,
  unknown: 6,
};

/**
 * A string that sorts "naturally" with plain < (Phone 2 before Phone 10, case-insensitive). Computing
 * it once per phone is what keeps sorting 10,000 rows fast: Intl.Collator per comparison is not.
 */
export function naturalKey(s: string): string {
  return s.toLowerCase().replace(/\d+/g, (d) => d.replace(/^0+(?=\d)/, '').padStart(12, '0'));
}
const nameKeys = new WeakMap<Phone, string>();
function nameKey(p: Phone): string {
  let k = nameKeys.get(p);
  if (k === undefined) {
    k = naturalKey(p.name);
    nameKeys.set(p, k);
  }
  return k;
}
const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

/** Sorts once per change of phones or sort order; filtering then keeps this order without sorting again. */
export function sortPhones(
  phones: readonly Phone[],
  sort: SortSpec,
  ctx: { accountLabels: ReadonlyMap<string, string>; costs?: QueryContext['costs'] },
): Phone[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  const key: (p: Phone) => string | number = {
    name: nameKey,
    status: (p: Phone) => STATUS_ORDER[p.status],
    group: (p: Phone) => naturalKey(p.group),
    remark: (p: Phone) => p.remark.toLowerCase(),
    account: (p: Phone) => naturalKey(ctx.accountLabels.get(p.accountId) ?? ''),
    // Longest-running first when ascending: those are the ones costing most.
    running: (p: Phone) => p.runningSince ?? Number.MAX_SAFE_INTEGER,
    // Costliest first when ascending, like running; unpriced phones last.
    cost: (p: Phone) => -(ctx.costs?.[p.key]?.cost ?? -1),
  }[sort.column];
  const decorated = phones.map((p) => ({ p, k: key(p), n: nameKey(p) }));
  decorated.sort((a, b) => sign * cmp(a.k, b.k) || cmp(a.n, b.n) || cmp(a.p.key, b.p.key));
  return decorated.map((d) => d.p);
}

/**
 * One pass over the (already sorted) phones: fast enough per keystroke at 10,000 rows. Pinned phones (the
 * ones a running job acts on) stay shown whatever the filters say, so a row never vanishes mid-action.
 */
export function filterPhones(sorted: readonly Phone[], q: PhoneQuery, ctx: QueryContext): Phone[] {
  const text = q.text.trim().toLowerCase();
  const statuses = q.statuses.length ? new Set(q.statuses) : null;
  const groups = q.groups.length ? new Set(q.groups) : null;
  const tags = q.tags.length ? new Set(q.tags) : null;
  if (!isFiltered(q)) return sorted as Phone[];
  const now = ctx.now ?? Date.now();
  const minRunMs = q.minRunningHours === null ? null : q.minRunningHours * 3_600_000;
  const pinned = ctx.pinned?.size ? ctx.pinned : null;
  // "Show selected" shows exactly the selection, whatever the other filters hide.
  if (q.selectedOnly) return sorted.filter((p) => ctx.selection?.has(p.key) || pinned?.has(p.key));
  return sorted.filter(
    (p) =>
      pinned?.has(p.key) ||
      ((!text || haystack(p).includes(text)) &&
        (!statuses || statuses.has(p.status)) &&
        (!groups || groups.has(p.group)) &&
        (!tags || p.tags.some((t) => tags.has(t))) &&
        (!q.accountId || p.accountId === q.accountId) &&
        (!q.favoritesOnly || ctx.favorites.has(p.key)) &&
        (minRunMs === null || (p.status === 'running' && !!p.runningSince && now - p.runningSince >= minRunMs)) &&
        (q.minCostToday === null || (ctx.costs?.[p.key]?.cost ?? -1) > q.minCostToday) &&
        (!q.failedInLastJob || !!ctx.lastFailed?.has(p.key))),
  );
}

export function queryPhones(
  phones: readonly Phone[],
  q: PhoneQuery,
  sort: SortSpec,
  ctx: QueryContext & { accountLabels: ReadonlyMap<string, string> },
): Phone[] {
  return filterPhones(sortPhones(phones, sort, ctx), q, ctx);
}

export function facets(phones: readonly Phone[]): { groups: string[]; tags: string[] } {
  const groups = new Set<string>();
  const tags = new Set<string>();
  for (const p of phones) {
    if (p.group) groups.add(p.group);
    for (const t of p.tags) tags.add(t);
  }
  const byNatural = (a: string, b: string) => cmp(naturalKey(a), naturalKey(b));
  return { groups: [...groups].sort(byNatural), tags: [...tags].sort(byNatural) };
}

/** Shift-click: everything between the anchor and the clicked row, in the order shown. */
export function rangeBetween(ordered: readonly string[], anchor: string | null, clicked: string): string[] {
  const a = anchor ? ordered.indexOf(anchor) : -1;
  const b = ordered.indexOf(clicked);
  if (a < 0 || b < 0) return [clicked];
  const [from, to] = a < b ? [a, b] : [b, a];
  return ordered.slice(from, to + 1);
}
