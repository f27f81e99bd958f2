import type {
  BulkJobState,
  BulkResult,
  BulkUpdate,
  FileWhatInput,
  JobSummary,
  PickedFile,
} from '../../../common/contract';
import type { ConsentPlan } from '../../../common/consent';
import { i18n, t } from '../../../common/i18n/i18n';
import type { JobAction } from '../../../common/phone';
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
  /** A plan waiting for the person's yes (the plan dialog shows it), and whether to open the phone after. */
  planning: Planning | null;
  /** The phones that failed in the last action the window showed (the list's "failed in the last action"). */
  lastFailed: ReadonlySet<string>;
  /** What each file or app job this window started acted with, so its failed phones can be tried again. */
  fileSources: Readonly<Record<string, FileWhatInput>>;
}

export interface Planning {
  plan: ConsentPlan;
  keys: string[];
  thenOpen: boolean;
  options?: StartOptions;
  /** For files and apps: what the plan acts with. */
  what?: FileWhatInput;
}

export interface JobsSliceActions {
  /**
   * Plans the action through main's consent gate; runs it when no person must say yes and no kept phone is
   * left out, otherwise shows the plan. `confirmed`: a dialog already asked (delete, reset).
   */
  runBulk(
    action: JobAction,
    keys: string[],
    options?: StartOptions,
    how?: { confirmed?: boolean; includeKept?: boolean; what?: FileWhatInput },
  ): Promise<boolean>;
  /** main's file dialog: the chosen file as an id, a name and a size (null when cancelled). */
  pickFile(kind: 'app' | 'file'): Promise<PickedFile | null>;
  /** The plan dialog's answers: run it (the person's yes), plan again with kept phones in or out, or drop it. */
  confirmPlan(): Promise<boolean>;
  setIncludeKept(include: boolean): Promise<void>;
  cancelPlan(): void;
  /** A link asks the person (main sends the plan). */
  askPlan(plan: ConsentPlan, thenOpen: boolean): void;
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
  const merged = mergeJobView(cur, { job, results: newResults });
  set({
    job: merged,
    ...(job.state === 'done' ? { pinned: new Set<string>(), lastFailed: failuresOf(merged) } : {}),
  });
}

const failuresOf = (view: JobView): Set<string> => new Set(view.results.filter((r) => !r.ok).map((r) => r.key));

const startingView = (jobId: string, action: JobAction, keys: string[]): JobView => ({
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
    planning: null,
    lastFailed: new Set(),
    fileSources: {},
    async runBulk(action, keys, options, how = {}) {
      if (!keys.length) return false;
      const { what } = how;
      const plan = await call('consent:plan', {
        action,
        keys,
        ...(how.includeKept ? { includeKept: true } : {}),
        ...(what ? { what } : {}),
      });
      if (!plan) return false;
      if (how.confirmed) return runPlan(ctx, plan, true, options, what);
      const keptOut = plan.kept.length > 0 && !plan.includeKept;
      if (plan.confirm.required || keptOut) {
        set({ planning: { plan, keys, thenOpen: false, ...(options ? { options } : {}), ...(what ? { what } : {}) } });
        return false;
      }
      return runPlan(ctx, plan, false, options, what);
    },
    async pickFile(kind) {
      return (await call('files:pick', { kind })) ?? null;
    },
    async confirmPlan() {
      const p = get().planning;
      if (!p) return false;
      set({ planning: null });
      if (p.thenOpen) return openPlanned(ctx, p.plan);
      return runPlan(ctx, p.plan, true, p.options, p.what);
    },
    async setIncludeKept(include) {
      const p = get().planning;
      if (!p) return;
      const plan = await call('consent:plan', {
        action: p.plan.action,
        keys: p.keys,
        ...(include ? { includeKept: true } : {}),
        ...(p.plan.source === 'link' ? { fromLink: true } : {}),
        ...(p.what ? { what: p.what } : {}),
      });
      if (plan && get().planning === p) set({ planning: { ...p, plan } });
    },
    cancelPlan: () => set({ planning: null }),
    askPlan: (plan, thenOpen) => set({ planning: { plan, keys: plan.entries.map((e) => e.key), thenOpen } }),
    dismissJob: () => set({ job: null }),
    async openHistory() {
      const history = await call('bulk:list', {});
      if (history) set({ history, job: null });
    },
    closeHistory: () => set({ history: null }),
    async showJob(jobId) {
      const found = await call('bulk:get', { jobId });
      if (found) set({ job: found, history: null, lastFailed: failuresOf(found) });
      else get().notify({ level: 'info', message: t('history.gone') });
    },
    openSessions: (keys) => openSessions(ctx, keys),
    act: (action, keys) => (action === 'open' ? get().openSessions(keys) : get().runBulk(action, keys)),
  };
}

/** The last few jobs' sources are enough: main keeps 20 jobs, and a picked file only 20 picks. */
const keepRecent = (m: Readonly<Record<string, FileWhatInput>>) => Object.fromEntries(Object.entries(m).slice(-19));

/** Runs a plan main made: exactly its phones; the job shows at once and events fill it in. */
async function runPlan(
  { set, get, call }: JobsContext,
  plan: ConsentPlan,
  confirmed: boolean,
  options?: StartOptions,
  what?: FileWhatInput,
): Promise<boolean> {
  if (!plan.act.length) {
    get().notify({ level: 'info', message: t('plan.nothing') });
    return false;
  }
  const started = await call('consent:run', { planId: plan.id, confirmed, ...(options ? { options } : {}) });
  if (!started?.jobId) return false;
  const jobId = started.jobId;
  set({ job: startingView(jobId, plan.action, plan.act), pinned: new Set(plan.act) });
  if (what) set({ fileSources: { ...keepRecent(get().fileSources), [jobId]: what } });
  const snapshot = await call('bulk:get', { jobId });
  if (snapshot) {
    const job = mergeJobView(get().job, snapshot);
    set({ job, ...(job.job.state === 'done' ? { pinned: new Set<string>(), lastFailed: failuresOf(job) } : {}) });
  }
  return true;
}

/** A start plan the person said yes to, run by opening the viewers (one start call brings the viewer URL). */
async function openPlanned(ctx: JobsContext, plan: ConsentPlan): Promise<boolean> {
  return whileOpening(ctx, plan.act, async () => {
    const r = await ctx.call('consent:run', { planId: plan.id, confirmed: true, open: true });
    reportOpenFailures(ctx, r?.opened ?? [], plan.act.length);
    return !!r;
  });
}

/** Rows say "Opening…" while their windows are being opened, whatever the outcome. */
async function whileOpening<T>({ get, set }: JobsContext, keys: readonly string[], work: () => Promise<T>): Promise<T> {
  set({ opening: new Set([...get().opening, ...keys]) });
  try {
    return await work();
  } finally {
    const opening = new Set(get().opening);
    for (const k of keys) opening.delete(k);
    set({ opening });
  }
}

/** Every phone that could not be opened is listed, not just the first. */
function reportOpenFailures({ get }: JobsContext, opened: BulkResult[], total: number): void {
  const failed = opened.filter((x) => !x.ok);
  if (!failed.length) return;
  const lines = failed.slice(0, 10).map((f) => `${f.name}: ${f.message}`);
  if (failed.length > 10) lines.push(t('job.andMore', { n: i18n().count(failed.length - 10) }));
  get().notify({
    level: 'warning',
    message: t('open.partial', { failed: failed.length, total, lines: lines.join('. ') }),
  });
}

/** Opens phone windows; every phone that could not be opened is listed, not just the first. */
async function openSessions(ctx: JobsContext, keys: string[]): Promise<BulkResult[]> {
  return whileOpening(ctx, keys, async () => {
    const r = await ctx.call('sessions:open', { keys });
    reportOpenFailures(ctx, r?.opened ?? [], keys.length);
    return r?.opened ?? [];
  });
}
