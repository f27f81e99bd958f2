import { commandRefusal } from './commands';
import type { PhoneFacts, PhoneStatus, ProviderCapabilities } from '../../../common/phone';
import { t, type MessageKey } from '../../../common/i18n/i18n';
import { chunk } from '../plumbing/chunk';
import type { Clock } from '../../kernel/clock';
import { isProviderError, ProviderError } from '../../kernel/errors';
import type { FetchLike } from '../plumbing/http';
import { RateLimiter } from '../plumbing/rate-limiter';
import {
  failedBatch,
  listAllPages,
  statusFrom,
  unsupported,
  type BatchHooks,
  type CloudPhoneProvider,
  type PhoneOutcome,
  type PhonePage,
  type ProviderPhone,
  type StatusReading,
} from '../types';
import { defaultEndpoints, HuaweiClient, type HuaweiAuth, type HuaweiEndpoints } from './client';
import { huaweiMessage } from './codes';
import { HuaweiJobReader, InProgress, type PendingJob } from './jobs';
import { appCommand } from '../app-command';
import { arrayOf, exactId, objectOf, text } from '../ids';

/** Huawei documents no maximum for batch-stop/restart/reset; stay conservative. */
const BATCH = 50;
const PAGE = 200;

/** The 12 documented phone states (plus legacy 0 = creating). Failure states stay visible as faults. */
const STATUS: Record<number, [PhoneStatus, MessageKey]> = {
  0: ['starting', 'pstatus.huawei.creating'],
  1: ['starting', 'pstatus.huawei.creating'],
  2: ['running', 'pstatus.huawei.running'],
  3: ['starting', 'pstatus.huawei.resetting'],
  4: ['starting', 'pstatus.huawei.restarting'],
  6: ['fault', 'pstatus.huawei.frozen'],
  7: ['stopping', 'pstatus.huawei.stopping'],
  8: ['stopped', 'pstatus.huawei.stopped'],
  [-5]: ['fault', 'pstatus.huawei.resetFailed'],
  [-6]: ['fault', 'pstatus.huawei.restartFailed'],
  [-7]: ['fault', 'pstatus.huawei.abnormal'],
  [-8]: ['fault', 'pstatus.huawei.creationFailed'],
  [-9]: ['fault', 'pstatus.huawei.stopFailed'],
};
/** The app's status and the provider's own state in words (the language of the moment it was read). */
export function huaweiStatus(code: unknown): [PhoneStatus, string] {
  return statusFrom(STATUS, code);
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
    start: true,
    stop: true,
    delete: false,
    restart: true,
    reset: true,
    viewer: false,
    startOptions: false,
    screenshot: false,
    // From OBS through `phones/commands` (a .tar to push, an APK to install), started and stopped by shell.
    files: true,
    apps: true,
  };
  readonly batchSize = BATCH;
  readonly listHidesExpiry = false;
  readonly limiter: RateLimiter;
  private readonly client: HuaweiClient;
  private readonly jobReader: HuaweiJobReader;
  /** Fleet size from the last list, to choose the cheaper way of reading a few phones' status. */
  private knownCount = 0;

  constructor(private readonly opts: HuaweiProviderOptions) {
    // Huawei's gateway throttles per user as well as per API: cap both.
    this.limiter = new RateLimiter(opts.clock, {
      perMinute: opts.perMinute ?? 100,
      globalPerMinute: 200,
      maxConcurrent: 4,
    });
    this.client = new HuaweiClient({
      auth: opts.auth,
      endpoints: { ...defaultEndpoints(opts.region), ...opts.endpoints },
      projectId: opts.projectId,
      fetch: opts.fetch,
      clock: opts.clock,
      limiter: this.limiter,
      timeoutMs: opts.timeoutMs,
    });
    this.jobReader = new HuaweiJobReader({ client: this.client, clock: opts.clock });
  }

  viewerOrigin(): string | null {
    return null;
  }

  async testConnection(signal?: AbortSignal): Promise<void> {
    await this.client.cph('GET', 'phones', { query: { offset: 0, limit: 1 }, safe: true, bucket: 'phones', signal });
  }

  async listPage(page: number, signal?: AbortSignal): Promise<PhonePage> {
    const res = objectOf(
      await this.client.cph<unknown>('GET', 'phones', {
        query: { offset: (page - 1) * PAGE, limit: PAGE },
        safe: true,
        bucket: 'phones',
        signal,
      }),
    );
    // An answer without a phone list must not read as "no phones": the whole fleet would vanish.
    if (!res || !Array.isArray(res.phones) || typeof res.count !== 'number') {
      throw new ProviderError('BAD_RESPONSE', t('err.huawei.noList'), { retryable: true });
    }
    this.knownCount = res.count;
    return { total: res.count, phones: res.phones.map(toPhone).filter((p): p is ProviderPhone => p !== null) };
  }

  listAll(signal?: AbortSignal, onPage?: (page: PhonePage) => void): Promise<ProviderPhone[]> {
    return listAllPages((page) => this.listPage(page, signal), PAGE, onPage);
  }

  /**
   * CPH has no batch status by id. Reading phones one by one costs one call each; listing costs one call
   * per 200 phones in the account. Whichever sends fewer requests wins.
   */
  async status(ids: readonly string[], signal?: AbortSignal): Promise<StatusReading[]> {
    if (ids.length <= Math.max(3, Math.ceil(this.knownCount / PAGE))) {
      return Promise.all(
        ids.map(async (id): Promise<StatusReading> => {
          try {
            const p = objectOf(
              await this.client.cph<unknown>('GET', `phones/${encodeURIComponent(id)}`, {
                safe: true,
                bucket: 'phone-detail',
                signal,
              }),
            );
            if (!p || exactId(p.phone_id) !== id)
              throw new ProviderError('BAD_RESPONSE', t('err.huawei.noPhone'), { retryable: true });
            const [status, statusDetail] = huaweiStatus(p.status);
            return { id, found: true, status, statusDetail };
          } catch (e) {
            if (isProviderError(e) && (e.code === 'CPS.0005' || e.code === 'CPS.0004')) return { id, found: false };
            throw e;
          }
        }),
      );
    }
    const byId = new Map((await this.listAll(signal)).map((p) => [p.id, p]));
    return ids.map((id) => {
      const p = byId.get(id);
      return p ? { id, found: true, status: p.status, statusDetail: p.statusDetail } : { id, found: false };
    });
  }

  start(ids: readonly string[], _options: unknown, hooks?: BatchHooks): Promise<PhoneOutcome[]> {
    // "Restart cloud phones in batches or start cloud phones": batch-restart powers a stopped phone on.
    return this.restart(ids, hooks);
  }

  restart(ids: readonly string[], hooks?: BatchHooks): Promise<PhoneOutcome[]> {
    return this.jobBatch('phones/batch-restart', ids, phonesBody, false, 'running', hooks);
  }

  reset(ids: readonly string[], hooks?: BatchHooks): Promise<PhoneOutcome[]> {
    return this.jobBatch('phones/batch-reset', ids, phonesBody, false, 'running', hooks);
  }

  stop(ids: readonly string[], hooks?: BatchHooks): Promise<PhoneOutcome[]> {
    return this.jobBatch('phones/batch-stop', ids, (part) => ({ phone_ids: part }), true, 'stopped', hooks);
  }

  /**
   * An ADB command on each phone from OBS (`phones/commands`): install an APK, uninstall a package, or push a
   * .tar into the phone's root; a job per phone, each followed to its end. CPH reads the OBS object itself,
   * so the bucket must be in the account's region with CPH delegated to read it (an IAM agency).
   */
  /** Starts or force-stops an app: a shell line through `phones/commands`, a job per phone followed to its end. */
  async controlApp(ids: readonly string[], verb: 'start' | 'stop', packageName: string, hooks?: BatchHooks) {
    return this.command(ids, 'shell', appCommand(verb, packageName), hooks);
  }

  command(
    ids: readonly string[],
    command: 'install' | 'uninstall' | 'push' | 'shell',
    content: string,
    hooks?: BatchHooks,
  ) {
    const refusal = commandRefusal(command, content);
    if (refusal)
      return Promise.resolve(ids.map((id) => ({ id, ok: false as const, code: 'INVALID_INPUT', message: refusal })));
    return this.jobBatch(
      'phones/commands',
      ids,
      (part) => ({ command, content, phone_ids: part }),
      false,
      'running',
      hooks,
    );
  }

  async delete(ids: readonly string[]): Promise<PhoneOutcome[]> {
    return unsupported(ids, 'delete');
  }

  /**
   * Sends every chunk as the limiter allows and follows all their jobs together, reporting each phone as
   * its own job ends: one slow or stuck job holds back only its own phone. A job error inside an HTTP 200
   * answer is that phone's failure, never the batch's.
   */
  private async jobBatch(
    path: string,
    ids: readonly string[],
    body: (part: string[]) => unknown,
    safe: boolean,
    target: PhoneStatus,
    hooks?: BatchHooks,
  ): Promise<PhoneOutcome[]> {
    const all: PhoneOutcome[] = [];
    // "Already in progress" (CPS.0023) answers a resend after a lost answer: the first request is running,
    // so its outcome is unknown, not a failure. Those phones are followed by reading their status.
    const inProgress = new InProgress(target, this.opts.clock, this.opts.jobTimeoutMs ?? 10 * 60_000);
    const report = (outcomes: PhoneOutcome[]) => {
      const settled = inProgress.takeFrom(outcomes);
      if (!settled.length) return;
      all.push(...settled);
      hooks?.onOutcomes?.(settled);
    };
    const pending = new Map<string, PendingJob>();
    const parts = chunk([...ids], BATCH);
    let submitting = parts.length;
    let wake: (() => void) | null = null;
    const submissions = parts.map(async (part) => {
      try {
        const accepted = await this.submit(path, part, body, safe);
        report(accepted.immediate);
        for (const job of accepted.jobs) pending.set(job.jobId, job);
      } finally {
        submitting--;
        wake?.();
      }
    });
    while (submitting > 0 || pending.size > 0 || inProgress.size > 0) {
      if (pending.size === 0 && inProgress.size === 0) {
        // Nothing to follow yet: wait for the next chunk to be accepted rather than polling empty-handed.
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        continue;
      }
      await this.opts.clock.sleep(this.opts.jobPollMs ?? 2_000);
      report(await this.jobReader.pollJobs(pending));
      if (inProgress.size) report(await inProgress.check((ids) => this.status(ids)));
    }
    await Promise.all(submissions);
    return all;
  }

  /** One chunk: the phones refused at once, and the jobs to follow for the rest. */
  private async submit(
    path: string,
    part: string[],
    body: (part: string[]) => unknown,
    safe: boolean,
  ): Promise<{ immediate: PhoneOutcome[]; jobs: PendingJob[] }> {
    let res: unknown;
    try {
      res = await this.client.cph('POST', path, { body: body(part), safe, bucket: path });
    } catch (e) {
      return { immediate: failedBatch(part, e, 'Huawei'), jobs: [] };
    }
    const answer = objectOf(res);
    const requestId = typeof answer?.request_id === 'string' ? answer.request_id : null;
    const byPhone = new Map<string, Record<string, unknown>>();
    for (const item of arrayOf(answer?.jobs)) {
      const j = objectOf(item);
      const phoneId = exactId(j?.phone_id);
      if (j && phoneId) byPhone.set(phoneId, j);
    }
    const deadline = this.opts.clock.now() + (this.opts.jobTimeoutMs ?? 10 * 60_000);
    const immediate: PhoneOutcome[] = [];
    const jobs: PendingJob[] = [];
    for (const id of part) {
      const j = byPhone.get(id);
      const jobId = exactId(j?.job_id);
      if (!j)
        immediate.push({ id, ok: false, code: 'UNCONFIRMED', message: t('err.huawei.noJob'), maybeApplied: true });
      else if (typeof j.error_code === 'string' && j.error_code)
        immediate.push({
          id,
          ok: false,
          code: j.error_code,
          message: huaweiMessage(j.error_code, String(j.error_msg ?? '')),
        });
      else if (jobId) jobs.push({ jobId, phoneId: id, requestId, requestSize: byPhone.size, deadline });
      else immediate.push({ id, ok: false, code: 'UNCONFIRMED', message: t('err.huawei.jobNoId'), maybeApplied: true });
    }
    return { immediate, jobs };
  }
}

/** The body batch-restart and batch-reset take: the phones as objects. */
const phonesBody = (part: string[]) => ({ phones: part.map((phone_id) => ({ phone_id })) });

/** A listed phone; null when it has no usable id. Documented fields the app does not show are ignored. */
function toPhone(raw: unknown): ProviderPhone | null {
  const p = objectOf(raw);
  const id = exactId(p?.phone_id);
  if (!p || !id) return null;
  const [status, statusDetail] = huaweiStatus(p.status);
  const server = text(p.server_id);
  return {
    id,
    name: text(p.phone_name) || id,
    serialNo: '',
    group: server ? `Server ${server.slice(0, 8)}` : '',
    tags: [p.phone_model_name, p.availability_zone, p.image_version].map(text).filter(Boolean),
    remark: '',
    status,
    statusDetail,
    billing: 'monthly',
    facts: (
      [
        ['fact.model', text(p.phone_model_name)],
        ['fact.zone', text(p.availability_zone)],
        ['fact.image', text(p.image_version)],
        ['fact.server', server],
        ['fact.imei', text(p.imei)],
        ['fact.type', p.type === 1 ? { key: 'fact.type.trial' } : p.type === 0 ? { key: 'fact.type.normal' } : ''],
        ['fact.traffic', text(p.traffic_type)],
        ['fact.created', text(p.create_time)],
        ['fact.updated', text(p.update_time)],
      ] as PhoneFacts
    ).filter(([, v]) => v),
  };
}
