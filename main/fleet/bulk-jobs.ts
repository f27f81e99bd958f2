import { randomBytes } from 'node:crypto';
import type { ActionSource } from '../../common/activity';
import type { BulkJobState, BulkResult } from '../../common/contract';
import { t } from '../../common/i18n/i18n';
import {
  CAPABILITY_FOR,
  isFileAction,
  phoneKey,
  type BulkAction,
  type JobAction,
  type Phone,
} from '../../common/phone';
import type { StartOptions } from '../../common/start-options';
import type { Clock } from '../kernel/clock';
import { pushTo } from '../kernel/collections';
import { Emitter } from '../kernel/emitter';
import { measuringWaits, WaitMeter } from '../kernel/wait-meter';
import { describeError } from '../kernel/errors';
import type { Logger } from '../kernel/redact';
import type { CloudPhoneProvider, PhoneOutcome, StatusReading } from '../providers/types';
import type { EventSink, PhoneStore } from './phone-store';
import type { AccountDirectory } from './refresh';

/** Viewer windows block stop (43006) and delete (43021), so they are closed first. */
export interface SessionCloser {
  closeFor(keys: readonly string[]): Promise<void>;
}

export interface Job {
  state: BulkJobState;
  results: BulkResult[];
}

export interface BulkJobDeps {
  accounts: AccountDirectory;
  clock: Clock;
  emit: EventSink;
  log: Logger;
  sessions?: SessionCloser;
  /** How long "stop, wait, then delete" waits for phones to read stopped. */
  stopWaitMs?: number;
  pollEveryMs?: number;
}

const MAX_JOBS_KEPT = 20;
/** Provider answers that prove a phone no longer exists. */
const GONE_CODES = new Set(['42001', 'CPS.0005']);

/**
 * Bulk actions: split per account, one result per phone, progress pushed as bulk:update events, and the
 * statuses the provider confirmed handed to the store.
 */
export class BulkJobs {
  private readonly jobs = new Map<string, Job>();
  private readonly done = new Emitter<[job: BulkJobState, results: BulkResult[]]>();
  readonly onJobDone = this.done.event;

  constructor(
    private readonly store: PhoneStore,
    private readonly deps: BulkJobDeps,
  ) {}

  /** The jobs kept for history, newest first. */
  history(): { job: BulkJobState; succeeded: number; failed: number }[] {
    return [...this.jobs.values()].reverse().map((j) => {
      const failed = j.results.filter((r) => !r.ok).length;
      return { job: { ...j.state }, succeeded: j.results.length - failed, failed };
    });
  }

  get(jobId: string): Job | null {
    return this.jobs.get(jobId) ?? null;
  }

  /** Starts a bulk action in the background and returns its id; progress arrives as bulk:update events. */
  run(action: BulkAction, keys: readonly string[], options: StartOptions, source: ActionSource = 'window'): string {
    return this.track(action, keys, source, (job, unique) => this.execute(job, action, unique, options));
  }

  /**
   * Any job (a bulk action, or files and apps onto phones) kept the same way: in the history, progress as
   * bulk:update events, every phone with a row at the end (one never reported is UNCONFIRMED and re-read),
   * and the same "done" for the record, the notifications and the policies.
   */
  track(
    action: JobAction,
    keys: readonly string[],
    source: ActionSource,
    work: (job: Job, unique: string[], report: (results: BulkResult[]) => void) => Promise<void>,
    subject?: string,
  ): string {
    const jobId = `job_${randomBytes(5).toString('hex')}`;
    const unique = [...new Set(keys)];
    const job: Job = {
      state: {
        jobId,
        action,
        source,
        total: unique.length,
        done: 0,
        phase: 'sending',
        state: 'running',
        startedAt: this.deps.clock.now(),
        finishedAt: null,
        ...(subject ? { subject } : {}),
      },
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
    const meter = new WaitMeter();
    void measuringWaits(meter, () => work(job, unique, (results) => this.report(job, results)))
      .catch((e) => {
        // A file or app job refused as a whole (its file gone) is an answer, not a crash of the app.
        if (isFileAction(action)) this.deps.log.warn('a file or app job could not start', e);
        else this.deps.log.error('bulk action crashed', e);
        const { code, message } = describeError(e);
        // Files and apps refuse as a whole (an app not approved, a file gone): each phone says why.
        this.report(
          job,
          unsettled().map((key) => this.store.resultFor(key, false, isFileAction(action) ? code : 'INTERNAL', message)),
        );
      })
      .finally(() => {
        // Every phone gets a row: one the provider never reported on is marked for re-reading, not assumed done.
        const missing = unsettled();
        this.store.markForCheck(missing);
        this.report(
          job,
          missing.map((key) => this.store.resultFor(key, false, 'UNCONFIRMED', t('result.noAnswer'))),
        );
        job.state = {
          ...job.state,
          state: 'done',
          phase: 'done',
          finishedAt: this.deps.clock.now(),
          limiterWaitMs: Math.round(meter.waitedMs()),
        };
        this.deps.emit('bulk:update', { job: { ...job.state }, newResults: [] });
        this.done.fire(job.state, job.results);
      });
    return jobId;
  }

  /** Runs one action for a set of keys and waits for it (the tray and sessions use this). */
  runAndWait(
    action: BulkAction,
    keys: readonly string[],
    options: StartOptions,
    source: ActionSource = 'window',
  ): Promise<BulkResult[]> {
    return this.waitFor(this.run(action, keys, options, source));
  }

  /** Every phone's result once the job is done (at once for a job already done). */
  waitFor(jobId: string): Promise<BulkResult[]> {
    const job = this.jobs.get(jobId);
    if (job?.state.state === 'done') return Promise.resolve(job.results);
    return new Promise((resolve) => {
      const subscription = this.onJobDone((done, results) => {
        if (done.jobId !== jobId) return;
        subscription.dispose();
        resolve(results);
      });
    });
  }

  /** Starts phones outside a bulk job (opening viewers) and records what the provider confirmed. */
  async startForViewing(
    accountId: string,
    provider: CloudPhoneProvider,
    ids: string[],
    options: StartOptions,
    source: ActionSource = 'window',
  ): Promise<PhoneOutcome[]> {
    const startedAt = this.deps.clock.now();
    const before = new Map(ids.map((id) => [phoneKey(accountId, id), this.store.get(phoneKey(accountId, id))?.status]));
    const outcomes = await provider.start(ids, options);
    const results = this.applyOutcomes(accountId, 'start', outcomes, before);
    this.store.flush();
    // Opening a viewer starts a billed phone: it is an action like any other, so it is recorded as one.
    const state: BulkJobState = {
      jobId: `open_${randomBytes(5).toString('hex')}`,
      action: 'start',
      opened: true,
      source,
      total: ids.length,
      done: results.length,
      phase: 'done',
      state: 'done',
      startedAt,
      finishedAt: this.deps.clock.now(),
    };
    this.done.fire(state, results);
    return outcomes;
  }

  private report(job: Job, results: BulkResult[]): void {
    if (!results.length) return;
    job.results.push(...results);
    job.state = { ...job.state, done: job.results.length };
    this.store.flush();
    this.deps.emit('bulk:update', { job: { ...job.state }, newResults: results });
  }

  private async execute(job: Job, action: BulkAction, keys: string[], options: StartOptions): Promise<void> {
    const byAccount = new Map<string, string[]>();
    const early: BulkResult[] = [];
    for (const key of keys) {
      const p = this.store.get(key);
      const provider = p ? this.deps.accounts.provider(p.accountId) : null;
      if (!p) early.push(this.store.resultFor(key, false, 'NOT_FOUND', t('result.notListed')));
      else if (!provider) early.push(this.store.resultFor(key, false, 'ACCOUNT_UNAVAILABLE', t('result.accountDown')));
      else if (!provider.capabilities[CAPABILITY_FOR[action]]) {
        const named = t(`action.${action === 'stopThenDelete' ? 'delete' : action}`);
        early.push(this.store.resultFor(key, false, 'UNSUPPORTED', t('result.unsupported', { action: named })));
      } else pushTo(byAccount, p.accountId, p.id);
    }
    this.report(job, early);
    await Promise.all(
      [...byAccount].map(([accountId, ids]) =>
        this.executeForAccount(job, action, accountId, this.deps.accounts.provider(accountId)!, ids, options),
      ),
    );
  }

  private async executeForAccount(
    job: Job,
    action: BulkAction,
    accountId: string,
    provider: CloudPhoneProvider,
    ids: string[],
    options: StartOptions,
  ): Promise<void> {
    const keys = ids.map((id) => phoneKey(accountId, id));
    const before = new Map(keys.map((k) => [k, this.store.get(k)?.status]));
    const hooks = (final: boolean) => ({
      onOutcomes: (outcomes: PhoneOutcome[]) => {
        const results = this.applyOutcomes(
          accountId,
          action === 'stopThenDelete' && !final ? 'stop' : action,
          outcomes,
          before,
        );
        this.report(job, final ? results : results.filter((r) => !r.ok));
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
        await this.deps.sessions?.closeFor(keys);
        await provider.stop(ids, hooks(true));
        return;
      case 'delete':
        await this.deps.sessions?.closeFor(keys);
        await provider.delete(ids, hooks(true));
        return;
      case 'stopThenDelete':
        await this.deps.sessions?.closeFor(keys);
        return this.stopThenDelete(job, accountId, provider, ids, hooks);
    }
  }

  private async stopThenDelete(
    job: Job,
    accountId: string,
    provider: CloudPhoneProvider,
    ids: string[],
    hooks: (final: boolean) => { onOutcomes: (o: PhoneOutcome[]) => void },
  ): Promise<void> {
    const needStop = ids.filter((id) => this.store.get(phoneKey(accountId, id))?.status !== 'stopped');
    job.state = { ...job.state, phase: 'stopping' };
    const stopped = needStop.length ? await provider.stop(needStop, hooks(false)) : [];
    const stopFailed = new Set(stopped.filter((o) => !o.ok).map((o) => o.id));
    job.state = { ...job.state, phase: 'waiting' };
    const ready = await this.waitUntilStopped(
      job,
      accountId,
      provider,
      ids.filter((id) => !stopFailed.has(id)),
    );
    job.state = { ...job.state, phase: 'deleting' };
    if (ready.length) await provider.delete(ready, hooks(true));
  }

  /** Polls status until phones read stopped; those that never do are reported, not deleted. */
  private async waitUntilStopped(
    job: Job,
    accountId: string,
    provider: CloudPhoneProvider,
    ids: string[],
  ): Promise<string[]> {
    const deadline = this.deps.clock.now() + (this.deps.stopWaitMs ?? 180_000);
    const isStopped = (r: StatusReading | undefined) =>
      !!r?.found && (r.status === 'stopped' || r.status === 'expired');
    let waiting = ids;
    const ready: string[] = [];
    while (waiting.length) {
      const readings = await provider.status(waiting).catch(() => [] as StatusReading[]);
      this.store.applyReadings(accountId, readings);
      const byId = new Map(readings.map((r) => [r.id, r]));
      const gone = waiting.filter((id) => byId.get(id)?.found === false);
      this.report(
        job,
        gone.map((id) => this.store.resultFor(phoneKey(accountId, id), true, 'OK', t('result.alreadyDeleted'))),
      );
      ready.push(...waiting.filter((id) => isStopped(byId.get(id))));
      waiting = waiting.filter((id) => {
        const r = byId.get(id);
        return !r || (r.found && !isStopped(r));
      });
      if (!waiting.length) break;
      if (this.deps.clock.now() >= deadline) {
        this.report(
          job,
          waiting.map((id) =>
            this.store.resultFor(phoneKey(accountId, id), false, 'STILL_RUNNING', t('result.stillRunning')),
          ),
        );
        break;
      }
      await this.deps.clock.sleep(this.deps.pollEveryMs ?? 3_000);
    }
    return ready;
  }

  /** Turns provider outcomes into results and the statuses the provider has confirmed. */
  private applyOutcomes(
    accountId: string,
    action: BulkAction,
    outcomes: PhoneOutcome[],
    before?: ReadonlyMap<string, Phone['status'] | undefined>,
  ): BulkResult[] {
    return outcomes.map((o) => {
      const key = phoneKey(accountId, o.id);
      if (!o.ok) {
        if (GONE_CODES.has(o.code)) this.store.remove(key);
        else if (o.maybeApplied) this.store.markForCheck([key]);
        return this.store.resultFor(key, false, o.code, o.message);
      }
      const status = this.store.get(key)?.status;
      if (o.billing) this.store.noteBilling(key, o.billing);
      // Opening a phone that was already running re-issues its URL; it was not started here. Judged by the
      // status from before the request: a poll may already have seen this very start take effect.
      const was = before?.has(key) ? before.get(key) : status;
      if ((action === 'start' || action === 'restart') && was !== 'running' && was !== 'starting')
        this.store.noteStartedHere(key);
      if (action === 'stop' || action === 'delete' || action === 'stopThenDelete')
        this.store.noteNoLongerStartedHere(key);
      if (action === 'delete' || action === 'stopThenDelete') this.store.remove(key);
      else if (action === 'stop' && status !== 'stopped')
        this.store.expect(key, 'stopping', 'stopped', t('result.stop'));
      else if (action === 'start' && status !== 'running')
        this.store.expect(key, 'starting', 'running', t('result.startRequested'));
      else if (action === 'restart' || action === 'reset')
        this.store.expect(key, 'starting', 'running', t(action === 'reset' ? 'result.reset' : 'result.restart'));
      this.store.markForCheck([key]);
      return this.store.resultFor(key, true, 'OK', t(`result.${action}`));
    });
  }
}
