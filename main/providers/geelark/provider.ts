import type { PhoneStatus, ProviderCapabilities } from '../../../common/phone';
import type { StartOptions } from '../../../common/start-options';
import { chunk } from '../../core/chunk';
import type { Clock } from '../../core/clock';
import { describeError, isProviderError } from '../../core/errors';
import type { FetchLike } from '../../core/http';
import { RateLimiter } from '../../core/rate-limiter';
import { listAllPages, unsupported, type BatchHooks, type CloudPhoneProvider, type PhoneOutcome, type PhonePage, type ProviderPhone, type StatusReading } from '../types';
import { GeeLarkClient, GEELARK_BASE_URL } from './client';
import { geelarkMessage } from './codes';
import type { GeeLarkAuth } from './sign';

/** Documented limit for status/delete/list ids; start/stop have none documented, so we use the same. */
const BATCH = 100;
/** Per-phone start refusals that mean "nothing happened, try later": safe to send again after a pause. */
const START_TRY_AGAIN = new Set([47002, 43020]);

interface FailDetail {
  code: number;
  id: string | number;
  msg?: string;
}
interface BatchData {
  totalAmount?: number;
  successAmount?: number;
  failAmount?: number;
  successDetails?: { id: string | number; url?: string; status?: number; serialName?: string }[];
  failDetails?: FailDetail[];
}
interface ListItem {
  id: string;
  serialName?: string;
  serialNo?: string;
  group?: { name?: string } | null;
  remark?: string;
  status?: number;
  tags?: { name?: string }[] | null;
  chargeMode?: number;
}

const STATUS: Record<number, [PhoneStatus, string]> = {
  0: ['running', 'Started'],
  1: ['starting', 'Starting'],
  2: ['stopped', 'Shut down'],
  3: ['expired', 'Expired'],
};
export function geelarkStatus(code: unknown): [PhoneStatus, string] {
  return STATUS[code as number] ?? ['unknown', `Unknown status ${String(code)}`];
}

export interface GeeLarkProviderOptions {
  auth: GeeLarkAuth;
  baseUrl?: string;
  fetch: FetchLike;
  clock: Clock;
  /** Our own ceiling per endpoint per minute; GeeLark's is 200 and over it the key can be locked. */
  perMinute?: number;
  /** The limiter's window; only benchmarks shrink it, to measure pacing without waiting minutes. */
  rateWindowMs?: number;
  timeoutMs?: number;
}

export class GeeLarkProvider implements CloudPhoneProvider {
  readonly kind = 'geelark' as const;
  readonly capabilities: ProviderCapabilities = {
    start: true, stop: true, delete: true, restart: false, reset: false, viewer: true, startOptions: true,
  };
  readonly batchSize = BATCH;
  readonly limiter: RateLimiter;
  private readonly client: GeeLarkClient;
  private readonly baseUrl: string;
  private lastViewerOrigin: string | null = null;

  constructor(private readonly opts: GeeLarkProviderOptions) {
    this.baseUrl = opts.baseUrl ?? GEELARK_BASE_URL;
    this.limiter = new RateLimiter(opts.clock, { perMinute: opts.perMinute ?? 120, maxConcurrent: 4, windowMs: opts.rateWindowMs });
    this.client = new GeeLarkClient({ baseUrl: this.baseUrl, auth: opts.auth, fetch: opts.fetch, clock: opts.clock, limiter: this.limiter, timeoutMs: opts.timeoutMs });
  }

  viewerOrigin(): string | null {
    return this.lastViewerOrigin;
  }

  async testConnection(): Promise<void> {
    await this.client.call('/open/v1/phone/list', { page: 1, pageSize: 1 }, { safe: true });
  }

  async listPage(page: number): Promise<PhonePage> {
    const data = await this.client.call<{ total: number; items: ListItem[] }>('/open/v1/phone/list', { page, pageSize: BATCH }, { safe: true });
    return { total: data.total ?? 0, phones: (data.items ?? []).map(toPhone) };
  }

  listAll(): Promise<ProviderPhone[]> {
    return listAllPages((page) => this.listPage(page), BATCH);
  }


  async status(ids: readonly string[]): Promise<StatusReading[]> {
    const parts = await Promise.all(
      chunk(ids, BATCH).map(async (part) => {
        const data = await this.client.call<BatchData>('/open/v1/phone/status', { ids: part }, { safe: true });
        const readings: StatusReading[] = [];
        for (const s of data.successDetails ?? []) {
          const [status, statusDetail] = geelarkStatus(s.status);
          readings.push({ id: String(s.id), found: true, status, statusDetail });
        }
        for (const f of data.failDetails ?? []) if (f.code === 42001) readings.push({ id: String(f.id), found: false });
        return readings;
      }),
    );
    return parts.flat();
  }

  async start(ids: readonly string[], o: StartOptions, hooks?: BatchHooks): Promise<PhoneOutcome[]> {
    const body = (part: string[]) => ({
      ids: part,
      width: o.width,
      center: o.center ? 1 : 0,
      hideSideBar: o.hideSideBar,
      displayTimer: o.displayTimer,
      hideLibrary: o.hideLibrary,
      hideMirror: o.hideMirror,
    });
    const outcomes = await this.batch('/open/v1/phone/start', ids, body, false, hooks, START_TRY_AGAIN);
    const firstUrl = outcomes.find((x) => x.ok && x.url);
    if (firstUrl && firstUrl.ok && firstUrl.url) this.lastViewerOrigin = new URL(firstUrl.url).origin;
    return outcomes;
  }

  stop(ids: readonly string[], hooks?: BatchHooks): Promise<PhoneOutcome[]> {
    // Stopping a stopped phone is harmless, so stop is retried like a read.
    return this.batch('/open/v1/phone/stop', ids, (part) => ({ ids: part }), true, hooks);
  }

  delete(ids: readonly string[], hooks?: BatchHooks): Promise<PhoneOutcome[]> {
    return this.batch('/open/v1/phone/delete', ids, (part) => ({ ids: part }), false, hooks);
  }

  async restart(ids: readonly string[]): Promise<PhoneOutcome[]> {
    return unsupported(ids, 'Restart');
  }

  async reset(ids: readonly string[]): Promise<PhoneOutcome[]> {
    return unsupported(ids, 'Reset');
  }

  /**
   * Sends ids in chunks of 100 and turns each answer into per-phone outcomes. GeeLark answers code 0 even
   * when every id failed, so failDetails is the truth; an id in neither list is not assumed to have worked
   * unless the counts prove it.
   */
  private async batch(
    path: string,
    ids: readonly string[],
    body: (part: string[]) => unknown,
    safe: boolean,
    hooks: BatchHooks | undefined,
    tryAgainCodes: ReadonlySet<number> = new Set(),
  ): Promise<PhoneOutcome[]> {
    // Chunks go out together; the account's limiter decides how many are in flight and how fast.
    const perChunk = await Promise.all(
      chunk([...ids], BATCH).map(async (part) => {
        let outcomes = await this.sendChunk(path, part, body, safe);
        // Phones the provider explicitly refused with "try again later" were not touched: one or two more tries.
        for (let attempt = 1; attempt <= 2; attempt++) {
          const again = outcomes.filter((x) => !x.ok && tryAgainCodes.has(Number(x.code))).map((x) => x.id);
          if (!again.length) break;
          await this.opts.clock.sleep(1_000 * 2 ** attempt);
          const retried = new Map((await this.sendChunk(path, again, body, safe)).map((x) => [x.id, x]));
          outcomes = outcomes.map((x) => retried.get(x.id) ?? x);
        }
        hooks?.onOutcomes?.(outcomes);
        return outcomes;
      }),
    );
    return perChunk.flat();
  }

  private async sendChunk(path: string, part: string[], body: (part: string[]) => unknown, safe: boolean): Promise<PhoneOutcome[]> {
    let data: BatchData;
    try {
      data = (await this.client.call<BatchData>(path, body(part), { safe })) ?? {};
    } catch (e) {
      const { code, message } = describeError(e);
      const maybeApplied = isProviderError(e) && e.maybeApplied;
      return part.map((id) => ({
        id,
        ok: false as const,
        code: maybeApplied ? 'OUTCOME_UNKNOWN' : code,
        message: maybeApplied ? `${message}. The provider may have acted; its status will be re-read, not retried.` : message,
        maybeApplied,
      }));
    }
    const failed = new Map<string, FailDetail>();
    for (const f of data.failDetails ?? []) failed.set(String(f.id), f);
    const succeeded = new Map<string, { url?: string }>();
    for (const s of data.successDetails ?? []) succeeded.set(String(s.id), s);
    const unmatchedFailures = (data.failAmount ?? failed.size) - [...failed.keys()].filter((id) => part.includes(id)).length;
    return part.map((id): PhoneOutcome => {
      const f = failed.get(id);
      if (f) return { id, ok: false, code: String(f.code), message: geelarkMessage(f.code, f.msg ?? '') };
      const s = succeeded.get(id);
      if (s) return { id, ok: true, url: s.url };
      if (unmatchedFailures > 0 || path.endsWith('/start')) {
        return { id, ok: false, code: 'UNCONFIRMED', message: 'GeeLark did not report on this phone; its status will be re-read', maybeApplied: true };
      }
      return { id, ok: true };
    });
  }
}

function toPhone(item: ListItem): ProviderPhone {
  const [status, statusDetail] = geelarkStatus(item.status);
  return {
    id: String(item.id),
    name: item.serialName ?? String(item.id),
    serialNo: item.serialNo ?? '',
    group: item.group?.name ?? '',
    tags: (item.tags ?? []).map((t) => t.name ?? '').filter(Boolean),
    remark: item.remark ?? '',
    status,
    statusDetail,
    billing: item.chargeMode === 0 ? 'per-minute' : item.chargeMode === 1 ? 'monthly' : 'unknown',
  };
}
