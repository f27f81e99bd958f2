import type { BulkJobState, BulkResult, BulkUpdate, JobSummary } from '../../../common/contract';
import { i18n, t } from '../../../common/i18n/i18n';
import type { BulkAction } from '../../../common/phone';
import type { StartOptions } from '../../../common/start-options';
import type { DirectAction } from '../lib/eligibility';
import type { AppSliceActions } from './app-slice';
import type { AutopilotSliceActions } from './autopilot-slice';
import type { SliceContext } from './slice';

/** What jobs read beyond their own state: a notice, and spend (a finished job changes it). */
type JobsContext = SliceContext<
  JobsSliceState & JobsSliceActions & Pick<AppSliceActions, 'notify'> & Pick<AutopilotSliceActions, 'loadSpend'>
>;

export interface JobView {
  job: BulkJobState;
  results: BulkResult[];
}

export interface JobsSliceState {
  job: JobView | null;
  /** Phones being started for a window right now: their rows say "Opening…". */
  opening: Set<string>;
  /** Phones the running job acts on: they stay in the list until it ends, whatever the filters say. */
  pinned: Set<string>;
  /** The recent jobs, when the history panel is open. */
  history: JobSummary[] | null;
}

export interface JobsSliceActions {
  runBulk(action: BulkAction, keys: string[], options?: StartOptions): Promise<boolean>;
  dismissJob(): void;
  /** Opens (or refreshes) the job history; closeHistory hides it. */
  openHistory(): Promise<void>;
  closeHistory(): void;
  /** Shows one past job's per-phone results. */
  showJob(jobId: string): Promise<void>;
  openSessions(keys: string[]): Promise<BulkResult[]>;
  /** Opens windows for `open`, otherwise runs the bulk action (for actions that need no confirmation). */
  act(action: DirectAction, keys: string[]): Promise<unknown>;
}

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

/** A bulk:update event: the job on screen moves on; updates for another job (a tray action) do not replace it. */
export function applyJobUpdate({ get, set }: JobsContext, { job, newResults }: BulkUpdate): void {
  if (job.state === 'done') void get().loadSpend();
  const cur = get().job;
  if (!cur || cur.job.jobId !== job.jobId) return;
  set({
    job: mergeJobView(cur, { job, results: newResults }),
    ...(job.state === 'done' ? { pinned: new Set<string>() } : {}),
  });
}

const startingView = (jobId: string, action: BulkAction, keys: string[]): JobView => ({
  job: {
    jobId,
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
});

/** Bulk actions from the window, their results, the recent jobs, and opening phone windows. */
export function createJobsSlice(ctx: JobsContext): JobsSliceState & JobsSliceActions {
  const { set, get, call } = ctx;
  return {
    job: null,
    opening: new Set(),
    pinned: new Set(),
    history: null,
    async runBulk(action, keys, options) {
      if (!keys.length) return false;
      const started = await call('bulk:run', { action, keys, ...(options ? { options } : {}) });
      if (!started) return false;
      // Show the job at once; events fill it in, and bulk:get catches up on whatever ran before we listened.
      set({ job: startingView(started.jobId, action, keys), pinned: new Set(keys) });
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
    async showJob(jobId) {
      const found = await call('bulk:get', { jobId });
      if (found) set({ job: found, history: null });
      else get().notify({ level: 'info', message: t('history.gone') });
    },
    openSessions: (keys) => openSessions(ctx, keys),
    act: (action, keys) => (action === 'open' ? get().openSessions(keys) : get().runBulk(action, keys)),
  };
}

/** Opens phone windows; every phone that could not be opened is listed, not just the first. */
async function openSessions({ get, set, call }: JobsContext, keys: string[]): Promise<BulkResult[]> {
  set({ opening: new Set([...get().opening, ...keys]) });
  try {
    const r = await call('sessions:open', { keys });
    const failed = r?.opened.filter((x) => !x.ok) ?? [];
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
}
