import { t } from '../../../common/i18n/i18n';
import type { Clock } from '../../kernel/clock';
import { arrayOf, exactId, objectOf } from '../ids';
import { chunk } from '../plumbing/chunk';
import type { PhoneStatus } from '../../../common/phone';
import type { PhoneOutcome, StatusReading } from '../types';
import type { HuaweiClient } from './client';
import { huaweiMessage } from './codes';

/** Jobs are read by request id at most this many ids at a time, in pages of this size. */
const JOB_REQUESTS_PER_READ = 20;
const JOB_PAGE = 100;
/** How often phones whose action was already in progress are read. */
const STATUS_READ_EVERY_MS = 1_000;

export interface PendingJob {
  jobId: string;
  phoneId: string;
  requestId: string | null;
  /** How many jobs the request holds in all: listing it reads every one of them, finished or not. */
  requestSize: number;
  /** Epoch ms after which the job is reported as unfinished and the phone re-read. */
  deadline: number;
}

/**
 * Follows CPH's per-phone jobs (batch-stop, restart, reset) to their end, reading them in as few requests
 * as the documented job APIs allow, so each phone is reported as its own job ends.
 */
export class HuaweiJobReader {
  constructor(private readonly opts: { client: HuaweiClient; clock: Clock }) {}

  private get client(): HuaweiClient {
    return this.opts.client;
  }

  /**
   * One round of job reads for everything still pending, whichever way sends fewer requests: pages of
   * up to 100 jobs for up to 20 request ids at a time, or one read per job when only a few are left.
   * Finished jobs leave `pending`; jobs past their deadline are reported as not finished.
   */
  async pollJobs(pending: Map<string, PendingJob>): Promise<PhoneOutcome[]> {
    const requestSizes = new Map<string, number>();
    let withoutRequest = 0;
    for (const j of pending.values()) {
      if (j.requestId) requestSizes.set(j.requestId, j.requestSize);
      else withoutRequest++;
    }
    // Pages are read until a short one, so n jobs cost floor(n / 100) + 1 reads.
    const listReads = chunk([...requestSizes.values()], JOB_REQUESTS_PER_READ).reduce(
      (n, sizes) => n + Math.floor(sizes.reduce((a, b) => a + b, 0) / JOB_PAGE) + 1,
      0,
    );
    const useList = requestSizes.size > 0 && listReads + withoutRequest < pending.size;
    const seen: Record<string, unknown>[] = [];
    const reads: Promise<void>[] = [];
    if (useList) {
      for (const requestIds of chunk([...requestSizes.keys()], JOB_REQUESTS_PER_READ)) {
        reads.push(
          this.readJobPages(
            requestIds,
            requestIds.reduce((n, r) => n + requestSizes.get(r)!, 0),
            seen,
          ),
        );
      }
    }
    for (const j of pending.values()) {
      if (useList && j.requestId) continue;
      reads.push(
        this.client
          .cph<unknown>('GET', `jobs/${encodeURIComponent(j.jobId)}`, { safe: true, bucket: 'jobs' })
          .then((job) => void (objectOf(job) && seen.push(objectOf(job)!))),
      );
    }
    // Reading jobs is safe; a failed read is simply tried again next round, until each job's deadline.
    await Promise.all(reads.map((r) => r.catch(() => undefined)));
    const settled: PhoneOutcome[] = [];
    for (const job of seen) {
      const jobId = exactId(job.job_id);
      const mine = jobId ? pending.get(jobId) : undefined;
      if (!mine || job.status === 1) continue;
      pending.delete(mine.jobId);
      const code = typeof job.error_code === 'string' && job.error_code ? job.error_code : 'JOB_FAILED';
      settled.push(
        job.status === 2
          ? { id: mine.phoneId, ok: true }
          : job.status === -1
            ? {
                id: mine.phoneId,
                ok: false,
                code,
                message: huaweiMessage(code, String(job.error_msg ?? t('err.huawei.jobFailedPlain'))),
              }
            : {
                id: mine.phoneId,
                ok: false,
                code: 'UNCONFIRMED',
                message: t('err.huawei.jobStatus', { status: String(job.status) }),
                maybeApplied: true,
              },
      );
    }
    const now = this.opts.clock.now();
    for (const j of [...pending.values()]) {
      if (now < j.deadline) continue;
      pending.delete(j.jobId);
      settled.push({
        id: j.phoneId,
        ok: false,
        code: 'JOB_TIMEOUT',
        message: t('err.huawei.jobTimeout'),
        maybeApplied: true,
      });
    }
    return settled;
  }

  /** Reads every page of the given requests' jobs; the pages the known job count needs go out together. */
  private async readJobPages(
    requestIds: string[],
    expectedJobs: number,
    into: Record<string, unknown>[],
  ): Promise<void> {
    const page = async (offset: number) => {
      const answer = objectOf(
        await this.client.cph<unknown>('GET', 'jobs', {
          query: { request_ids: requestIds.join(','), offset, limit: JOB_PAGE },
          safe: true,
          bucket: 'jobs',
        }),
      );
      const jobs = arrayOf(answer?.jobs)
        .map(objectOf)
        .filter((j): j is Record<string, unknown> => j !== null);
      into.push(...jobs);
      return jobs.length;
    };
    const pages = Math.floor(expectedJobs / JOB_PAGE) + 1;
    const counts = await Promise.all(Array.from({ length: pages }, (_, i) => page(i * JOB_PAGE)));
    // More jobs than expected (never seen, but cheap to honour): keep reading until a short page.
    for (let offset = pages * JOB_PAGE, last = counts.at(-1)!; last === JOB_PAGE; offset += JOB_PAGE)
      last = await page(offset);
  }
}

/**
 * Phones whose action the provider said is already in progress (CPS.0023, the answer to a resend after
 * a lost answer). Their outcome is unknown until their status shows it: they are read each round until
 * they reach the target (done), turn out gone, or run past the deadline (unconfirmed, re-read later).
 */
export class InProgress {
  private readonly deadlines = new Map<string, number>();
  private lastRead = -Infinity;

  constructor(
    private readonly target: PhoneStatus,
    private readonly clock: Clock,
    private readonly timeoutMs: number,
  ) {}

  get size(): number {
    return this.deadlines.size;
  }

  /** Keeps the "already in progress" outcomes to follow; returns the rest. */
  takeFrom(outcomes: PhoneOutcome[]): PhoneOutcome[] {
    return outcomes.filter((o) => {
      if (o.ok || o.code !== 'CPS.0023') return true;
      this.deadlines.set(o.id, this.clock.now() + this.timeoutMs);
      return false;
    });
  }

  /**
   * One status read of every phone followed (at most once a second, whatever the job-polling pace: status
   * reads share the account's limiter); returns the outcomes it settled.
   */
  async check(status: (ids: string[]) => Promise<StatusReading[]>): Promise<PhoneOutcome[]> {
    if (this.clock.now() - this.lastRead < STATUS_READ_EVERY_MS) return [];
    this.lastRead = this.clock.now();
    const readings = await status([...this.deadlines.keys()]).catch(() => [] as StatusReading[]);
    const settled: PhoneOutcome[] = [];
    for (const r of readings) {
      if (!this.deadlines.has(r.id)) continue;
      if (!r.found) settled.push({ id: r.id, ok: false, code: 'CPS.0005', message: huaweiMessage('CPS.0005', '') });
      else if (r.status === this.target) settled.push({ id: r.id, ok: true });
      else continue;
      this.deadlines.delete(r.id);
    }
    const now = this.clock.now();
    for (const [id, deadline] of [...this.deadlines]) {
      if (now < deadline) continue;
      this.deadlines.delete(id);
      const message = t('err.huawei.inProgressUnconfirmed');
      settled.push({ id, ok: false, code: 'UNCONFIRMED', message, maybeApplied: true });
    }
    return settled;
  }
}
