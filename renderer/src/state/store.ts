import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Bridge, InvokeChannel, InvokeInput, InvokeOutput } from '../../../common/contract';
import { loadView, saveView } from '../lib/persisted-view';
import { createAppSlice, type AppSliceActions, type AppSliceState } from './app-slice';
import { createAutopilotSlice, type AutopilotSliceActions, type AutopilotSliceState } from './autopilot-slice';
import { applyJobUpdate, createJobsSlice, type JobsSliceActions, type JobsSliceState } from './jobs-slice';
import {
  createListViewSlice,
  queryFromLink,
  type ListViewSliceActions,
  type ListViewSliceState,
} from './list-view-slice';
import { createPhonesSlice, PhonesFeed, type PhonesSliceActions, type PhonesSliceState } from './phones-slice';
import {
  createSettingsSlice,
  withSettings,
  type SettingsSliceActions,
  type SettingsSliceState,
} from './settings-slice';
import type { SliceContext } from './slice';
import { createTeamSlice, type TeamSliceActions, type TeamSliceState } from './team-slice';
import { createScreensSlice, type ScreensSliceActions, type ScreensSliceState } from './screens-slice';

export { mergeJobView, type JobView } from './jobs-slice';

/** All renderer state: one file per domain (Signal's ducks), joined here. */
export type AppState = AppSliceState &
  PhonesSliceState &
  ListViewSliceState &
  JobsSliceState &
  SettingsSliceState &
  AutopilotSliceState &
  TeamSliceState &
  ScreensSliceState;

export type AppActions = AppSliceActions &
  PhonesSliceActions &
  ListViewSliceActions &
  JobsSliceActions &
  SettingsSliceActions &
  AutopilotSliceActions &
  TeamSliceActions &
  ScreensSliceActions & {
    init(): Promise<void>;
  };

export type AppStore = StoreApi<AppState & AppActions>;

/** Main's pushes, each to the domain it changes. */
function listen(ctx: SliceContext<AppState & AppActions>, feed: PhonesFeed): void {
  const { bridge, set, get } = ctx;
  bridge.on('phones:patch', feed.applyPatch);
  bridge.on('refresh:state', (refresh) => set({ refresh }));
  document.addEventListener('visibilitychange', feed.visibilityChanged);
  bridge.on('accounts:changed', (accounts) => set({ accounts }));
  bridge.on('settings:changed', (settings) => set(withSettings(settings)));
  bridge.on('notice', (n) => get().notify(n));
  bridge.on('sessions:changed', ({ open }) => set({ openWindows: new Set(open) }));
  bridge.on('autopilot:changed', (autopilot) => set({ autopilot }));
  bridge.on('control:approvals', (approvals) => set({ approvals }));
  bridge.on('update:state', (update) => set({ update }));
  bridge.on('team:changed', (team) => set({ team }));
  // Only the tiles the wall shows are read again (a screen changed elsewhere costs nothing).
  bridge.on('screens:changed', ({ keys }) => void get().loadTiles(keys));
  bridge.on('view:apply', (q) => set({ view: 'phones', query: queryFromLink(q) }));
  bridge.on('bulk:update', (u) => applyJobUpdate(ctx, u));
  bridge.on('consent:ask', ({ plan, thenOpen }) => {
    // A link names one phone: the list shows it, and the plan asks before anything is started.
    set({ view: 'phones' });
    get().askPlan(plan, thenOpen);
  });
}

/** The list first; money and policies are not needed for the first screen, so they come after it. */
async function load({ bridge, set, get, call }: SliceContext<AppState & AppActions>, feed: PhonesFeed): Promise<void> {
  performance.mark('phonedeck:init');
  await feed.load();
  const autopilot = await call('autopilot:get', {});
  if (autopilot) set({ autopilot });
  const approvals = await call('control:pending', {});
  if (approvals) set({ approvals });
  const update = await bridge.invoke('update:get', {});
  if (update.ok) set({ update: update.value });
  const team = await call('team:get', {});
  if (team) set({ team });
  await get().loadSpend();
  // Running minutes grow by the minute.
  setInterval(() => void get().loadSpend(), 60_000);
  performance.mark('phonedeck:all-phones');
}

const REMEMBERED = ['query', 'sort', 'hiddenColumns', 'columnWidths', 'failedOnly', 'savedViews'] as const;

/** All renderer state, fed only through the Bridge: the UI never knows whether main is Electron or HTTP. */
export function createAppStore(bridge: Bridge, storage: Storage | undefined = globalThis.localStorage): AppStore {
  const remembered = loadView(storage);
  const store = createStore<AppState & AppActions>()((set, get) => {
    const ctx: SliceContext<AppState & AppActions> = {
      bridge,
      set,
      get,
      async call<C extends InvokeChannel>(channel: C, input: InvokeInput<C>): Promise<InvokeOutput<C> | undefined> {
        const r = await bridge.invoke(channel, input);
        if (r.ok) return r.value;
        get().notify({ level: 'error', message: r.message });
        return undefined;
      },
    };
    const feed = new PhonesFeed(ctx);
    return {
      ...createAppSlice(ctx),
      ...createPhonesSlice(ctx, feed),
      ...createListViewSlice(ctx, remembered),
      ...createJobsSlice(ctx),
      ...createSettingsSlice(ctx),
      ...createAutopilotSlice(ctx),
      ...createTeamSlice(ctx),
      ...createScreensSlice(ctx),
      async init() {
        listen(ctx, feed);
        await load(ctx, feed);
      },
    };
  });
  // Remember how the list was left whenever it changes.
  store.subscribe((st, prev) => {
    if (!REMEMBERED.some((k) => st[k] !== prev[k])) return;
    const { query, sort, hiddenColumns, columnWidths, failedOnly, savedViews } = st;
    saveView({ query, sort, hiddenColumns, columnWidths, failedOnly, savedViews }, storage);
  });
  return store;
}
