import type { PhonesPatch, RefreshState } from '../../../common/contract';
import { isFixedInSettings } from '../../../common/error-codes';
import type { Phone, PhoneFacts } from '../../../common/phone';
import type { AppSliceActions, AppSliceState } from './app-slice';
import type { ListViewSliceState } from './list-view-slice';
import { withSettings, type SettingsSliceState } from './settings-slice';
import type { SliceContext } from './slice';

/** What the list reads beyond its own state: the selection (a removed phone leaves it), accounts and settings (loaded with it), notices. */
type PhonesContext = SliceContext<
  PhonesSliceState &
    Pick<ListViewSliceState, 'selection'> &
    SettingsSliceState &
    Pick<AppSliceState, 'ready'> &
    Pick<AppSliceActions, 'notify'>
>;

export interface PhonesSliceState {
  /** Replaced (never mutated) on every patch, so memoised selectors see the change. */
  phones: Map<string, Phone>;
  refresh: RefreshState;
  /** Phones whose viewer window is open (main says so after every open or close). */
  openWindows: Set<string>;
  /** While the window is still receiving the list from main: how many phones there are in all. */
  loadingTotal: number | null;
}

export interface PhonesSliceActions {
  refreshNow(): Promise<void>;
  phoneFacts(key: string): Promise<PhoneFacts>;
  setVisible(keys: string[]): void;
}

/** The first part of the snapshot (a few screenfuls), then parts of this size. */
const FIRST_PART = 300;
const REST_PART = 2_500;

/**
 * The list as main pushes it: patches, the snapshot read in parts, and which rows are on screen (the
 * poller reads those more often).
 */
export class PhonesFeed {
  private visibleTimer: ReturnType<typeof setTimeout> | null = null;
  /**
   * While the rest of the snapshot is still arriving, patches are newer than it: a phone a patch touched
   * or removed is not overwritten (or brought back) by an older part.
   */
  private loadingRest = false;
  private readonly touchedWhileLoading = new Set<string>();
  /** The rows on screen, kept so they can be sent again when a hidden window shows. */
  private rowsInView: string[] = [];

  constructor(private readonly ctx: PhonesContext) {}

  applyPatch = (patch: PhonesPatch): void => {
    const { get, set } = this.ctx;
    if (this.loadingRest)
      for (const k of [...patch.removed, ...patch.upserts.map((p) => p.key)]) this.touchedWhileLoading.add(k);
    const phones = new Map(get().phones);
    for (const k of patch.removed) phones.delete(k);
    for (const p of patch.upserts) phones.set(p.key, p);
    const selection = patch.removed.some((k) => get().selection.has(k))
      ? new Set([...get().selection].filter((k) => phones.has(k)))
      : get().selection;
    set({ phones, selection });
  };

  /** A hidden window (minimised, or closed to the tray) has no rows on screen: their polling stops until it shows. */
  visibilityChanged = (): void => {
    if (this.visibleTimer) clearTimeout(this.visibleTimer);
    void this.ctx.bridge.invoke('phones:visible', { keys: document.hidden ? [] : this.rowsInView.slice(0, 500) });
  };

  setVisible = (keys: string[]): void => {
    this.rowsInView = keys;
    if (document.hidden) return;
    // Debounced: scrolling should not send a request per frame.
    if (this.visibleTimer) clearTimeout(this.visibleTimer);
    this.visibleTimer = setTimeout(
      () => void this.ctx.bridge.invoke('phones:visible', { keys: keys.slice(0, 500) }),
      300,
    );
  };

  /** The first screenful comes first, so rows paint at once; the rest follows in parts. */
  async load(): Promise<void> {
    const { get, set, call } = this.ctx;
    this.loadingRest = true;
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
      for (const p of part.phones) if (!this.touchedWhileLoading.has(p.key)) phones.set(p.key, p);
      set({ phones });
    }
    this.loadingRest = false;
    this.touchedWhileLoading.clear();
    set({ loadingTotal: null });
  }
}

export function createPhonesSlice(ctx: PhonesContext, feed: PhonesFeed): PhonesSliceState & PhonesSliceActions {
  const { set, get, call } = ctx;
  return {
    phones: new Map(),
    refresh: { lastRefreshAt: null, refreshing: false, errors: [], accounts: {} },
    openWindows: new Set(),
    loadingTotal: null,
    async refreshNow() {
      const refresh = await call('phones:refresh', {});
      if (!refresh) return;
      set({ refresh });
      // Said once, with what helps: credentials are fixed in Settings, anything else is worth a retry. The
      // error's code decides which, never its words (they are in the person's language).
      for (const e of refresh.errors) {
        const label = get().accounts.find((a) => a.id === e.accountId)?.label ?? e.accountId;
        const code = refresh.accounts[e.accountId]?.error?.code ?? 'INTERNAL';
        get().notify({
          level: 'warning',
          message: `${label}: ${e.message}`,
          action: isFixedInSettings(code) ? 'openSettings' : 'retry',
        });
      }
    },
    async phoneFacts(key) {
      return (await call('phones:details', { key }))?.facts ?? [];
    },
    setVisible: feed.setVisible,
  };
}
