import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  AccountSummary,
  Bridge,
  BulkJobState,
  UpdateState,
  BulkResult,
  Credentials,
  InvokeChannel,
  InvokeInput,
  InvokeOutput,
  JobSummary,
  Notice,
  PublicSettings,
  RefreshState,
} from '../../../common/contract';
import type { BulkAction, Phone, PhoneFacts } from '../../../common/phone';
import type { StartOptions } from '../../../common/start-options';
import { EMPTY_QUERY, type PhoneQuery, type SortSpec } from '../lib/phone-query';
import { loadView, saveView, type SavedView } from '../lib/persisted-view';
import type { DirectAction } from '../lib/eligibility';
import type { AutopilotState, SpendSummary } from '../../../common/policy';
import type { PendingApproval } from '../../../common/control';
import { i18n, resolveLocale, setLocale, t, type I18n } from '../../../common/i18n/i18n';
import { isFixedInSettings } from '../../../common/error-codes';

export interface JobView {
  job: BulkJobState;
  results: BulkResult[];
}

export interface AppState {
  ready: boolean;
  /** Replaced (never mutated) on every patch, so memoised selectors see the change. */
  phones: Map<string, Phone>;
  accounts: AccountSummary[];
  settings: PublicSettings | null;
  /** The language everything is said in: main's answer, or the browser's languages until it comes. */
  i18n: I18n;
  refresh: RefreshState;
  query: PhoneQuery;
  sort: SortSpec;
  selection: Set<string>;
  anchor: string | null;
  job: JobView | null;
  view: 'phones' | 'activity' | 'autopilot' | 'settings';
  /** Running minutes, estimated spend, balance and price per account. */
  spend: SpendSummary[];
  /** Policies, pause and the stops announced but not yet made. */
  autopilot: AutopilotState | null;
  /** CLI/MCP actions waiting for the user's yes or no. */
  approvals: PendingApproval[];
  /** The update check (null in a development run, which never checks). */
  update: UpdateState | null;
  notices: (Notice & { id: number })[];
  /** Phones whose viewer window is open (main says so after every open or close). */
  openWindows: Set<string>;
  /** Phones being started for a window right now: their rows say "Opening…". */
  opening: Set<string>;
  /** Phones the running job acts on: they stay in the list until it ends, whatever the filters say. */
  pinned: Set<string>;
  /** The recent jobs, when the history panel is open. */
  history: JobSummary[] | null;
  /** Remembered across restarts with the query and sort. */
  hiddenColumns: string[];
  columnWidths: Record<string, number>;
  failedOnly: boolean;
  savedViews: SavedView[];
  /** The phone whose detail panel is open. */
  detailsKey: string | null;
  /** While the window is still receiving the list from main: how many phones there are in all. */
  loadingTotal: number | null;
}

export interface AppActions {
  init(): Promise<void>;
  setQuery(patch: Partial<PhoneQuery>): void;
  setSort(column: SortSpec['column']): void;
  select(keys: string[], mode: 'replace' | 'add' | 'toggle' | 'remove'): void;
  setAnchor(key: string | null): void;
  clearSelection(): void;
  setView(view: AppState['view']): void;
  refreshNow(): Promise<void>;
  runBulk(action: BulkAction, keys: string[], options?: StartOptions): Promise<boolean>;
  dismissJob(): void;
  /** Opens (or refreshes) the job history; closeHistory hides it. */
  openHistory(): Promise<void>;
  closeHistory(): void;
  setHiddenColumns(columns: string[]): void;
  setColumnWidth(column: string, px: number | null): void;
  showDetails(key: string | null): void;
  phoneFacts(key: string): Promise<PhoneFacts>;
  setFailedOnly(on: boolean): void;
  /** Saves the current filters and sort under a name (replacing one of the same name). */
  saveCurrentView(name: string): void;
  applyView(name: string): void;
  deleteView(name: string): void;
  /** Shows one past job's per-phone results. */
  showJob(jobId: string): Promise<void>;
  openSessions(keys: string[]): Promise<BulkResult[]>;
  /** Opens windows for `open`, otherwise runs the bulk action (for actions that need no confirmation). */
  act(action: DirectAction, keys: string[]): Promise<unknown>;
  setVisible(keys: string[]): void;
  addAccount(
    label: string,
    credentials: Credentials,
  ): Promise<{ ok: true } | { ok: false; message: string; field?: string }>;
  testAccount(accountId: string): Promise<void>;
  /** Stops a connection test that is taking too long (adding or testing an account). */
  cancelAccountTest(): Promise<void>;
  removeAccount(accountId: string): Promise<void>;
  enableDemo(): Promise<void>;
  updateSettings(patch: InvokeInput<'settings:update'>): Promise<void>;
  setFavorite(key: string, favorite: boolean): Promise<void>;
  notify(n: Notice): void;
  dismissNotice(id: number): void;
  /** Any request to main, for views that keep their own data (Activity); failures become a notice. */
  request<C extends InvokeChannel>(channel: C, input: InvokeInput<C>): Promise<InvokeOutput<C> | undefined>;
  /** Writes an error of the window to main's log (cut to what the contract accepts), where diagnostics find it. */
  reportError(where: string, error: unknown): void;
  loadSpend(refreshBilling?: boolean): Promise<void>;
  decideApproval(id: string, approve: boolean, always?: boolean): Promise<void>;
  setPrice(accountId: string, price: number | null): Promise<void>;
  /** Changes the policies through one of the autopilot channels; the answer is the new state. */
  changeAutopilot<
    C extends
      | 'autopilot:save'
      | 'autopilot:remove'
      | 'autopilot:pause'
      | 'autopilot:snooze'
      | 'autopilot:stopNow'
      | 'autopilot:keepRunning',
  >(
    channel: C,
    input: InvokeInput<C>,
  ): Promise<boolean>;
}

export type AppStore = StoreApi<AppState & AppActions>;

let noticeId = 0;
/** The first part of the snapshot (a few screenfuls), then parts of this size. */
const FIRST_PART = 300;
const REST_PART = 2_500;

/**
 * Job views arrive from two places (the bulk:get answer and bulk:update events) in either order.
 * Results only ever grow and a job only moves forward, so the more advanced view wins.
 */
export function mergeJobView(current: JobView | null, incoming: JobView): JobView {
  if (!current || current.job.jobId !== incoming.job.jobId) return incoming;
  const seen = new Set(incoming.results.map((r) => r.key));
  const results = [...incoming.results, ...current.results.filter((r) => !seen.has(r.key))];
  const job = current.job.state === 'done' || current.job.done > incoming.job.done ? current.job : incoming.job;
  return { job, results };
}

/**
 * Settings from main, with the language they choose switched on before anything renders in it. "system"
 * is resolved here from the browser's languages, which in Electron are the OS's, so dates and numbers
 * follow the person's own region (en-GB, de-DE) too.
 */
function withSettings(settings: PublicSettings): Pick<AppState, 'settings' | 'i18n'> {
  return { settings, i18n: setLocale(resolveLocale(settings.language, browserLanguages())) };
}
const browserLanguages = () => (typeof navigator === 'undefined' ? [] : navigator.languages);

/** All renderer state, fed only through the Bridge: the UI never knows whether main is Electron or HTTP. */
export function createAppStore(bridge: Bridge, storage: Storage | undefined = globalThis.localStorage): AppStore {
  const remembered = loadView(storage);
  const store = createStore<AppState & AppActions>()((set, get) => {
    /** Calls main; failures become a visible notice instead of a silent rejection. */
    async function call<C extends InvokeChannel>(
      channel: C,
      input: InvokeInput<C>,
    ): Promise<InvokeOutput<C> | undefined> {
      const r = await bridge.invoke(channel, input);
      if (r.ok) return r.value;
      get().notify({ level: 'error', message: r.message });
      return undefined;
    }
    let visibleTimer: ReturnType<typeof setTimeout> | null = null;
    /**
     * While the rest of the snapshot is still arriving, patches are newer than it: a phone a patch touched
     * or removed is not overwritten (or brought back) by an older part.
     */
    let loadingRest = false;
    const touchedWhileLoading = new Set<string>();
    /** The rows on screen, kept so they can be sent again when a hidden window shows. */
    let rowsInView: string[] = [];

    return {
      ready: false,
      phones: new Map(),
      accounts: [],
      settings: null,
      i18n: setLocale(resolveLocale('system', browserLanguages())),
      refresh: { lastRefreshAt: null, refreshing: false, errors: [], accounts: {} },
      query: remembered.query,
      sort: remembered.sort,
      hiddenColumns: remembered.hiddenColumns,
      columnWidths: remembered.columnWidths,
      failedOnly: remembered.failedOnly,
      savedViews: remembered.savedViews,
      detailsKey: null,
      loadingTotal: null,
      selection: new Set(),
      anchor: null,
      job: null,
      view: 'phones',
      spend: [],
      autopilot: null,
      approvals: [],
      update: null,
      notices: [],
      openWindows: new Set(),
      opening: new Set(),
      pinned: new Set(),
      history: null,

      async init() {
        bridge.on('phones:patch', (patch) => {
          if (loadingRest)
            for (const k of [...patch.removed, ...patch.upserts.map((p) => p.key)]) touchedWhileLoading.add(k);
          const phones = new Map(get().phones);
          for (const k of patch.removed) phones.delete(k);
          for (const p of patch.upserts) phones.set(p.key, p);
          const selection = patch.removed.some((k) => get().selection.has(k))
            ? new Set([...get().selection].filter((k) => phones.has(k)))
            : get().selection;
          set({ phones, selection });
        });
        bridge.on('refresh:state', (refresh) => set({ refresh }));
        // A hidden window (minimised, or closed to the tray) has no rows on screen: stop their polling,
        // and ask again for the rows in view when it shows.
        document.addEventListener('visibilitychange', () => {
          if (visibleTimer) clearTimeout(visibleTimer);
          void bridge.invoke('phones:visible', { keys: document.hidden ? [] : rowsInView.slice(0, 500) });
        });
        bridge.on('accounts:changed', (accounts) => set({ accounts }));
        bridge.on('settings:changed', (settings) => set(withSettings(settings)));
        bridge.on('notice', (n) => get().notify(n));
        bridge.on('sessions:changed', ({ open }) => set({ openWindows: new Set(open) }));
        bridge.on('autopilot:changed', (autopilot) => set({ autopilot }));
        bridge.on('control:approvals', (approvals) => set({ approvals }));
        bridge.on('update:state', (update) => set({ update }));
        // A phonedeck://filter link: the list with exactly those filters (validated in main).
        bridge.on('view:apply', (q) =>
          set({
            view: 'phones',
            query: { ...EMPTY_QUERY, ...q, statuses: (q.statuses ?? []) as PhoneQuery['statuses'] },
          }),
        );
        bridge.on('bulk:update', ({ job, newResults }) => {
          if (job.state === 'done') void get().loadSpend();
          const cur = get().job;
          // Updates for another job (a tray action, an older run) do not replace the one on screen.
          if (!cur || cur.job.jobId !== job.jobId) return;
          set({
            job: mergeJobView(cur, { job, results: newResults }),
            ...(job.state === 'done' ? { pinned: new Set<string>() } : {}),
          });
        });
        performance.mark('phonedeck:init');
        // The first screenful comes first, so rows paint at once; the rest follows in parts.
        loadingRest = true;
        const [snapshot, accounts, settings] = await Promise.all([
          call('phones:snapshot', { limit: FIRST_PART }),
          call('accounts:list', {}),
          call('settings:get', {}),
        ]);
        // Marks show in DevTools' performance panel and let the benchmark split load time from render time.
        performance.mark('phonedeck:snapshot');
        set({
          ready: true,
          phones: new Map((snapshot?.phones ?? []).map((p) => [p.key, p])),
          refresh: snapshot?.refresh ?? get().refresh,
          accounts: accounts ?? [],
          ...(settings ? withSettings(settings) : {}),
          openWindows: new Set(snapshot?.openWindows ?? []),
          loadingTotal: snapshot && snapshot.total > snapshot.phones.length ? snapshot.total : null,
        });
        for (let offset = snapshot?.phones.length ?? 0; snapshot && offset < snapshot.total; offset += REST_PART) {
          const part = await call('phones:snapshot', { offset, limit: REST_PART });
          if (!part) break;
          const phones = new Map(get().phones);
          for (const p of part.phones) if (!touchedWhileLoading.has(p.key)) phones.set(p.key, p);
          set({ phones });
        }
        loadingRest = false;
        touchedWhileLoading.clear();
        set({ loadingTotal: null });
        // Money and policies are not needed for the first screen: they come after the list.
        const autopilot = await call('autopilot:get', {});
        if (autopilot) set({ autopilot });
        const approvals = await call('control:pending', {});
        if (approvals) set({ approvals });
        const update = await bridge.invoke('update:get', {});
        if (update.ok) set({ update: update.value });
        await get().loadSpend();
        // Running minutes grow by the minute.
        setInterval(() => void get().loadSpend(), 60_000);
        performance.mark('phonedeck:all-phones');
      },
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
      setView: (view) => set({ view }),
      request: (channel, input) => call(channel, input),
      reportError(where, error) {
        const e = error instanceof Error ? error : { message: String(error), stack: undefined };
        void call('app:reportError', { where, message: e.message.slice(0, 2_000), stack: e.stack?.slice(0, 8_000) });
      },
      async loadSpend(refreshBilling) {
        const spend = await call('spend:get', refreshBilling ? { refresh: true } : {});
        if (spend) set({ spend });
      },
      async decideApproval(id, approve, always) {
        const approvals = await call('control:decide', { id, approve, ...(always ? { always } : {}) });
        set({ approvals: approvals ?? get().approvals.filter((a) => a.id !== id) });
      },
      async setPrice(accountId, price) {
        const spend = await call('spend:setPrice', { accountId, price });
        if (spend) set({ spend });
      },
      async changeAutopilot(channel, input) {
        const autopilot = await call(channel, input);
        if (autopilot) set({ autopilot: autopilot as AutopilotState });
        return !!autopilot;
      },
      async refreshNow() {
        const refresh = await call('phones:refresh', {});
        if (!refresh) return;
        set({ refresh });
        // Said once, with what helps: credentials are fixed in Settings, anything else is worth a retry.
        for (const e of refresh.errors) {
          const label = get().accounts.find((a) => a.id === e.accountId)?.label ?? e.accountId;
          get().notify({
            level: 'warning',
            message: `${label}: ${e.message}`,
            action: isFixedInSettings(refresh.accounts[e.accountId]?.error?.code ?? 'INTERNAL')
              ? 'openSettings'
              : 'retry',
          });
        }
      },
      async runBulk(action, keys, options) {
        if (!keys.length) return false;
        const started = await call('bulk:run', { action, keys, ...(options ? { options } : {}) });
        if (!started) return false;
        // Show the job at once; events fill it in, and bulk:get catches up on whatever ran before we listened.
        set({
          job: {
            job: {
              jobId: started.jobId,
              action,
              source: 'window',
              total: new Set(keys).size,
              done: 0,
              phase: 'sending',
              state: 'running',
              startedAt: Date.now(),
              finishedAt: null,
            },
            results: [],
          },
          pinned: new Set(keys),
        });
        const snapshot = await call('bulk:get', { jobId: started.jobId });
        if (snapshot) {
          const job = mergeJobView(get().job, snapshot);
          set({ job, ...(job.job.state === 'done' ? { pinned: new Set<string>() } : {}) });
        }
        return true;
      },
      dismissJob: () => set({ job: null }),
      async openHistory() {
        const history = await call('bulk:list', {});
        if (history) set({ history, job: null });
      },
      closeHistory: () => set({ history: null }),
      setHiddenColumns: (hiddenColumns) => set({ hiddenColumns }),
      setColumnWidth(column, px) {
        const columnWidths = { ...get().columnWidths };
        if (px === null) delete columnWidths[column];
        else columnWidths[column] = Math.round(px);
        set({ columnWidths });
      },
      showDetails: (detailsKey) => set({ detailsKey, ...(detailsKey ? { history: null } : {}) }),
      async phoneFacts(key) {
        return (await call('phones:details', { key }))?.facts ?? [];
      },
      setFailedOnly: (failedOnly) => set({ failedOnly }),
      saveCurrentView(name) {
        const trimmed = name.trim().slice(0, 60);
        if (!trimmed) return;
        const { query, sort, savedViews } = get();
        set({
          savedViews: [
            ...savedViews.filter((v) => v.name !== trimmed),
            { name: trimmed, query: { ...query, selectedOnly: false }, sort },
          ],
        });
      },
      applyView(name) {
        const v = get().savedViews.find((x) => x.name === name);
        if (v) set({ query: v.query, sort: v.sort });
      },
      deleteView: (name) => set({ savedViews: get().savedViews.filter((v) => v.name !== name) }),
      async showJob(jobId) {
        const found = await call('bulk:get', { jobId });
        if (found) set({ job: found, history: null });
        else get().notify({ level: 'info', message: t('history.gone') });
      },
      async openSessions(keys) {
        set({ opening: new Set([...get().opening, ...keys]) });
        try {
          const r = await call('sessions:open', { keys });
          const failed = r?.opened.filter((x) => !x.ok) ?? [];
          // Every failure is listed, not just the first.
          if (failed.length) {
            const lines = failed.slice(0, 10).map((f) => `${f.name}: ${f.message}`);
            if (failed.length > 10) lines.push(t('job.andMore', { n: i18n().count(failed.length - 10) }));
            get().notify({
              level: 'warning',
              message: t('open.partial', { failed: failed.length, total: keys.length, lines: lines.join('. ') }),
            });
          }
          return r?.opened ?? [];
        } finally {
          const opening = new Set(get().opening);
          for (const k of keys) opening.delete(k);
          set({ opening });
        }
      },
      act: (action, keys) => (action === 'open' ? get().openSessions(keys) : get().runBulk(action, keys)),
      setVisible(keys) {
        rowsInView = keys;
        if (document.hidden) return;
        // Debounced: scrolling should not send a request per frame.
        if (visibleTimer) clearTimeout(visibleTimer);
        visibleTimer = setTimeout(() => void bridge.invoke('phones:visible', { keys: keys.slice(0, 500) }), 300);
      },
      async addAccount(label, credentials) {
        const r = await bridge.invoke('accounts:add', { label, credentials });
        return r.ok ? { ok: true } : { ok: false, message: r.message, field: r.field };
      },
      async testAccount(accountId) {
        await call('accounts:test', { accountId });
      },
      async cancelAccountTest() {
        await call('accounts:cancelTest', {});
      },
      async removeAccount(accountId) {
        const accounts = await call('accounts:remove', { accountId });
        if (accounts) set({ accounts });
      },
      async enableDemo() {
        const accounts = await call('demo:enable', {});
        if (accounts) set({ accounts });
      },
      async updateSettings(patch) {
        const settings = await call('settings:update', patch);
        if (settings) set(withSettings(settings));
      },
      async setFavorite(key, favorite) {
        const settings = await call('favorites:set', { key, favorite });
        if (settings) set(withSettings(settings));
      },
      notify(n) {
        const id = ++noticeId;
        set({ notices: [...get().notices.slice(-3), { ...n, id }] });
        if (n.level === 'info') setTimeout(() => get().dismissNotice(id), 5_000);
      },
      dismissNotice: (id) => set({ notices: get().notices.filter((n) => n.id !== id) }),
    };
  });
  // Remember how the list was left whenever it changes.
  store.subscribe((st, prev) => {
    const keys = ['query', 'sort', 'hiddenColumns', 'columnWidths', 'failedOnly', 'savedViews'] as const;
    if (keys.some((k) => st[k] !== prev[k])) {
      saveView(
        {
          query: st.query,
          sort: st.sort,
          hiddenColumns: st.hiddenColumns,
          columnWidths: st.columnWidths,
          failedOnly: st.failedOnly,
          savedViews: st.savedViews,
        },
        storage,
      );
    }
  });
  return store;
}
