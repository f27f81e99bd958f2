import type { PhoneStatus, ProviderCapabilities } from '../../../common/phone';
import { chunk } from '../../core/chunk';
import type { Clock } from '../../core/clock';
import { describeError, isProviderError } from '../../core/errors';
import type { FetchLike } from '../../core/http';
import { RateLimiter } from '../../core/rate-limiter';
import { listAllPages, unsupported, type BatchHooks, type CloudPhoneProvider, type PhoneOutcome, type PhonePage, type ProviderPhone, type StatusReading } from '../types';
import { defaultEndpoints, HuaweiClient, type HuaweiAuth, type HuaweiEndpoints } from './client';
import { huaweiMessage } from './codes';

/** Huawei documents no maximum for batch-stop/restart/reset; stay conservative. */
const BATCH = 50;
const PAGE = 200;

/** The 12 documented phone states (plus legacy 0 = creating). Failure states stay visible as faults. */
const STATUS: Record<number, [PhoneStatus, string]> = {
  0: ['starting', 'Creating'],
  1: ['starting', 'Creating'],
  2: ['running', 'Running'],
  3: ['starting', 'Resetting'],
  4: ['starting', 'Restarting'],
  6: ['fault', 'Frozen'],
  7: ['stopping', 'Stopping'],
  8: ['stopped', 'Stopped'],
  [-5]: ['fault', 'Reset failed'],
  [-6]: ['fault', 'Restart failed'],
  [-7]: ['fault', 'Abnormal'],
  [-8]: ['fault', 'Creation failed'],
  [-9]: ['fault', 'Stop failed'],
};
export function huaweiStatus(code: unknown): [PhoneStatus, string] {
  return STATUS[code as number] ?? ['unknown', `Unknown status ${String(code)}`];
}

interface HwPhone {
  phone_id: string;
  phone_name?: string;
  server_id?: string;
  phone_model_name?: string;
  status?: number;
  availability_zone?: string;
  image_version?: string;
}
interface HwJob {
  phone_id?: string;
  job_id?: string;
  error_code?: string;
  error_msg?: string;
  status?: number;
}

export interface HuaweiProviderOptions {
  auth: HuaweiAuth;
  region: string;
  projectId?: string;
  endpoints?: Partial<HuaweiEndpoints>;
  fetch: FetchLike;
  clock: Clock;
  perMinute?: number;
  timeoutMs?: number;
  /** Job polling: every `jobPollMs`, giving up after `jobTimeoutMs`. */
  jobPollMs?: number;
  jobTimeoutMs?: number;
}

export class HuaweiProvider implements CloudPhoneProvider {
  readonly kind = 'huawei' as const;
  /** No delete and no viewer URL in the CPH API; restart doubles as power-on. */
  readonly capabilities: ProviderCapabilities = {
    start: true, stop: true, delete: false, restart: true, reset: true, viewer: false, startOptions: false,
  };
  readonly batchSize = BATCH;
  readonly limiter: RateLimiter;
  private readonly client: HuaweiClient;
  /** Fleet size from the last list, to choose the cheaper way of reading a few phones' status. */
  private knownCount = 0;

  constructor(private readonly opts: HuaweiProviderOptions) {
    // Huawei's gateway throttles per user as well as per API: cap both.
    this.limiter = new RateLimiter(opts.clock, { perMinute: opts.perMinute ?? 100, globalPerMinute: 200, maxConcurrent: 4 });
    this.client = new HuaweiClient({
      auth: opts.auth,
      endpoints: { ...defaultEndpoints(opts.region), ...opts.endpoints },
      projectId: opts.projectId,
      fetch: opts.fetch,
      clock: opts.clock,
      limiter: this.limiter,
      timeoutMs: opts.timeoutMs,
    });
  }

  viewerOrigin(): string | null {
    return null;
  }

  async testConnection(): Promise<void> {
    await this.client.cph('GET', 'phones', { query: { offset: 0, limit: 1 }, safe: true, bucket: 'phones' });
  }

  async listPage(page: number): Promise<PhonePage> {
    const res = await this.client.cph<{ count?: number; phones?: HwPhone[] }>('GET', 'phones', {
      query: { offset: (page - 1) * PAGE, limit: PAGE }, safe: true, bucket: 'phones',
    });
    this.knownCount = res.count ?? this.knownCount;
    return { total: res.count ?? 0, phones: (res.phones ?? []).map(toPhone) };
  }

  listAll(): Promise<ProviderPhone[]> {
    return listAllPages((page) => this.listPage(page), PAGE);
  }


  /**
   * CPH has no batch status by id. Reading phones one by one costs one call each; listing costs one call
   * per 200 phones in the account. Whichever sends fewer requests wins.
   */
  async status(ids: readonly string[]): Promise<StatusReading[]> {
    if (ids.length <= Math.max(3, Math.ceil(this.knownCount / PAGE))) {
      return Promise.all(
        ids.map(async (id): Promise<StatusReading> => {
          try {
            const p = await this.client.cph<HwPhone>('GET', `phones/${encodeURIComponent(id)}`, { safe: true, bucket: 'phone-detail' });
            const [status, statusDetail] = huaweiStatus(p.status);
            return { id, found: true, status, statusDetail };
          } catch (e) {
            if (isProviderError(e) && (e.code === 'CPS.0005' || e.code === 'CPS.0004')) return { id, found: false };
            throw e;
          }
        }),
      );
    }
    const byId = new Map((await this.listAll()).map((p) => [p.id, p]));
    return ids.map((id) => {
      const p = byId.get(id);
      return p ? { id, found: true, status: p.status, statusDetail: p.statusDetail } : { id, found: false };
    });
  }

  start(ids: readonly string[], _options: unknown, hooks?: BatchHooks): Promise<PhoneOutcome[]> {
    // "Restart cloud phones in batches or start cloud phones": batch-restart powers a stopped phone on.
    return this.jobBatch('phones/batch-restart', ids, (part) => ({ phones: part.map((phone_id) => ({ phone_id })) }), false, hooks);
  }

  restart(ids: readonly string[], hooks?: BatchHooks): Promise<PhoneOutcome[]> {
    return this.jobBatch('phones/batch-restart', ids, (part) => ({ phones: part.map((phone_id) => ({ phone_id })) }), false, hooks);
  }

  reset(ids: readonly string[], hooks?: BatchHooks): Promise<PhoneOutcome[]> {
    return this.jobBatch('phones/batch-reset', ids, (part) => ({ phones: part.map((phone_id) => ({ phone_id })) }), false, hooks);
  }

  stop(ids: readonly string[], hooks?: BatchHooks): Promise<PhoneOutcome[]> {
    return this.jobBatch('phones/batch-stop', ids, (part) => ({ phone_ids: part }), true, hooks);
  }

  async delete(ids: readonly string[]): Promise<PhoneOutcome[]> {
    return unsupported(ids, 'Delete');
  }

  /**
   * Sends a batch, then follows each phone's job through the jobs API until it succeeds or fails.
   * A job error inside an HTTP 200 answer is that phone's failure, never the batch's.
   */
  private async jobBatch(path: string, ids: readonly string[], body: (part: string[]) => unknown, safe: boolean, hooks?: BatchHooks): Promise<PhoneOutcome[]> {
    const all: PhoneOutcome[] = [];
    for (const part of chunk([...ids], BATCH)) {
      let res: { request_id?: string; jobs?: HwJob[] };
      try {
        res = await this.client.cph('POST', path, { body: body(part), safe, bucket: path });
      } catch (e) {
        const { code, message } = describeError(e);
        const maybe = isProviderError(e) && e.maybeApplied;
        const outcomes = part.map((id): PhoneOutcome => ({
          id, ok: false, code: maybe ? 'OUTCOME_UNKNOWN' : code,
          message: maybe ? `${message}. Huawei may have acted; its status will be re-read, not retried.` : message, maybeApplied: maybe,
        }));
        hooks?.onOutcomes?.(outcomes);
        all.push(...outcomes);
        continue;
      }
      const jobs = new Map((res.jobs ?? []).map((j) => [String(j.phone_id), j]));
      const immediate: PhoneOutcome[] = [];
      const pending = new Map<string, string>();
      for (const id of part) {
        const j = jobs.get(id);
        if (!j) immediate.push({ id, ok: false, code: 'UNCONFIRMED', message: 'Huawei returned no job for this phone; its status will be re-read', maybeApplied: true });
        else if (j.error_code) immediate.push({ id, ok: false, code: j.error_code, message: huaweiMessage(j.error_code, j.error_msg ?? '') });
        else if (j.job_id) pending.set(j.job_id, id);
        else immediate.push({ id, ok: false, code: 'UNCONFIRMED', message: 'Huawei returned a job without an id', maybeApplied: true });
      }
      if (immediate.length) hooks?.onOutcomes?.(immediate);
      all.push(...immediate);
      all.push(...(await this.followJobs(res.request_id, pending, hooks)));
    }
    return all;
  }

  private async followJobs(requestId: string | undefined, pending: Map<string, string>, hooks?: BatchHooks): Promise<PhoneOutcome[]> {
    const done: PhoneOutcome[] = [];
    const deadline = this.opts.clock.now() + (this.opts.jobTimeoutMs ?? 10 * 60_000);
    while (pending.size) {
      await this.opts.clock.sleep(this.opts.jobPollMs ?? 2_000);
      let jobs: HwJob[] = [];
      try {
        jobs = requestId
          ? ((await this.client.cph<{ jobs?: HwJob[] }>('GET', 'jobs', { query: { request_id: requestId, limit: 100 }, safe: true, bucket: 'jobs' })).jobs ?? [])
          : await Promise.all([...pending.keys()].map((id) => this.client.cph<HwJob>('GET', `jobs/${id}`, { safe: true, bucket: 'jobs' })));
      } catch {
        // Reading jobs is safe; try again next round until the deadline.
      }
      const settled: PhoneOutcome[] = [];
      for (const j of jobs) {
        const phoneId = j.job_id ? pending.get(j.job_id) : undefined;
        if (!phoneId || j.status === 1) continue;
        pending.delete(j.job_id!);
        settled.push(
          j.status === 2
            ? { id: phoneId, ok: true }
            : { id: phoneId, ok: false, code: j.error_code ?? 'JOB_FAILED', message: huaweiMessage(j.error_code ?? 'JOB_FAILED', j.error_msg ?? 'job failed') },
        );
      }
      if (this.opts.clock.now() >= deadline) {
        for (const id of pending.values()) settled.push({ id, ok: false, code: 'JOB_TIMEOUT', message: 'Huawei has not finished this job yet; its status will be re-read', maybeApplied: true });
        pending.clear();
      }
      if (settled.length) hooks?.onOutcomes?.(settled);
      done.push(...settled);
    }
    return done;
  }
}

function toPhone(p: HwPhone): ProviderPhone {
  const [status, statusDetail] = huaweiStatus(p.status);
  return {
    id: String(p.phone_id),
    name: p.phone_name ?? p.phone_id,
    serialNo: '',
    group: p.server_id ? `Server ${p.server_id.slice(0, 8)}` : '',
    tags: [p.phone_model_name, p.availability_zone, p.image_version].filter((x): x is string => !!x),
    remark: '',
    status,
    statusDetail,
    billing: 'monthly',
  };
}
