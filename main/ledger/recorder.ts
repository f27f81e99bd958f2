import { t } from '../../common/i18n/i18n';
import type { BulkJobState, BulkResult } from '../../common/contract';
import type { Phone, PhoneStatus } from '../../common/phone';
import type { Clock } from '../kernel/clock';
import { describeError } from '../kernel/errors';
import { reachedTarget } from '../../common/targets';
import type { Logger } from '../kernel/redact';
import type { Ledger } from './ledger';
import type { LedgerFact, RunStart } from './schema';

/** What the recorder needs from the fleet (the real Fleet, or a test double). */
export interface RecordedFleet {
  onJobDone(l: (job: BulkJobState, results: BulkResult[]) => void): void;
  onPatch(l: (upserts: readonly Phone[], removed: readonly string[]) => void): void;
  all(): Phone[];
}

/** Open runs get their "last seen running" time written this often (a crash then costs at most this much). */
const SEEN_EVERY_MS = 5 * 60_000;

/**
 * Feeds the ledger from the fleet: every finished action with its per-phone results, the moment the
 * provider confirms each phone reached the action's target, and running periods from confirmed status
 * transitions (including phones started outside the app). A ledger that cannot write keeps its facts and
 * tries again; the failure is reported, never thrown into the fleet.
 */
export class ActivityRecorder {
  private readonly awaiting = new Map<string, { jobId: string; action: string }>();
  private readonly open = new Map<string, RunStart>();
  /** Runs a previous session left open, with when they were last seen running. */
  private readonly inherited = new Map<string, number>();
  private unsaved: LedgerFact[] = [];
  private lastSeenWrite = 0;
  private failing = false;

  constructor(
    private readonly deps: {
      ledger: Ledger;
      fleet: RecordedFleet;
      clock: Clock;
      log: Logger;
      onWriteProblem?: (message: string | null) => void;
      /** Masks every secret the app holds: a provider error that echoes a key must not reach the disk. */
      redact?: <T>(value: T) => T;
    },
  ) {
    for (const r of deps.ledger.openRuns()) {
      this.open.set(r.key, r);
      this.inherited.set(r.key, r.lastSeenAt);
    }
    this.lastSeenWrite = deps.clock.now();
    deps.fleet.onJobDone((job, results) => this.jobDone(job, results));
    deps.fleet.onPatch((upserts, removed) => this.patched(upserts, removed));
  }

  /**
   * After the first full list of a session: runs left open by a previous session whose phone is not running
   * now ended at some point while the app was closed; they end at their last sighting (an estimate).
   */
  settleAfterFirstList(): void {
    const running = new Set(
      this.deps.fleet
        .all()
        .filter((p) => p.status === 'running' || p.status === 'stopping')
        .map((p) => p.key),
    );
    const ends = [...this.inherited]
      .filter(([key]) => !running.has(key))
      .map(([key, lastSeenAt]) => ({ key, at: lastSeenAt, exact: false }));
    for (const e of ends) this.open.delete(e.key);
    this.inherited.clear();
    this.write([{ op: 'runs', starts: [], ends }]);
  }

  private jobDone(job: BulkJobState, results: BulkResult[]): void {
    const at = job.finishedAt ?? this.deps.clock.now();
    this.write([
      {
        op: 'job',
        id: job.jobId,
        at: job.startedAt,
        source: job.source,
        action: job.opened ? 'open' : job.action,
        total: job.total,
        finishedAt: at,
        ...(job.subject ? { subject: job.subject } : {}),
        phones: results.map((r) => ({
          key: r.key,
          accountId: r.accountId,
          name: r.name,
          ok: r.ok,
          code: r.code,
          message: r.message,
        })),
      },
    ]);
    const confirmed: string[] = [];
    const byKey = new Map(this.deps.fleet.all().map((p) => [p.key, p]));
    for (const r of results) {
      if (!r.ok) continue;
      if (reachedTarget(job.action, byKey.get(r.key))) confirmed.push(r.key);
      else this.awaiting.set(r.key, { jobId: job.jobId, action: job.action });
    }
    if (confirmed.length) this.write([{ op: 'confirmed', jobId: job.jobId, keys: confirmed, at }]);
  }

  private patched(upserts: readonly Phone[], removed: readonly string[]): void {
    const now = this.deps.clock.now();
    const facts: LedgerFact[] = [];
    const starts: RunStart[] = [];
    const ends: { key: string; at: number; exact: boolean }[] = [];
    const confirmedByJob = new Map<string, string[]>();
    const confirm = (key: string, p: Phone | undefined) => {
      const a = this.awaiting.get(key);
      if (!a || !reachedTarget(a.action, p)) return;
      this.awaiting.delete(key);
      confirmedByJob.set(a.jobId, [...(confirmedByJob.get(a.jobId) ?? []), key]);
    };
    for (const p of upserts) {
      confirm(p.key, p);
      const isRunning = p.status === 'running';
      if (isRunning && !this.open.has(p.key)) {
        const run: RunStart = {
          key: p.key,
          accountId: p.accountId,
          name: p.name,
          group: p.group,
          tags: p.tags,
          at: p.runningSince ?? now,
          exact: p.runningSinceExact,
        };
        this.open.set(p.key, run);
        starts.push(run);
      } else if (!isRunning && this.open.has(p.key) && !STILL_RUNNING.has(p.status)) {
        this.open.delete(p.key);
        // A run the last session left open and this one first sees stopped ended while the app was away.
        const lastSeen = this.inherited.get(p.key);
        ends.push(
          lastSeen === undefined ? { key: p.key, at: now, exact: true } : { key: p.key, at: lastSeen, exact: false },
        );
      }
      this.inherited.delete(p.key);
    }
    for (const key of removed) {
      confirm(key, undefined);
      const lastSeen = this.inherited.get(key);
      this.inherited.delete(key);
      if (this.open.delete(key))
        ends.push(lastSeen === undefined ? { key, at: now, exact: true } : { key, at: lastSeen, exact: false });
    }
    if (starts.length || ends.length) facts.push({ op: 'runs', starts, ends });
    for (const [jobId, keys] of confirmedByJob) facts.push({ op: 'confirmed', jobId, keys, at: now });
    if (now - this.lastSeenWrite >= SEEN_EVERY_MS && this.open.size) {
      this.lastSeenWrite = now;
      facts.push({ op: 'seen', keys: [...this.open.keys()], at: now });
    }
    this.write(facts);
  }

  private write(facts: LedgerFact[]): void {
    const batch = [...this.unsaved, ...facts.filter((f) => f.op !== 'runs' || f.starts.length || f.ends.length)];
    if (!batch.length) return;
    try {
      this.deps.ledger.commit(this.deps.redact ? batch.map((f) => this.deps.redact!(f)) : batch);
      this.unsaved = [];
      if (this.failing) this.deps.onWriteProblem?.(null);
      this.failing = false;
    } catch (e) {
      // Kept and tried again with the next write; bounded so a dead disk cannot eat the memory.
      this.unsaved = batch.slice(-10_000);
      this.deps.log.warn('activity could not be recorded', e);
      if (!this.failing)
        this.deps.onWriteProblem?.(t('notice.activityNotRecorded', { error: describeError(e).message }));
      this.failing = true;
    }
  }
}

/** A stopping phone is still billed; its run ends when it reads stopped. */
const STILL_RUNNING: ReadonlySet<PhoneStatus> = new Set(['stopping']);
