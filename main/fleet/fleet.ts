import type { ActionSource } from '../../common/activity';
import type { BulkJobState, BulkResult, PhonesSnapshot, RefreshState } from '../../common/contract';
import type { BulkAction, Phone, PhoneFacts } from '../../common/phone';
import type { StartOptions } from '../../common/start-options';
import type { Disposable } from '../kernel/emitter';
import type { CloudPhoneProvider, PhoneOutcome, StatusReading } from '../providers/types';
import { BulkJobs, type BulkJobDeps, type Job } from './bulk-jobs';
import { PhoneStore } from './phone-store';
import { FleetRefresher, type RefreshDeps } from './refresh';

export type { EventSink } from './phone-store';
export type { AccountDirectory } from './refresh';
export type { SessionCloser } from './bulk-jobs';

/**
 * The fleet as the rest of main sees it: one face over the phone store (the only writer of phones), the
 * refresher (full lists and account health) and the bulk jobs. Each part is unit-tested on its own.
 */
export class Fleet {
  private readonly store: PhoneStore;
  private readonly refresher: FleetRefresher;
  private readonly jobs: BulkJobs;

  constructor(deps: BulkJobDeps & RefreshDeps) {
    this.store = new PhoneStore(deps);
    this.refresher = new FleetRefresher(this.store, deps);
    this.jobs = new BulkJobs(this.store, deps);
  }

  snapshot(): Omit<PhonesSnapshot, 'openWindows' | 'total'> {
    return { phones: this.store.all(), refresh: this.refresher.current() };
  }
  get(key: string): Phone | undefined {
    return this.store.get(key);
  }
  all(): Phone[] {
    return this.store.all();
  }
  factsOf(key: string): PhoneFacts {
    return this.store.factsOf(key);
  }
  /** Phones whose true state is uncertain: the poller reads them first. */
  get needsCheck(): ReadonlySet<string> {
    return this.store.needsCheck;
  }
  markForCheck(keys: Iterable<string>): void {
    this.store.markForCheck(keys);
  }
  accountsListing(provider: Phone['provider'], phoneIds: ReadonlySet<string>): Set<string> {
    return this.store.accountsListing(provider, phoneIds);
  }
  startedHereKeys(): string[] {
    return this.store.startedHereKeys();
  }

  onJobDone(l: (job: BulkJobState, results: BulkResult[]) => void): Disposable {
    return this.jobs.onJobDone(l);
  }
  onChange(l: () => void): Disposable {
    return this.store.onChange(l);
  }
  onPatch(l: (upserts: readonly Phone[], removed: readonly string[]) => void): Disposable {
    return this.store.onPatch(l);
  }
  onRemoved(l: (keys: string[]) => void): Disposable {
    return this.store.onRemoved(l);
  }

  refresh(signal?: AbortSignal): Promise<RefreshState> {
    return this.refresher.refresh(signal);
  }
  noteStatusHealth(accountId: string, error: string | null): void {
    this.refresher.noteStatusHealth(accountId, error);
  }
  applyReadings(accountId: string, readings: StatusReading[]): void {
    this.store.applyReadings(accountId, readings);
  }

  jobHistory(): { job: BulkJobState; succeeded: number; failed: number }[] {
    return this.jobs.history();
  }
  getJob(jobId: string): Job | null {
    return this.jobs.get(jobId);
  }
  runBulk(action: BulkAction, keys: readonly string[], options: StartOptions, source: ActionSource = 'window'): string {
    return this.jobs.run(action, keys, options, source);
  }
  /** Files and apps onto phones as jobs like the bulk ones (history, progress, the same "done"). */
  track(...args: Parameters<BulkJobs['track']>): string {
    return this.jobs.track(...args);
  }
  runAndWait(
    action: BulkAction,
    keys: readonly string[],
    options: StartOptions,
    source: ActionSource = 'window',
  ): Promise<BulkResult[]> {
    return this.jobs.runAndWait(action, keys, options, source);
  }
  waitForJob(jobId: string): Promise<BulkResult[]> {
    return this.jobs.waitFor(jobId);
  }
  startForViewing(
    accountId: string,
    provider: CloudPhoneProvider,
    ids: string[],
    options: StartOptions,
    source: ActionSource = 'window',
  ): Promise<PhoneOutcome[]> {
    return this.jobs.startForViewing(accountId, provider, ids, options, source);
  }
  resultFor(key: string, ok: boolean, code: string, message: string): BulkResult {
    return this.store.resultFor(key, ok, code, message);
  }
}
