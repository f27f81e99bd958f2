import { pushTo } from '../kernel/collections';
import { t } from '../../common/i18n/i18n';
import { randomBytes } from 'node:crypto';
import type { AccountListState, BulkJobState, BulkResult, EventChannel, EventContract, PhonesSnapshot, RefreshState } from '../../common/contract';
import { phoneKey, type BulkAction, type Phone, type PhoneFacts, type ProviderCapabilities } from '../../common/phone';
import type { StartOptions } from '../../common/start-options';
import type { ActionSource } from '../../common/activity';
import type { Clock } from '../kernel/clock';
import { describeError } from '../kernel/errors';
import type { Logger } from '../kernel/redact';
import type { CloudPhoneProvider, PhoneOutcome, ProviderPhone, StatusReading } from '../providers/types';

export type EventSink = <E extends EventChannel>(event: E, payload: EventContract[E]) => void;

export interface AccountDirectory {
  providers(): { accountId: string; provider: CloudPhoneProvider }[];
  provider(accountId: string): CloudPhoneProvider | null;
}

/** Viewer windows block stop (43006) and delete (43021), so they are closed first. */
export interface SessionCloser {
  closeFor(keys: readonly string[]): Promise<void>;
}

interface Job {
  state: BulkJobState;
  results: BulkResult[];
}

const CAPABILITY_FOR: Record<BulkAction, keyof ProviderCapabilities> = {
  start: 'start', stop: 'stop', delete: 'delete', restart: 'restart', reset: 'reset', stopThenDelete: 'delete',
};
const MAX_JOBS_KEPT = 20;
/** Removed phones remembered so results can still name them (a delete of 10,000 phones fits). */
const MAX_REMEMBERED_REMOVALS = 20_000;
/** Provider answers that prove a phone no longer exists. */
const GONE_CODES = new Set(['42001', 'CPS.0005']);

/**
 * The fleet as main knows it: every account's phones merged, bulk actions split per account with one
 * result per phone, and status updates pushed to the renderer as patches. A phone only becomes
 * "stopped" or disappears when the provider said so (list, status, or a success in a batch answer).
 */
export class Fleet {
  private readonly phones = new Map<string, Phone>();
  /** Phones whose true state is uncertain (a lost answer, a fresh action): the poller reads them first. */
  readonly needsCheck = new Set<string>();
  private readonly jobs = new Map<string, Job>();
  /** Phones this app started, so "stop all phones I started" never touches someone else's. */
  private readonly startedHere = new Set<string>();
  private refreshState: RefreshState = { lastRefreshAt: null, refreshing: false, errors: [], accounts: {} };
  /** The accounts the refresh behind `lastRefreshAt` listed in full. */
  private refreshCovered = new Set<string>();
  private pendingUpserts = new Map<string, Phone>();
  private pendingRemovals = new Set<string>();
  private refreshing: Promise<RefreshState> | null = null;
  private followUp: Promise<RefreshState> | null = null;
  /**
   * Accepted actions whose effect the provider has not reported yet. GeeLark keeps saying "started" for a
   * while after a stop was accepted; showing "running" again would read as if the stop failed.
   */
  private readonly intents = new Map<string, { shown: Phone['status']; target: Phone['status']; until: number }>();
  private readonly doneListeners: ((job: BulkJobState, results: BulkResult[]) => void)[] = [];
  private readonly changeListeners: (() => void)[] = [];
  private readonly removedListeners: ((keys: string[]) => void)[] = [];
  private readonly patchListeners: ((upserts: readonly Phone[], removed: readonly string[]) => void)[] = [];
  private readonly removedRecently = new Map<string, Phone>();
  /** Phones missing from the latest full lists of their account with no word on them from a status read: how many lists in a row. */
  private readonly missedLists = new Map<string, number>();
  /** The provider's extra facts per phone, for the detail panel only. */
  private readonly facts = new Map<string, PhoneFacts>();

  constructor(
    private readonly deps: {
      accounts: AccountDirectory;
      clock: Clock;
      emit: EventSink;
      log: Logger;
      sessions?: SessionCloser;
      /** How long "stop, wait, then delete" waits for phones to read stopped. */
      stopWaitMs?: number;
      pollEveryMs?: number;
      /** Told after each account's list call: null when it worked, else the problem. */
      onAccountHealth?: (accountId: string, error: string | null) => void;
    },
  ) {}

  snapshot(): Omit<PhonesSnapshot, 'openWindows' | 'total'> {
    return { phones: [...this.phones.values()], refresh: this.refreshState };
  }
  get(key: string): Phone | undefined {
    return this.phones.get(key);
  }
  all(): Phone[] {
    return [...this.phones.values()];
  }
  onJobDone(l: (job: BulkJobState, results: BulkResult[]) => void): void {
    this.doneListeners.push(l);
  }
  /** Called after any change is pushed (the tray rebuilds from this). */
  onChange(l: () => void): void {
    this.changeListeners.push(l);
  }
  /** Called with every patch pushed: the phones that changed and the keys that left. */
  onPatch(l: (upserts: readonly Phone[], removed: readonly string[]) => void): void {
    this.patchListeners.push(l);
  }
  /** Called with phones that left the list on the provider's word (deleted, gone, account removed). */
  onRemoved(l: (keys: string[]) => void): void {
    this.removedListeners.push(l);
  }
  /** One copy of each repeated fact string ("Singapore", "Android 12") instead of one per phone. */
  private readonly strings = new Map<string, string>();
  private intern(s: string): string {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    if (this.strings.size < 200_000) this.strings.set(s, s);
    return s;
  }

  factsOf(key: string): PhoneFacts {
    return this.facts.get(key) ?? [];
  }

  /** Every account listing a provider's phone id (more than one means the same account added twice). */
  accountsListing(provider: Phone['provider'], phoneIds: ReadonlySet<string>): Set<string> {
    const owners = new Set<string>();
    for (const p of this.phones.values()) if (p.provider === provider && phoneIds.has(p.id)) owners.add(p.accountId);
    return owners;
  }

  startedHereKeys(): string[] {
    return [...this.startedHere].filter((k) => {
      const st = this.phones.get(k)?.status;
      return st === 'running' || st === 'starting';
    });
  }

  /**
   * Full list from every account. Concurrent callers share one refresh. An aborted refresh (the poller
   * stopping) sends nothing more and changes nothing it has not already read.
   */
  refresh(signal?: AbortSignal): Promise<RefreshState> {
    // A caller gets a refresh that starts after it asked (an account added a moment ago is in it); callers
    // arriving while one runs share the single follow-up instead of each starting their own.
    if (this.refreshing) {
      this.followUp ??= this.refreshing.then(() => {
        this.followUp = null;
        return this.refresh(signal);
      });
      return this.followUp;
    }
    this.refreshing = this.doRefresh(signal).finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async doRefresh(signal?: AbortSignal): Promise<RefreshState> {
    this.refreshState = { ...this.refreshState, refreshing: true };
    this.deps.emit('refresh:state', this.refreshState);
    const errors: RefreshState['errors'] = [];
    const accounts = this.deps.accounts.providers();
    const liveAccounts = new Set(accounts.map((a) => a.accountId));
    for (const id of Object.keys(this.refreshState.accounts)) if (!liveAccounts.has(id)) delete this.refreshState.accounts[id];
    await Promise.all(
      accounts.map(async ({ accountId, provider }) => {
        this.setAccountState(accountId, { loading: true, pagesRead: 0, phonesRead: 0, total: null });
        try {
          await this.listAccount(accountId, provider, signal);
          this.deps.onAccountHealth?.(accountId, null);
        } catch (e) {
          if (signal?.aborted) return;
          // Keep what we had: an outage must not make phones look deleted.
          const { message } = describeError(e);
          errors.push({ accountId, message });
          this.setAccountState(accountId, { loading: false, error: { message, during: 'list' } });
          this.deps.onAccountHealth?.(accountId, message);
        }
      }),
    );
    for (const p of this.phones.values()) if (!liveAccounts.has(p.accountId)) this.remove(p.key);
    // "Updated 5s ago" must be true of the whole list: a refresh with any failure keeps the last fully good
    // time, but only if that refresh covered every account listed now (one added since has never been read,
    // and a refresh of no accounts at all updated nothing).
    let lastRefreshAt = this.refreshState.lastRefreshAt;
    if (!errors.length && !signal?.aborted && accounts.length) {
      lastRefreshAt = this.deps.clock.now();
      this.refreshCovered = liveAccounts;
    } else if (accounts.some((a) => !this.refreshCovered.has(a.accountId))) {
      lastRefreshAt = null;
    }
    this.refreshState = { ...this.refreshState, lastRefreshAt, refreshing: false, errors };
    this.flush();
    this.deps.emit('refresh:state', this.refreshState);
    return this.refreshState;
  }

  /**
   * Reads one account's list page by page, showing each page's phones as it arrives (a slow first load
   * fills the table as it goes). A known phone the list no longer shows is removed only once a status read
   * says it is gone: a paged list read while phones are deleted skips the phone that shifts across a page
   * boundary, and a garbled answer must not make a fleet vanish. Where the list cannot tell a stopped phone
   * from an expired one (GeeLark), the stopped phones' status is read in the same call, so expiry is known
   * everywhere and no Start is offered that the provider would refuse.
   */
  private async listAccount(accountId: string, provider: CloudPhoneProvider, signal?: AbortSignal): Promise<void> {
    const seen = new Set<string>();
    let pages = 0;
    // A list held by the provider's rate limit says so, instead of looking stuck for up to a minute.
    const stopWatching = provider.limiter.onPause((until) => this.setAccountState(accountId, { waitingUntil: until }));
    const listed = await provider
      .listAll(signal, (page) => {
        pages++;
        for (const p of page.phones) seen.add(this.merge(accountId, provider, p));
        this.flush();
        this.setAccountState(accountId, { pagesRead: pages, phonesRead: seen.size, total: page.total, waitingUntil: null });
      })
      .finally(() => {
        stopWatching();
        this.setAccountState(accountId, { waitingUntil: null });
      });
    // A provider that does not report pages as they come still gives the whole list at the end.
    if (!pages) for (const p of listed) seen.add(this.merge(accountId, provider, p));
    this.flush();
    this.setAccountState(accountId, { loading: false, lastGoodAt: this.deps.clock.now(), error: null });
    for (const key of seen) this.missedLists.delete(key);
    const missing = [...this.phones.values()].filter((p) => p.accountId === accountId && !seen.has(p.key)).map((p) => p.id);
    const stopped = provider.listHidesExpiry
      ? [...seen].map((k) => this.phones.get(k)).filter((p) => p?.status === 'stopped' || p?.status === 'expired').map((p) => p!.id)
      : [];
    if (!missing.length && !stopped.length) return;
    // The list itself was good; a failure here is a status-read problem, shown as such, and a phone that
    // could not be checked stays listed as it was.
    let answered = new Set<string>();
    try {
      // A phone the provider reports as not found is removed by applyReadings; one it still knows stays.
      const readings = await provider.status([...missing, ...stopped], signal);
      answered = new Set(readings.map((r) => r.id));
      this.applyReadings(accountId, readings);
      this.noteStatusHealth(accountId, null);
    } catch (e) {
      if (!signal?.aborted) this.noteStatusHealth(accountId, describeError(e).message);
    }
    if (signal?.aborted) return;
    // No word either way (a read that failed, or a provider that leaves unknown ids out of its answer):
    // missing from two full lists in a row is proof enough; one list alone is not (a page shift).
    for (const id of missing) {
      const key = phoneKey(accountId, id);
      if (answered.has(id) || !this.phones.has(key)) continue;
      const misses = (this.missedLists.get(key) ?? 0) + 1;
      // remove() forgets the count too.
      if (misses < 2) this.missedLists.set(key, misses);
      else this.remove(key);
    }
    this.flush();
  }

  /** Records how an account's status reads went (the poller calls this): a failure is shown, never hidden. */
  noteStatusHealth(accountId: string, error: string | null): void {
    if (error) return this.setAccountState(accountId, { error: { message: error, during: 'status' } });
    // A good status read clears a status error; a list error stays until a list works again.
    const listError = this.refreshState.accounts[accountId]?.error?.during === 'list';
    this.setAccountState(accountId, { lastGoodAt: this.deps.clock.now(), ...(listError ? {} : { error: null }) });
  }

  private setAccountState(accountId: string, patch: Partial<AccountListState>): void {
    const cur = this.refreshState.accounts[accountId] ?? { loading: false, pagesRead: 0, phonesRead: 0, total: null, lastGoodAt: null, error: null };
    const next = { ...cur, ...patch };
    if (JSON.stringify(next) === JSON.stringify(cur) && this.refreshState.accounts[accountId]) return;
    this.refreshState = { ...this.refreshState, accounts: { ...this.refreshState.accounts, [accountId]: next } };
    this.deps.emit('refresh:state', this.refreshState);
  }

  /** One listed phone into the fleet; returns its key. */
  private merge(accountId: string, provider: CloudPhoneProvider, p: ProviderPhone): string {
    const key = phoneKey(accountId, p.id);
    const before = this.phones.get(key);
    // GeeLark's list has no "expired" value (it reports 2); keep the status endpoint's finer answer.
    const reported = before?.status === 'expired' && p.status === 'stopped' ? 'expired' : p.status;
    const [status, statusDetail] = this.reconcile(key, reported, p.statusDetail, before?.statusDetail ?? '');
    const { facts, ...listed } = p;
    // Labels are catalogue keys (shared already); values repeat across thousands of phones, so they are interned.
    this.facts.set(key, (facts ?? []).map(([k, v]) => [k, typeof v === 'string' ? this.intern(v) : v]));
    this.upsert({ ...listed, status, statusDetail, key, accountId, provider: provider.kind, runningSince: before?.runningSince ?? null, runningSinceExact: before?.runningSinceExact ?? false });
    return key;
  }

  /** Applies status readings from the poller or a wait loop. */
  applyReadings(accountId: string, readings: StatusReading[]): void {
    for (const r of readings) {
      const key = phoneKey(accountId, r.id);
      this.needsCheck.delete(key);
      const p = this.phones.get(key);
      if (!p) continue;
      if (!r.found) {
        this.remove(key);
        continue;
      }
      const [status, statusDetail] = this.reconcile(key, r.status, r.statusDetail, p.statusDetail);
      this.upsert({ ...p, status, statusDetail });
    }
    this.flush();
  }

  /**
   * What to show for a reported status, given any accepted action still settling: until the provider
   * reports the target (or a final state, or the intent expires) the transitional status stays.
   */
  private reconcile(key: string, reported: Phone['status'], detail: string, shownDetail: string): [Phone['status'], string] {
    const intent = this.intents.get(key);
    if (intent && reported !== intent.target && reported !== 'expired' && reported !== 'fault' && this.deps.clock.now() < intent.until) {
      return [intent.shown, shownDetail];
    }
    this.intents.delete(key);
    return [reported, detail];
  }

  private upsert(next: Phone): void {
    const before = this.phones.get(next.key);
    const running = next.status === 'running';
    const wasRunning = before?.status === 'running';
    next.runningSince = running ? (wasRunning ? (before.runningSince ?? this.deps.clock.now()) : this.deps.clock.now()) : null;
    // Exact only when this app saw it go from not running to running; a phone first seen running may have
    // been running for days, so its time is a lower bound.
    next.runningSinceExact = running && (wasRunning ? before.runningSinceExact : !!before);
    if (before && samePhone(before, next)) return;
    this.phones.set(next.key, next);
    this.pendingUpserts.set(next.key, next);
    this.pendingRemovals.delete(next.key);
  }

  private remove(key: string): void {
    this.intents.delete(key);
    this.missedLists.delete(key);
    const gone = this.phones.get(key);
    if (!gone || !this.phones.delete(key)) return;
    this.removedRecently.set(key, gone);
    this.facts.delete(key);
    if (this.removedRecently.size > MAX_REMEMBERED_REMOVALS) this.removedRecently.delete(this.removedRecently.keys().next().value!);
    this.needsCheck.delete(key);
    this.pendingUpserts.delete(key);
    this.pendingRemovals.add(key);
  }

  /** Shows an accepted action's transitional status until the provider reports `target` (or 3 minutes pass). */
  private expect(key: string, shown: Phone['status'], target: Phone['status'], detail: string): void {
    const p = this.phones.get(key);
    if (!p) return;
    this.intents.set(key, { shown, target, until: this.deps.clock.now() + 180_000 });
    this.upsert({ ...p, status: shown, statusDetail: detail });
  }

  /** Pushes what changed since the last flush as one patch. */
  flush(): void {
    if (!this.pendingUpserts.size && !this.pendingRemovals.size) return;
    const removed = [...this.pendingRemovals];
    const upserts = [...this.pendingUpserts.values()];
    this.deps.emit('phones:patch', { upserts, removed });
    for (const l of this.patchListeners) l(upserts, removed);
    this.pendingUpserts = new Map();
    this.pendingRemovals = new Set();
    if (removed.length) for (const l of this.removedListeners) l(removed);
    for (const l of this.changeListeners) l();
  }

  // ---------- bulk actions ----------

  /** The jobs kept for history, newest first. */
  jobHistory(): { job: BulkJobState; succeeded: number; failed: number }[] {
    return [...this.jobs.values()].reverse().map((j) => {
      const failed = j.results.filter((r) => !r.ok).length;
      return { job: { ...j.state }, succeeded: j.results.length - failed, failed };
    });
  }

  getJob(jobId: string): Job | null {
    return this.jobs.get(jobId) ?? null;
  }

  /** Starts a bulk action in the background and returns its id; progress arrives as bulk:update events. */
  runBulk(action: BulkAction, keys: readonly string[], options: StartOptions, source: ActionSource = 'window'): string {
    const jobId = `job_${randomBytes(5).toString('hex')}`;
    const unique = [...new Set(keys)];
    const job: Job = {
      state: { jobId, action, source, total: unique.length, done: 0, phase: 'sending', state: 'running', startedAt: this.deps.clock.now(), finishedAt: null },
      results: [],
    };
    this.jobs.set(jobId, job);
    // Keep the last few jobs for bulk:get; older ones are done and shown nowhere.
    for (const old of [...this.jobs.keys()].slice(0, -MAX_JOBS_KEPT)) this.jobs.delete(old);
    this.deps.emit('bulk:update', { job: { ...job.state }, newResults: [] });
    const unsettled = () => {
      const settled = new Set(job.results.map((r) => r.key));
      return unique.filter((k) => !settled.has(k));
    };
    void this.execute(job, unique, options)
      .catch((e) => {
        this.deps.log.error('bulk action crashed', e);
        this.report(job, unsettled().map((key) => this.resultFor(key, false, 'INTERNAL', describeError(e).message)));
      })
      .finally(() => {
        // Every phone gets a row: one the provider never reported on is marked for re-reading, not assumed done.
        const missing = unsettled();
        for (const key of missing) this.needsCheck.add(key);
        this.report(job, missing.map((key) => this.resultFor(key, false, 'UNCONFIRMED', t('result.noAnswer'))));
        job.state = { ...job.state, state: 'done', phase: 'done', finishedAt: this.deps.clock.now() };
        this.deps.emit('bulk:update', { job: { ...job.state }, newResults: [] });
        for (const l of [...this.doneListeners]) l(job.state, job.results);
      });
    return jobId;
  }

  /** Starts phones outside a bulk job (opening viewers) and records what the provider confirmed. */
  async startForViewing(accountId: string, provider: CloudPhoneProvider, ids: string[], options: StartOptions): Promise<PhoneOutcome[]> {
    const startedAt = this.deps.clock.now();
    const before = new Map(ids.map((id) => [phoneKey(accountId, id), this.phones.get(phoneKey(accountId, id))?.status]));
    const outcomes = await provider.start(ids, options);
    const results = this.applyOutcomes(accountId, 'start', outcomes, before);
    this.flush();
    // Opening a viewer starts a billed phone: it is an action like any other, so it is recorded as one.
    const state: BulkJobState = { jobId: `open_${randomBytes(5).toString('hex')}`, action: 'start', source: 'window', total: ids.length, done: results.length, phase: 'done', state: 'done', startedAt, finishedAt: this.deps.clock.now() };
    for (const l of [...this.doneListeners]) l(state, results);
    return outcomes;
  }

  /** Runs one action for a set of keys and waits for it (the tray and sessions use this). */
  async runAndWait(action: BulkAction, keys: readonly string[], options: StartOptions, source: ActionSource = 'window'): Promise<BulkResult[]> {
    const jobId = this.runBulk(action, keys, options, source);
    return new Promise((resolve) => {
      const l = (job: BulkJobState, results: BulkResult[]) => {
        if (job.jobId !== jobId) return;
        this.doneListeners.splice(this.doneListeners.indexOf(l), 1);
        resolve(results);
      };
      this.doneListeners.push(l);
    });
  }

  /** A result row keeps the phone's name, account and last status, even after the phone was removed. */
  resultFor(key: string, ok: boolean, code: string, message: string): BulkResult {
    const p = this.phones.get(key) ?? this.removedRecently.get(key);
    const slash = key.indexOf('/');
    return { key, name: p?.name ?? key.slice(slash + 1), accountId: p?.accountId ?? key.slice(0, slash), lastStatus: p?.status ?? null, ok, code, message };
  }

  private report(job: Job, results: BulkResult[]): void {
    if (!results.length) return;
    job.results.push(...results);
    job.state = { ...job.state, done: job.results.length };
    this.flush();
    this.deps.emit('bulk:update', { job: { ...job.state }, newResults: results });
  }

  private async execute(job: Job, keys: string[], options: StartOptions): Promise<void> {
    const byAccount = new Map<string, string[]>();
    const early: BulkResult[] = [];
    for (const key of keys) {
      const p = this.phones.get(key);
      if (!p) {
        early.push(this.resultFor(key, false, 'NOT_FOUND', t('result.notListed')));
        continue;
      }
      const provider = this.deps.accounts.provider(p.accountId);
      if (!provider) early.push(this.resultFor(key, false, 'ACCOUNT_UNAVAILABLE', t('result.accountDown')));
      else if (!provider.capabilities[CAPABILITY_FOR[job.state.action]]) {
        early.push(this.resultFor(key, false, 'UNSUPPORTED', t('result.unsupported', { action: t(`action.${job.state.action === 'stopThenDelete' ? 'delete' : job.state.action}`) })));
      } else pushTo(byAccount, p.accountId, p.id);
    }
    this.report(job, early);
    await Promise.all(
      [...byAccount].map(([accountId, ids]) => this.executeForAccount(job, accountId, this.deps.accounts.provider(accountId)!, ids, options)),
    );
  }

  private async executeForAccount(job: Job, accountId: string, provider: CloudPhoneProvider, ids: string[], options: StartOptions): Promise<void> {
    const action = job.state.action;
    const keysOf = (xs: string[]) => xs.map((id) => phoneKey(accountId, id));
    const before = new Map(keysOf(ids).map((k) => [k, this.phones.get(k)?.status]));
    const hooks = (final: boolean) => ({
      onOutcomes: (outcomes: PhoneOutcome[]) => {
        const results = this.applyOutcomes(accountId, action === 'stopThenDelete' && !final ? 'stop' : action, outcomes, before);
        if (final) this.report(job, results);
        else this.report(job, results.filter((r) => !r.ok));
      },
    });
    switch (action) {
      case 'start':
        await provider.start(ids, options, hooks(true));
        return;
      case 'restart':
        await provider.restart(ids, hooks(true));
        return;
      case 'reset':
        await provider.reset(ids, hooks(true));
        return;
      case 'stop':
        await this.deps.sessions?.closeFor(keysOf(ids));
        await provider.stop(ids, hooks(true));
        return;
      case 'delete':
        await this.deps.sessions?.closeFor(keysOf(ids));
        await provider.delete(ids, hooks(true));
        return;
      case 'stopThenDelete': {
        await this.deps.sessions?.closeFor(keysOf(ids));
        const needStop = ids.filter((id) => this.phones.get(phoneKey(accountId, id))?.status !== 'stopped');
        job.state = { ...job.state, phase: 'stopping' };
        const stopped = needStop.length ? await provider.stop(needStop, hooks(false)) : [];
        const stopFailed = new Set(stopped.filter((o) => !o.ok).map((o) => o.id));
        job.state = { ...job.state, phase: 'waiting' };
        const ready = await this.waitUntilStopped(job, accountId, provider, ids.filter((id) => !stopFailed.has(id)));
        job.state = { ...job.state, phase: 'deleting' };
        if (ready.length) await provider.delete(ready, hooks(true));
        return;
      }
    }
  }

  /** Polls status until phones read stopped; those that never do are reported, not deleted. */
  private async waitUntilStopped(job: Job, accountId: string, provider: CloudPhoneProvider, ids: string[]): Promise<string[]> {
    const deadline = this.deps.clock.now() + (this.deps.stopWaitMs ?? 180_000);
    let waiting = ids;
    const ready: string[] = [];
    while (waiting.length) {
      const readings = await provider.status(waiting).catch(() => [] as StatusReading[]);
      this.applyReadings(accountId, readings);
      const byId = new Map(readings.map((r) => [r.id, r]));
      const gone = waiting.filter((id) => byId.get(id)?.found === false);
      this.report(job, gone.map((id) => this.resultFor(phoneKey(accountId, id), true, 'OK', t('result.alreadyDeleted'))));
      ready.push(...waiting.filter((id) => { const r = byId.get(id); return r?.found && (r.status === 'stopped' || r.status === 'expired'); }));
      waiting = waiting.filter((id) => { const r = byId.get(id); return !r || (r.found && r.status !== 'stopped' && r.status !== 'expired'); });
      if (!waiting.length) break;
      if (this.deps.clock.now() >= deadline) {
        this.report(job, waiting.map((id) => this.resultFor(phoneKey(accountId, id), false, 'STILL_RUNNING', t('result.stillRunning'))));
        break;
      }
      await this.deps.clock.sleep(this.deps.pollEveryMs ?? 3_000);
    }
    return ready;
  }

  /** Turns provider outcomes into results and the statuses the provider has confirmed. */
  private applyOutcomes(accountId: string, action: BulkAction, outcomes: PhoneOutcome[], before?: ReadonlyMap<string, Phone['status'] | undefined>): BulkResult[] {
    return outcomes.map((o) => {
      const key = phoneKey(accountId, o.id);
      if (!o.ok) {
        if (GONE_CODES.has(o.code)) this.remove(key);
        else if (o.maybeApplied) this.needsCheck.add(key);
        return this.resultFor(key, false, o.code, o.message);
      }
      const status = this.phones.get(key)?.status;
      // Opening a phone that was already running re-issues its URL; it was not started here. Judged by the
      // status from before the request: a poll may already have seen this very start take effect.
      const was = before?.has(key) ? before.get(key) : status;
      if ((action === 'start' || action === 'restart') && was !== 'running' && was !== 'starting') this.startedHere.add(key);
      if (action === 'stop' || action === 'delete' || action === 'stopThenDelete') this.startedHere.delete(key);
      if (action === 'delete' || action === 'stopThenDelete') this.remove(key);
      else if (action === 'stop' && status !== 'stopped') this.expect(key, 'stopping', 'stopped', t('result.stop'));
      else if (action === 'start' && status !== 'running') this.expect(key, 'starting', 'running', t('result.startRequested'));
      else if (action === 'restart' || action === 'reset') this.expect(key, 'starting', 'running', t(action === 'reset' ? 'result.reset' : 'result.restart'));
      this.needsCheck.add(key);
      return this.resultFor(key, true, 'OK', t(`result.${action}`));
    });
  }
}

function samePhone(a: Phone, b: Phone): boolean {
  return (
    a.status === b.status && a.statusDetail === b.statusDetail && a.name === b.name && a.group === b.group && a.remark === b.remark &&
    a.serialNo === b.serialNo && a.billing === b.billing && a.runningSince === b.runningSince && a.runningSinceExact === b.runningSinceExact && a.tags.join('\u0000') === b.tags.join('\u0000')
  );
}
