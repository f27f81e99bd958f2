import type { Notice, UpdateState } from '../../../common/contract';
import type { PendingApproval } from '../../../common/control';
import type { SliceContext } from './slice';

export interface AppSliceState {
  ready: boolean;
  view: 'phones' | 'activity' | 'autopilot' | 'settings';
  notices: (Notice & { id: number })[];
  /** CLI/MCP actions waiting for the user's yes or no. */
  approvals: PendingApproval[];
  /** The update check (null in a development run, which never checks). */
  update: UpdateState | null;
  /** The phone whose timeline the Activity tab shows (opened from its details or from an action's rows). */
  timelineKey: string | null;
}

export interface AppSliceActions {
  setView(view: AppSliceState['view']): void;
  /** Opens a phone's timeline on the Activity tab; null closes it. */
  showTimeline(key: string | null): void;
  notify(n: Notice): void;
  dismissNotice(id: number): void;
  /** Any request to main, for views that keep their own data (Activity); failures become a notice. */
  request: SliceContext<unknown>['call'];
  /** Writes an error of the window to main's log (cut to what the contract accepts), where diagnostics find it. */
  reportError(where: string, error: unknown): void;
  decideApproval(id: string, approve: boolean, always?: boolean): Promise<void>;
}

let noticeId = 0;

/** The window around the features: which tab, notices, approvals asked for by CLI/MCP clients, updates. */
export function createAppSlice({
  set,
  get,
  call,
}: SliceContext<AppSliceState & AppSliceActions>): AppSliceState & AppSliceActions {
  return {
    ready: false,
    view: 'phones',
    notices: [],
    approvals: [],
    update: null,
    timelineKey: null,
    setView: (view) => set({ view }),
    showTimeline: (timelineKey) => set(timelineKey ? { timelineKey, view: 'activity' } : { timelineKey }),
    notify(n) {
      const id = ++noticeId;
      set({ notices: [...get().notices.slice(-3), { ...n, id }] });
      if (n.level === 'info') setTimeout(() => get().dismissNotice(id), 5_000);
    },
    dismissNotice: (id) => set({ notices: get().notices.filter((n) => n.id !== id) }),
    request: (channel, input) => call(channel, input),
    reportError(where, error) {
      const e = error instanceof Error ? error : { message: String(error), stack: undefined };
      void call('app:reportError', { where, message: e.message.slice(0, 2_000), stack: e.stack?.slice(0, 8_000) });
    },
    async decideApproval(id, approve, always) {
      const approvals = await call('control:decide', { id, approve, ...(always ? { always } : {}) });
      set({ approvals: approvals ?? get().approvals.filter((a) => a.id !== id) });
    },
  };
}
