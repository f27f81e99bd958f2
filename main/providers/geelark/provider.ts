import type { PhoneFacts, PhoneStatus, ProviderCapabilities } from '../../../common/phone';
import { t, type MessageKey } from '../../../common/i18n/i18n';
import type { AccountBilling } from '../../../common/activity';
import { StartOptionsSchema, type StartOptions } from '../../../common/start-options';
import { chunk } from '../plumbing/chunk';
import type { Clock } from '../../kernel/clock';
import { ProviderError } from '../../kernel/errors';
import type { FetchLike } from '../plumbing/http';
import { RateLimiter } from '../plumbing/rate-limiter';
import {
  failedBatch,
  listAllPages,
  statusFrom,
  type BatchHooks,
  type CloudPhoneProvider,
  type PhoneOutcome,
  type PhonePage,
  type ProviderPhone,
  type Screenshot,
  type StatusReading,
} from '../types';
import { GeeLarkClient, GEELARK_BASE_URL } from './client';
import { arrayOf, exactId, objectOf, text } from '../ids';
import { readBatchAnswer } from './answers';
import { GEELARK_TRY_AGAIN } from './codes';
import { onePhonePerCall } from './one-by-one';
import { takeScreenshot } from './screenshot';
import { pushFile, type PushSource } from './files';
import { adbInfo, setAdb } from './adb';
import { controlApp, installApp, uninstallApp, uploadApp, type AppSource } from './apps';
import type { GeeLarkAuth } from './sign';

/** Documented limit for status/delete/list ids; start/stop have none documented, so we use the same. */
const BATCH = 100;

const STATUS: Record<number, [PhoneStatus, MessageKey]> = {
  0: ['running', 'pstatus.geelark.started'],
  1: ['starting', 'pstatus.geelark.starting'],
  2: ['stopped', 'pstatus.geelark.shutDown'],
  3: ['expired', 'pstatus.geelark.expired'],
};
/** The app's status and GeeLark's own state in words (the language of the moment it was read). */
export function geelarkStatus(code: unknown): [PhoneStatus, string] {
  return statusFrom(STATUS, code);
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

/** Kept under GeeLark's own limits for the billing endpoints (10/min and 1/min). */
const BILLING_LIMITS = { '/open/v1/pay/wallet': 8, '/open/v1/pay/plan/info': 1 };

export class GeeLarkProvider implements CloudPhoneProvider {
  readonly kind = 'geelark' as const;
  readonly capabilities: ProviderCapabilities = {
    start: true,
    stop: true,
    delete: true,
    restart: true,
    reset: true,
    viewer: true,
    startOptions: true,
    screenshot: true,
    files: true,
    apps: true,
  };
  readonly batchSize = BATCH;
  /** The list says 2 (shut down) for expired phones too; only /phone/status reports 3. */
  readonly listHidesExpiry = true;
  readonly limiter: RateLimiter;
  private readonly client: GeeLarkClient;
  private readonly baseUrl: string;
  private lastViewerOrigin: string | null = null;
  private plan: { value: Record<string, unknown>; at: number } | null = null;

  constructor(private readonly opts: GeeLarkProviderOptions) {
    this.baseUrl = opts.baseUrl ?? GEELARK_BASE_URL;
    this.limiter = new RateLimiter(opts.clock, {
      perMinute: opts.perMinute ?? 120,
      maxConcurrent: 4,
      windowMs: opts.rateWindowMs,
      bucketLimits: BILLING_LIMITS,
    });
    this.client = new GeeLarkClient({
      baseUrl: this.baseUrl,
      auth: opts.auth,
      fetch: opts.fetch,
      clock: opts.clock,
      limiter: this.limiter,
      timeoutMs: opts.timeoutMs,
    });
  }

  viewerOrigin(): string | null {
    return this.lastViewerOrigin;
  }

  uploadApp(file: AppSource, desc: string, onStatus?: (s: 'uploading' | 'review') => void) {
    return uploadApp(this.deps(), file, desc, onStatus);
  }

  installApp(ids: readonly string[], versionId: string, hooks?: BatchHooks) {
    return installApp(this.deps(), ids, versionId, hooks);
  }

  uninstallApp(ids: readonly string[], packageName: string, hooks?: BatchHooks) {
    return uninstallApp(this.deps(), ids, packageName, hooks);
  }

  /** ADB on or off (asynchronous: read `adbInfo` about 3 s after enabling). */
  setAdb(ids: readonly string[], open: boolean) {
    return setAdb(this.client, ids, open);
  }

  /** Each phone's ADB connection, or why not (49001 not enabled, 49002 not offered). */
  adbInfo(ids: readonly string[]) {
    return adbInfo(this.client, ids);
  }

  controlApp(ids: readonly string[], verb: 'start' | 'stop', packageName: string, hooks?: BatchHooks) {
    return controlApp(this.deps(), ids, verb, packageName, hooks);
  }

  private deps() {
    return { client: this.client, fetch: this.opts.fetch, clock: this.opts.clock };
  }

  pushFile(ids: readonly string[], source: PushSource, hooks?: BatchHooks) {
    return pushFile({ client: this.client, fetch: this.opts.fetch, clock: this.opts.clock }, ids, source, hooks);
  }

  screenshot(id: string, signal?: AbortSignal): Promise<Screenshot> {
    return takeScreenshot({ client: this.client, fetch: this.opts.fetch, clock: this.opts.clock }, id, signal);
  }

  async testConnection(signal?: AbortSignal): Promise<void> {
    await this.client.call('/open/v1/phone/list', { page: 1, pageSize: 1 }, { safe: true, signal });
  }

  /**
   * Phones with an RPA task waiting (1) or running (2), from the task history (task/query's items), newest
   * first, 100 a page; a history longer than 10 pages is read no further (older tasks are done or failed).
   */
  async activeTaskPhones(signal?: AbortSignal): Promise<Set<string>> {
    const busy = new Set<string>();
    let lastId: string | undefined;
    for (let page = 0; page < 10; page++) {
      const body = { size: 100, ...(lastId ? { lastId } : {}) };
      const data =
        objectOf(await this.client.call<unknown>('/open/v1/task/historyRecords', body, { safe: true, signal })) ?? {};
      for (const item of arrayOf(data.items)) {
        const task = objectOf(item) ?? {};
        const id = exactId(task.envId);
        if (id && (task.status === 1 || task.status === 2)) busy.add(id);
      }
      if (typeof data.lastId !== 'string' || !data.lastId) break;
      lastId = data.lastId;
    }
    return busy;
  }

  /**
   * Balance and plan. Both endpoints have their own low limits (wallet 10/min, plan 1/min), so callers
   * read them rarely; a plan that cannot be read does not hide the balance.
   */
  async billing(signal?: AbortSignal): Promise<AccountBilling> {
    const wallet = objectOf(await this.client.call<unknown>('/open/v1/pay/wallet', {}, { safe: true, signal }));
    if (!wallet) throw badAnswer('wallet');
    // The plan may be read once a minute and changes rarely: a fresh balance reuses the last plan.
    const now = this.opts.clock.now();
    if (!this.plan || now - this.plan.at >= 60_000) {
      const read = objectOf(
        await this.client.call<unknown>('/open/v1/pay/plan/info', {}, { safe: true, signal }).catch(() => null),
      );
      if (read) this.plan = { value: read, at: now };
    }
    const plan = this.plan?.value ?? null;
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
    const expires = num(plan?.expirationTime);
    const tier = num(plan?.plan);
    return {
      balance: num(wallet.balance),
      // GeeLark bills in US dollars; neither the wallet nor the plan names a currency.
      currency: 'USD',
      planName: tier === 0 ? 'Base' : tier === 1 ? 'Pro' : null,
      parallels: num(plan?.parallels),
      monthlyFee: num(plan?.monthlyFee),
      // The plan answer has no per-minute price: it comes from the person, never invented here.
      perMinutePrice: null,
      // Seconds or milliseconds, whichever the answer used.
      planExpiresAt: expires === null ? null : expires < 1e12 ? expires * 1000 : expires,
      readAt: this.opts.clock.now(),
    };
  }

  async listPage(page: number, signal?: AbortSignal): Promise<PhonePage> {
    const data = objectOf(
      await this.client.call<unknown>('/open/v1/phone/list', { page, pageSize: BATCH }, { safe: true, signal }),
    );
    // A list answer without items must not read as "no phones": that would make the whole fleet vanish.
    if (!data || !Array.isArray(data.items) || typeof data.total !== 'number') throw badAnswer('list');
    const phones = data.items.map(toPhone).filter((p): p is ProviderPhone => p !== null);
    return { total: data.total, phones };
  }

  listAll(signal?: AbortSignal, onPage?: (page: PhonePage) => void): Promise<ProviderPhone[]> {
    return listAllPages((page) => this.listPage(page, signal), BATCH, onPage);
  }

  async status(ids: readonly string[], signal?: AbortSignal): Promise<StatusReading[]> {
    const parts = await Promise.all(
      chunk(ids, BATCH).map(async (part) => {
        const data = objectOf(
          await this.client.call<unknown>('/open/v1/phone/status', { ids: part }, { safe: true, batch: true, signal }),
        );
        if (!data || !Array.isArray(data.successDetails)) throw badAnswer('status');
        const asked = new Set(part);
        const readings: StatusReading[] = [];
        for (const item of data.successDetails) {
          const s = objectOf(item);
          const id = exactId(s?.id);
          if (!s || !id || !asked.has(id)) continue;
          const [status, statusDetail] = geelarkStatus(s.status);
          readings.push({ id, found: true, status, statusDetail });
        }
        for (const item of arrayOf(data.failDetails)) {
          const f = objectOf(item);
          const id = exactId(f?.id);
          if (f && id && asked.has(id) && Number(f.code) === 42001) readings.push({ id, found: false });
        }
        return readings;
      }),
    );
    return parts.flat();
  }

  async start(ids: readonly string[], options: StartOptions, hooks?: BatchHooks): Promise<PhoneOutcome[]> {
    // Checked here, not only at the IPC boundary: the tray, policies and the CLI call this too.
    const checked = StartOptionsSchema.safeParse(options);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const message = t('err.startOptions', {
        field: issue?.path.join('.') || 'options',
        problem: issue?.message ?? '',
      });
      const outcomes = ids.map((id): PhoneOutcome => ({ id, ok: false, code: 'INVALID_OPTIONS', message }));
      hooks?.onOutcomes?.(outcomes);
      return outcomes;
    }
    const o = checked.data;
    const body = (part: string[]) => ({
      ids: part,
      width: o.width,
      center: o.center ? 1 : 0,
      hideSideBar: o.hideSideBar,
      displayTimer: o.displayTimer,
      hideLibrary: o.hideLibrary,
      hideMirror: o.hideMirror,
    });
    const outcomes = await this.batch('/open/v1/phone/start', ids, body, false, hooks, GEELARK_TRY_AGAIN);
    const firstUrl = outcomes.find((x) => x.ok && x.url);
    if (firstUrl && firstUrl.ok && firstUrl.url)
      this.lastViewerOrigin = originOf(firstUrl.url) ?? this.lastViewerOrigin;
    return outcomes;
  }

  stop(ids: readonly string[], hooks?: BatchHooks): Promise<PhoneOutcome[]> {
    // Stopping a stopped phone is harmless, so stop is retried like a read.
    return this.batch('/open/v1/phone/stop', ids, (part) => ({ ids: part }), true, hooks);
  }

  delete(ids: readonly string[], hooks?: BatchHooks): Promise<PhoneOutcome[]> {
    return this.batch('/open/v1/phone/delete', ids, (part) => ({ ids: part }), false, hooks);
  }

  /** Restarts running phones, one per call (GeeLark's restart takes one running phone). */
  restart(ids: readonly string[], hooks?: BatchHooks): Promise<PhoneOutcome[]> {
    return onePhonePerCall(this.client, '/open/v1/phone/restart', ids, (id) => ({ id }), hooks);
  }

  /**
   * GeeLark's reset is its "one-click new machine": a new device identity, apps and data cleared. Sent with
   * GeeLark's own defaults for what to keep.
   */
  reset(ids: readonly string[], hooks?: BatchHooks): Promise<PhoneOutcome[]> {
    return onePhonePerCall(this.client, '/open/v2/phone/newOne', ids, (id) => ({ id }), hooks);
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

  private async sendChunk(
    path: string,
    part: string[],
    body: (part: string[]) => unknown,
    safe: boolean,
  ): Promise<PhoneOutcome[]> {
    let data: unknown;
    try {
      data = await this.client.call<unknown>(path, body(part), { safe, batch: true });
    } catch (e) {
      return failedBatch(part, e, 'GeeLark');
    }
    // A start is only proven by its viewer URL entry; stop and delete may be proven by the counts.
    return readBatchAnswer(part, data, { needsSuccessDetail: path.endsWith('/start') });
  }
}

const badAnswer = (what: string) =>
  new ProviderError('BAD_RESPONSE', t('err.geelark.noData', { what }), { retryable: true, maybeApplied: false });

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** A list item as a phone; null when it has no id we can key it by exactly. */
function toPhone(raw: unknown): ProviderPhone | null {
  const item = objectOf(raw);
  const id = exactId(item?.id);
  if (!item || !id) return null;
  const [status, statusDetail] = geelarkStatus(item.status);
  return {
    id,
    name: text(item.serialName) || id,
    serialNo: typeof item.serialNo === 'number' ? String(item.serialNo) : text(item.serialNo),
    group: text(objectOf(item.group)?.name),
    tags: arrayOf(item.tags)
      .map((t) => text(objectOf(t)?.name))
      .filter(Boolean),
    remark: text(item.remark),
    status,
    statusDetail,
    billing: item.chargeMode === 0 ? 'per-minute' : item.chargeMode === 1 ? 'monthly' : 'unknown',
    facts: geelarkFacts(item),
  };
}

const seconds = (v: unknown) =>
  typeof v === 'number' && v > 0 ? new Date(v * 1000).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : '';

/** The list's extra fields worth showing. The proxy's user name and password are never kept. */
function geelarkFacts(item: Record<string, unknown>): PhoneFacts {
  const eq = objectOf(item.equipmentInfo) ?? {};
  const proxy = objectOf(item.proxy);
  const facts: PhoneFacts = [
    ['fact.country', text(eq.countryName)],
    ['fact.android', text(eq.osVersion)],
    ['fact.device', [text(eq.deviceBrand), text(eq.deviceModel)].filter(Boolean).join(' ')],
    ['fact.deviceName', text(eq.deviceName)],
    ['fact.phoneNumber', text(eq.phoneNumber)],
    ['fact.sim', eq.enableSim === 1 ? { key: 'fact.yes' } : eq.enableSim === 0 ? { key: 'fact.no' } : ''],
    ['fact.netType', eq.netType === 0 ? { key: 'fact.net.wifi' } : eq.netType === 1 ? { key: 'fact.net.mobile' } : ''],
    ['fact.language', text(eq.language)],
    ['fact.region', [text(eq.city), text(eq.province)].filter((v, i, all) => v && all.indexOf(v) === i).join(', ')],
    ['fact.timeZone', text(eq.timeZone)],
    // IMEI, MAC, Bluetooth MAC and Wi-Fi BSSID identify the device to trackers: not kept, shown or logged.
    [
      'fact.charging',
      item.chargeMode === 0
        ? { key: 'fact.charging.perMinute' }
        : item.chargeMode === 1
          ? { key: 'fact.charging.monthly' }
          : '',
    ],
    ['fact.monthlyEnds', seconds(item.monthlyExpire)],
    ['fact.bound', item.hasBind === true ? { key: 'fact.yes' } : item.hasBind === false ? { key: 'fact.no' } : ''],
    [
      'fact.proxy',
      proxy ? `${text(proxy.type)} ${text(proxy.server)}${proxy.port ? `:${String(proxy.port)}` : ''}`.trim() : '',
    ],
    ['fact.created', seconds(item.createTime)],
    ['fact.rpa', item.rpaStatus === 1 ? { key: 'fact.yes' } : ''],
  ];
  return facts.filter(([, v]) => v);
}
