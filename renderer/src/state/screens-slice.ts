import type { ScreenTile } from '../../../common/contract';
import type { SliceContext } from './slice';

export interface ScreensSliceState {
  /** How the phones are shown: the list, or the wall of screens. */
  layout: 'list' | 'wall';
  /** The wall's tiles as main last gave them (images as data URLs), by phone key. */
  tiles: Map<string, ScreenTile>;
  /** The tiles the wall shows now: only these are read when main says screens changed. */
  watched: Set<string>;
}

export interface ScreensSliceActions {
  setLayout(layout: 'list' | 'wall'): void;
  /** The tiles in view (and the selection): asks main for fresh screens of these only. */
  refreshScreens(keys: string[]): Promise<void>;
  watchTiles(keys: string[]): void;
  loadTiles(keys: string[]): Promise<void>;
}

/** The screenshot wall: which tiles are in view, what main has for them, and asking for fresh ones. */
export function createScreensSlice({
  set,
  get,
  call,
}: SliceContext<ScreensSliceState & ScreensSliceActions>): ScreensSliceState & ScreensSliceActions {
  return {
    layout: 'list',
    tiles: new Map(),
    watched: new Set(),
    setLayout: (layout) => set({ layout }),
    async refreshScreens(keys) {
      if (keys.length) await call('screens:refresh', { keys: keys.slice(0, 200) });
    },
    watchTiles(keys) {
      const fresh = keys.filter((k) => !get().tiles.has(k));
      set({ watched: new Set(keys) });
      if (fresh.length) void get().loadTiles(fresh);
    },
    async loadTiles(keys) {
      const wanted = keys.filter((k) => get().watched.has(k)).slice(0, 200);
      if (!wanted.length) return;
      const tiles = await call('screens:tiles', { keys: wanted });
      if (!tiles) return;
      const next = new Map(get().tiles);
      for (const t of tiles) next.set(t.key, t);
      set({ tiles: next });
    },
  };
}
