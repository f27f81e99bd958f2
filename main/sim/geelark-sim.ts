import { createHash, randomBytes } from 'node:crypto';
import { LosslessNumber, stringify } from 'lossless-json';
import { SimApps } from './geelark-sim-apps';
import { SimFiles } from './geelark-sim-files';
import { SimScreens } from './geelark-sim-screens';
import { SimShell } from './geelark-sim-shell';
import { SimAdb } from './geelark-sim-adb';
import { HttpSimulator, json, readJson, type SimReply, type SimRequest } from './sim-http';
import { viewerPage } from './viewer-page';

export interface GeeLarkSimPhone {
  id: string;
  serialName: string;
  serialNo: string;
  group: string;
  remark: string;
  tags: string[];
  /** 0 started, 1 starting, 2 shut down (as the API reports). */
  status: 0 | 1 | 2;
  expired: boolean;
  chargeMode: 0 | 1;
  /** An RPA task is running: stop is refused with 43005 (and task history lists it as running). */
  busyTask: boolean;
  /** When an RPA task is scheduled for it (epoch s; task history lists it as waiting until then). */
  taskScheduledAt?: number;
  /** Pending transition, applied lazily when the phone is next read. */
  next: { status: 0 | 2; at: number } | null;
  /** Billed up to here (per-minute phones while running). */
  chargedTo?: number;
  /** Epoch ms until which a viewer counts as connected (43006 on stop, 43021 on delete). */
  viewerUntil: number;
  /** How many times a "new machine" gave it a new identity (its device details change with it). */
  generation?: number;
  /** Started within the plan's parallels: no per-minute charge while it runs. */
  parallel?: boolean;
}

export interface GeeLarkSimOptions {
  token?: string;
  appId?: string;
  apiKey?: string;
  phones?: number;
  startDelayMs?: number;
  stopDelayMs?: number;
  perMinute?: number;
  /** Wallet balance at the start, and what a running phone costs per minute. */
  startBalance?: number;
  perMinutePrice?: number;
  perHour?: number;
  now?: () => number;
  seed?: number;
  /**
   * Send phone ids as JSON numbers instead of strings (GeeLark's field tables type some ids as integers).
   * Ids past 2^53 then only survive a parser that keeps their digits.
   */
  numericIds?: boolean;
  /**
   * Stop answers as the documented table has them, with counts and failDetails only ('counts'), or as the
   * page's example does, also listing successDetails ('listed', the default). A client must prove a stop either way.
   */
  stopAnswers?: 'listed' | 'counts';
  /** "New machine" calls a day before 44004. */
  newOnePerDay?: number;
  /** Phones the plan lets run at once at no per-minute charge (the plan answer's `parallels`). */
  parallels?: number;
}

const GROUPS = ['Marketing', 'Support', 'QA', 'Sales', 'Warm-up'];
const TAGS = ['tiktok', 'instagram', 'warmup', 'vip', 'eu', 'us', 'proxy-a', 'proxy-b'];
const REMARKS = ['', '', 'main account', 'needs new proxy', 'client: Acme', 'do not delete', 'test device'];

/** Deterministic pseudo-random numbers, so a seeded demo fleet looks the same every run. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function makeGeeLarkFleet(count: number, seed = 7): GeeLarkSimPhone[] {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  return Array.from({ length: count }, (_, i) => {
    const roll = rnd();
    return {
      // 18 digits: beyond Number.MAX_SAFE_INTEGER, as real GeeLark ids are.
      id: `63317965214${String(3186328 + i * 7919).padStart(7, '0')}`,
      serialName: `${pick(['Ava', 'Ben', 'Cleo', 'Dan', 'Eve', 'Finn', 'Gia', 'Hugo'])}-${String(i + 1).padStart(4, '0')}`,
      serialNo: String(800 + i),
      group: pick(GROUPS),
      remark: pick(REMARKS),
      tags: TAGS.filter(() => rnd() < 0.2),
      status: roll < 0.15 ? 0 : 2,
      expired: roll > 0.97,
      chargeMode: rnd() < 0.7 ? 0 : 1,
      busyTask: roll < 0.02,
      next: null,
      viewerUntil: 0,
    } satisfies GeeLarkSimPhone;
  });
}

/** What a /start call asked for, kept so tests can check options reached the provider. */
export interface StartCall {
  ids: string[];
  body: Record<string, unknown>;
}

/**
 * A faithful local GeeLark Open API: POST-only, {code,msg,traceId,data} envelopes with HTTP 200, both
 * auth modes checked, per-endpoint rate limits (40007, then 40014 over the hourly limit), phones that take
 * time to start and stop, the documented refusals, and a viewer page served at the start URL.
 */
export class GeeLarkSim extends HttpSimulator {
  readonly phones = new Map<string, GeeLarkSimPhone>();
  /** Every call served; billing calls also note the minute they fell in (`at`), to check per-minute limits. */
  readonly calls: { path: string; ids: number; at?: number }[] = [];
  /** The ids of every batch call (start, stop, delete, status…), to tell a phone sent twice. */
  readonly batchIds: { path: string; ids: string[] }[] = [];
  readonly startCalls: StartCall[] = [];
  /** Per-phone refusals to give on the next matching call: `${path}:${id}` → code. */
  readonly phoneFaults = new Map<string, { code: number; times: number; msg: string }>();
  private readonly minuteCounts = new Map<string, number>();
  private readonly hourCounts = new Map<string, number>();
  private lockedUntil = 0;
  private readonly tokens = new Map<string, { id: string; exp: number }>();
  /** Screenshots taken, their results and images (phone/screenShot, phone/screenShot/result). */
  readonly screens = new SimScreens(
    () => this.opts.now(),
    () => this.url,
  );
  /** The team's app library, review included, and what is installed on each phone. */
  readonly apps = new SimApps(() => this.opts.now());
  readonly shell = new SimShell(this.apps);
  readonly adb = new SimAdb(() => this.opts.now());
  /** Temporary files and their pushes into phones (upload/getUrl, phone/uploadFile). */
  readonly files = new SimFiles(
    () => this.opts.now(),
    () => this.url,
  );
  readonly opts: Required<Omit<GeeLarkSimOptions, 'seed' | 'phones'>>;

  constructor(options: GeeLarkSimOptions = {}) {
    super();
    this.opts = {
      token: options.token ?? 'sim-token',
      appId: options.appId ?? 'SIMAPPID0000000000000001',
      apiKey: options.apiKey ?? 'sim-api-key',
      startDelayMs: options.startDelayMs ?? 3_000,
      stopDelayMs: options.stopDelayMs ?? 1_500,
      perMinute: options.perMinute ?? 200,
      perHour: options.perHour ?? 24_000,
      now: options.now ?? Date.now,
      numericIds: options.numericIds ?? false,
      startBalance: options.startBalance ?? 100,
      perMinutePrice: options.perMinutePrice ?? 0.01,
      stopAnswers: options.stopAnswers ?? 'listed',
      newOnePerDay: options.newOnePerDay ?? 1_000,
      parallels: options.parallels ?? 0,
    };
    for (const p of makeGeeLarkFleet(options.phones ?? 40, options.seed)) this.phones.set(p.id, p);
    this.http.codeReply = (code) => this.env(Number(code), 'injected fault');
  }

  /** Makes `action` refuse phone `id` with `code` for the next `times` calls. */
  failPhone(
    action: 'start' | 'stop' | 'delete' | 'status' | 'restart' | 'newOne' | 'screenshot' | 'uploadFile' | 'shell',
    id: string,
    code: number,
    times = 1,
    msg = 'injected',
  ): void {
    this.phoneFaults.set(`${action}:${id}`, { code, times, msg });
  }
  /** Marks a viewer as connected (as an open viewer page does through its heartbeat). */
  setViewerConnected(id: string, connected: boolean): void {
    const p = this.phones.get(id);
    if (p) p.viewerUntil = connected ? this.opts.now() + 10 * 60_000 : 0;
  }
  phone(id: string): GeeLarkSimPhone | undefined {
    const p = this.phones.get(id);
    if (p) this.settle(p);
    return p;
  }

  private settle(p: GeeLarkSimPhone): void {
    if (p.next && this.opts.now() >= p.next.at) {
      p.status = p.next.status;
      p.next = null;
    }
  }

  protected async route(req: SimRequest): Promise<SimReply> {
    const path = req.url.pathname;
    if (path === '/viewer/index.html' || path === '/viewer/') return this.viewer(req);
    if (path === '/viewer/heartbeat' || path === '/viewer/bye') return this.viewerPing(req, path.endsWith('bye'));
    if (req.method === 'GET' && path.startsWith('/__shots/')) return this.screens.image(path) ?? json(404, {});
    if (req.method === 'PUT' && path.startsWith('/__upload/'))
      return this.files.put(path, req.rawBytes) ?? json(404, {});
    // Inspection for benchmarks and manual runs (not part of the GeeLark API).
    if (path === '/__sim/state' && req.method === 'GET') {
      return json(200, {
        calls: this.calls,
        startable: [...this.phones.values()].filter((p) => !p.expired).map((p) => p.id),
      });
    }
    if (req.method !== 'POST') return { status: 404, body: 'not found' };
    if (!/^application\/json(;|$)/i.test(String(req.headers['content-type'] ?? '')))
      return this.env(40001, 'Content-Type must be application/json');
    const auth = this.checkAuth(req);
    if (auth.code) return this.env(auth.code, auth.msg);
    const limited = this.rateLimit(auth.who, path);
    if (limited) return this.env(limited, limited === 40007 ? 'too many requests' : 'locked for two hours');
    const parsed = readJson(req.rawBody || '{}');
    if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null)
      return this.env(40001, 'read body failed');
    const body = parsed.value as Record<string, unknown>;
    // Bills running minutes up to now (settling every phone on the way) before anything changes.
    this.balance();
    switch (path) {
      case '/open/v1/phone/list':
        return this.list(body);
      case '/open/v1/phone/status':
        return this.batch(path, body, 100, (p) => ({
          ok: true,
          detail: { id: this.wireId(p.id), serialName: p.serialName, status: p.expired ? 3 : p.status },
        }));
      case '/open/v1/phone/start':
        return this.start(body);
      case '/open/v1/phone/stop':
        return this.batch(path, body, 200, (p) => this.stopOne(p));
      case '/open/v1/phone/delete':
        return this.batch(path, body, 100, (p) => this.deleteOne(p));
      case '/open/v1/phone/restart':
        return this.restart(body);
      case '/open/v2/phone/newOne':
        return this.newOne(body);
      case '/open/v1/task/historyRecords':
        return this.taskHistory(body);
      case '/open/v1/phone/screenShot':
        return this.screenShot(body);
      case '/open/v1/upload/getUrl': {
        this.calls.push({ path, ids: 0 });
        const urls = this.files.getUrl(body.fileType);
        return urls ? this.env(0, 'success', urls) : this.env(40004, 'fileType not supported');
      }
      case '/open/v1/phone/uploadFile':
        return this.uploadFile(body);
      case '/open/v1/phone/uploadFile/result':
        this.calls.push({ path, ids: 0 });
        return this.env(0, 'success', this.files.result(body.taskId));
      case '/open/v1/app/upload':
        return this.appUpload(body);
      case '/open/v1/app/upload/status': {
        this.calls.push({ path, ids: 0 });
        const r = this.apps.status(body.taskId);
        return 'code' in r ? this.env(r.code, 'task not exist') : this.env(0, 'success', r.data);
      }
      case '/open/v1/app/install':
      case '/open/v1/app/uninstall':
        return this.appOnPhone(path, body);
      case '/open/v1/app/operation/batch': {
        this.calls.push({ path, ids: 0 });
        const running = [...this.phones.values()].filter((p) => (this.settle(p), p.status === 0));
        return this.env(0, 'success', this.apps.batch(body, running));
      }
      case '/open/v1/adb/setStatus':
      case '/open/v1/adb/getData':
        return this.adbCall(path, body);
      case '/open/v1/shell/execute':
        return this.onRunningPhone(path, body.id, 'shell', (p) => {
          const r = this.shell.execute(p.id, body.cmd);
          return r.code
            ? this.env(r.code, 'shell is not supported on this Android version')
            : this.env(0, 'success', r.data);
        });
      case '/open/v1/phone/screenShot/result':
        this.calls.push({ path, ids: 0 });
        return this.env(0, 'success', this.screens.result(body.taskId));
      case '/open/v1/pay/wallet':
        return this.wallet();
      case '/open/v1/pay/plan/info':
        return this.plan();
      default:
        return this.env(40005, 'api not found');
    }
  }

  private checkAuth(req: SimRequest): { code: number; msg: string; who: string } {
    const h = req.headers;
    const traceId = String(h['traceid'] ?? '');
    if (!traceId) return { code: 40002, msg: 'traceId is empty', who: '' };
    const bearer = String(h['authorization'] ?? '');
    if (bearer) {
      return bearer === `Bearer ${this.opts.token}`
        ? { code: 0, msg: '', who: 'token' }
        : { code: 40003, msg: 'token invalid', who: '' };
    }
    const { appid, ts, nonce, sign } = h as Record<string, string | undefined>;
    if (!appid || !ts || !nonce || !sign) return { code: 40003, msg: 'sign verify failed', who: '' };
    const expected = expectedSign(this.opts.appId, traceId, ts, nonce, this.opts.apiKey);
    if (appid !== this.opts.appId || sign !== expected || nonce !== traceId.slice(0, 6))
      return { code: 40003, msg: 'sign verify failed', who: '' };
    return { code: 0, msg: '', who: `app:${appid}` };
  }

  private rateLimit(who: string, path: string): number {
    const now = this.opts.now();
    if (now < this.lockedUntil) return 40014;
    const minuteKey = `${who}|${path}|${Math.floor(now / 60_000)}`;
    const hourKey = `${who}|${path}|${Math.floor(now / 3_600_000)}`;
    const m = (this.minuteCounts.get(minuteKey) ?? 0) + 1;
    const h = (this.hourCounts.get(hourKey) ?? 0) + 1;
    this.minuteCounts.set(minuteKey, m);
    this.hourCounts.set(hourKey, h);
    if (h > this.opts.perHour) {
      this.lockedUntil = now + 2 * 3_600_000;
      return 40014;
    }
    return m > (BILLING_LIMITS[path] ?? this.opts.perMinute) ? 40007 : 0;
  }

  /**
   * The wallet, charged per running minute at `perMinutePrice` (GeeLark bills running phones by the
   * minute). Charged lazily from each phone's running time, so it works with any clock.
   */
  private wallet(): SimReply {
    this.calls.push({ path: '/open/v1/pay/wallet', ids: 0, at: Math.floor(this.opts.now() / 60_000) });
    return this.env(0, 'success', { balance: round2(this.balance()), giftMoney: 0, availableTimeAddOn: 0 });
  }
  balance(): number {
    const now = this.opts.now();
    for (const p of this.phones.values()) {
      this.settle(p);
      const running = p.status === 0 && p.chargeMode === 0 && !p.parallel;
      if (running && p.chargedTo === undefined) p.chargedTo = now;
      if (!running) p.chargedTo = undefined;
      if (p.chargedTo !== undefined && now > p.chargedTo) {
        const minutes = Math.floor((now - p.chargedTo) / 60_000);
        this.spent += minutes * this.opts.perMinutePrice;
        p.chargedTo += minutes * 60_000;
      }
    }
    return this.opts.startBalance - this.spent;
  }
  private spent = 0;

  private plan(): SimReply {
    this.calls.push({ path: '/open/v1/pay/plan/info', ids: 0, at: Math.floor(this.opts.now() / 60_000) });
    // Exactly the documented fields: no plan name, no currency and no per-minute price (the real service
    // sends none; the simulator's own price only drives its wallet).
    return this.env(0, 'success', {
      plan: 1,
      profiles: 200,
      monthlyRental: 0,
      parallels: this.opts.parallels,
      expirationTime: Math.floor((this.opts.now() + 30 * 86_400_000) / 1000),
      monthlyFee: 29,
      availableProfiles: 200 - this.phones.size,
      availableMonthlyRentals: 0,
    });
  }

  /**
   * Task history, newest first, `size` ≤ 100 per page and `lastId` to go on (the items are task/query's):
   * a busy phone has a running task (status 2), one with a task scheduled a waiting one (status 1).
   */
  private taskHistory(body: Record<string, unknown>): SimReply {
    const size = body.size ?? 100;
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > 100)
      return this.env(40001, 'size must be 1 to 100');
    const items = [...this.phones.values()]
      .filter((p) => p.busyTask || p.taskScheduledAt !== undefined)
      .map((p, i) => ({
        id: `task-${p.id}`,
        planName: `warmup ${i + 1}`,
        taskType: 1,
        serialName: p.serialName,
        envId: this.wireId(p.id),
        scheduleAt: p.taskScheduledAt ?? Math.floor(this.opts.now() / 1000) - 60,
        status: p.busyTask ? 2 : 1,
        failCode: 0,
        failDesc: '',
        cost: 0,
      }));
    const from = typeof body.lastId === 'string' ? items.findIndex((t) => t.id === body.lastId) + 1 : 0;
    const page = items.slice(from, from + size);
    this.calls.push({ path: '/open/v1/task/historyRecords', ids: 0 });
    return this.env(0, 'success', {
      total: items.length,
      items: page,
      ...(from + size < items.length ? { lastId: page[page.length - 1].id } : {}),
    });
  }

  private env(code: number, msg: string, data?: unknown): SimReply {
    const body = stringify({ code, msg, traceId: traceOf(), ...(data === undefined ? {} : { data }) }) ?? '';
    return { status: 200, body, headers: { 'content-type': 'application/json' } };
  }

  /** A phone id as this simulator sends it: a string, or in numeric-id mode a JSON number with every digit. */
  private wireId(id: string): string | LosslessNumber {
    return this.opts.numericIds && /^\d+$/.test(id) ? new LosslessNumber(id) : id;
  }

  private list(body: Record<string, unknown>): SimReply {
    const page = body.page ?? 1;
    const pageSize = body.pageSize ?? 10;
    if (!Number.isInteger(page) || (page as number) < 1) return this.env(40004, 'page invalid');
    if (!Number.isInteger(pageSize) || (pageSize as number) < 1 || (pageSize as number) > 100)
      return this.env(40008, 'pageSize out of range');
    let items = [...this.phones.values()];
    const ids = body.ids as unknown;
    if (Array.isArray(ids) && ids.length) {
      if (ids.length > 100) return this.env(40004, 'ids limit 100');
      const wanted = new Set(ids.map(String));
      items = items.filter((p) => wanted.has(p.id));
    }
    const has = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
    if (has(body.serialName)) items = items.filter((p) => p.serialName.includes(body.serialName as string));
    if (has(body.remark)) items = items.filter((p) => p.remark.includes(body.remark as string));
    if (has(body.groupName)) items = items.filter((p) => p.group === body.groupName);
    if (Array.isArray(body.tags) && body.tags.length)
      items = items.filter((p) => (body.tags as string[]).some((t) => p.tags.includes(t)));
    if (body.openStatus === 0 || body.openStatus === 1)
      items = items.filter((p) => (p.status !== 2) === (body.openStatus === 1));
    if (body.chargeMode === 0 || body.chargeMode === 1) items = items.filter((p) => p.chargeMode === body.chargeMode);
    const list = (v: unknown) => (Array.isArray(v) && v.length ? v.map(String) : null);
    const serialNos = list(body.serialNos);
    const proxyIds = list(body.proxyIds);
    if ((serialNos?.length ?? 0) > 100) return this.env(40004, 'serialNos limit 100');
    if ((proxyIds?.length ?? 0) > 10) return this.env(40004, 'proxyIds limit 10');
    if (serialNos) items = items.filter((p) => serialNos.includes(p.serialNo));
    if (proxyIds) items = items.filter((p) => proxyIds.includes(proxyIdOf(p)));
    const total = items.length;
    const slice =
      Array.isArray(ids) && ids.length
        ? items
        : items.slice(((page as number) - 1) * (pageSize as number), (page as number) * (pageSize as number));
    this.calls.push({ path: '/open/v1/phone/list', ids: 0 });
    return this.env(0, 'success', {
      total,
      page,
      pageSize,
      items: slice.map((p) => ({
        id: this.wireId(p.id),
        serialName: p.serialName,
        serialNo: p.serialNo,
        group: { id: `g-${p.group}`, name: p.group, remark: '' },
        remark: p.remark,
        status: p.status,
        tags: p.tags.map((name) => ({ name })),
        chargeMode: p.chargeMode,
        rpaStatus: p.busyTask ? 1 : 0,
        hasBind: p.chargeMode === 1,
        equipmentInfo: equipmentOf(p),
        proxy: {
          type: 'socks5',
          server: `proxy-${p.tags.includes('proxy-b') ? 'b' : 'a'}.example.net`,
          port: 1080,
          username: 'sim-proxy-user',
          password: 'sim-proxy-password',
        },
        createTime: 1_767_225_600,
        monthlyExpire: p.chargeMode === 1 ? 1_798_761_600 : 0,
      })),
    });
  }

  private start(body: Record<string, unknown>): SimReply {
    const width = body.width ?? 336;
    if (!Number.isInteger(width) || (width as number) < 200 || (width as number) > 600)
      return this.env(40004, 'width must be an integer 200-600');
    // Typed as the start page documents them: `center` and `energySavingMode` are 0/1 ints, the rest booleans.
    for (const flag of ['center', 'energySavingMode'] as const) {
      if (body[flag] !== undefined && body[flag] !== 0 && body[flag] !== 1)
        return this.env(40004, `${flag} must be 0 or 1`);
    }
    for (const flag of ['hideSideBar', 'displayTimer', 'hideLibrary', 'hideMirror'] as const) {
      if (body[flag] !== undefined && typeof body[flag] !== 'boolean')
        return this.env(40004, `${flag} must be a boolean`);
    }
    return this.batch('/open/v1/phone/start', body, 200, (p) => {
      if (p.expired) return { ok: false, code: 43004, msg: 'env is expired' };
      // A per-minute phone started while the plan's parallels are not all in use runs as one of them.
      if (p.status === 2) p.parallel = p.chargeMode === 0 && this.parallelsInUse() < this.opts.parallels;
      if (p.status === 2) p.next = { status: 0, at: this.opts.now() + this.opts.startDelayMs };
      if (p.status === 2) p.status = 1;
      const token = randomBytes(12).toString('hex');
      this.tokens.set(token, { id: p.id, exp: this.opts.now() + 60_000 });
      const q = new URLSearchParams({
        isApi: 'true',
        id: p.id,
        envName: p.serialName,
        envNo: p.serialNo,
        w: String(width),
        token,
        center: String(body.center !== 0),
        sidebar: String(body.hideSideBar !== true),
        timer: String(body.displayTimer === true),
      });
      return {
        ok: true,
        detail: {
          id: this.wireId(p.id),
          url: `${this.url}/viewer/index.html?${q}`,
          chargingMethod: p.chargeMode === 1 ? 'Monthly rental' : p.parallel ? 'Parallels' : 'Per-minute usage',
        },
      };
    });
  }

  /** An upload is an apk or xapk GeeLark holds (a resource URL from upload/getUrl); its review takes a moment. */
  private appUpload(body: Record<string, unknown>): SimReply {
    this.calls.push({ path: '/open/v1/app/upload', ids: 0 });
    if (typeof body.fileUrl !== 'string' || !/\.(apk|xapk)$/i.test(body.fileUrl.split(/[?#]/)[0]))
      return this.env(40004, 'fileUrl must be an apk or xapk');
    // GeeLark fetches a public URL itself (the review then says whether it could): only its own uploads and
    // https addresses are taken; `apps.unreachable` hosts make the upload fail as a fetch that failed would.
    const held = this.files.has(body.fileUrl);
    if (!held && !body.fileUrl.startsWith('https://')) return this.env(60003, 'Invalid file url');
    const host = /^https:\/\/([^/?#]+)/.exec(body.fileUrl)?.[1] ?? '';
    const fetched = held || !this.apps.unreachable.has(host);
    return this.env(0, 'success', this.apps.upload(body.desc, fetched));
  }

  /**
   * The shape of the one-phone calls on a running phone: the id checked and counted, 42001 for an unknown
   * phone, an injected fault if one waits, 42002 unless it runs; then the call itself.
   */
  private onRunningPhone(
    path: string,
    id: unknown,
    fault: Parameters<GeeLarkSim['failPhone']>[0] | null,
    act: (p: GeeLarkSimPhone) => SimReply,
    field = 'id',
  ): SimReply {
    if (typeof id !== 'string') return this.env(40004, `${field} must be a string`);
    this.calls.push({ path, ids: 1 });
    const p = this.phones.get(id);
    if (!p) return this.env(42001, 'env not found');
    this.settle(p);
    const injected = fault ? this.takeFault(fault, p.id) : null;
    if (injected) return this.env(injected.code, injected.msg);
    if (p.status !== 0 || p.expired) return this.env(42002, 'env is not running');
    return act(p);
  }

  /** Install or uninstall on one running phone; the answer is the bare envelope. */
  private appOnPhone(path: string, body: Record<string, unknown>): SimReply {
    return this.onRunningPhone(
      path,
      body.envId,
      null,
      (p) => {
        const code = path.endsWith('/install')
          ? this.apps.install(p.id, body.appVersionId)
          : this.apps.uninstall(p.id, body.packageName);
        return this.env(code, code ? 'refused' : 'success');
      },
      'envId',
    );
  }

  /** ADB on or off (`setStatus`, running phones only, asynchronous) and each phone's connection (`getData`). */
  private adbCall(path: string, body: Record<string, unknown>): SimReply {
    const ids = body.ids;
    if (!Array.isArray(ids) || !ids.length || !ids.every((x) => typeof x === 'string'))
      return this.env(40004, 'ids must be a non-empty string array');
    if (ids.length > 100) return this.env(40004, 'ids limit 100');
    this.calls.push({ path, ids: ids.length });
    const running = (id: string) => {
      const p = this.phones.get(id);
      if (p) this.settle(p);
      return !!p && p.status === 0 && !p.expired;
    };
    if (path.endsWith('/setStatus')) {
      if (typeof body.open !== 'boolean') return this.env(40004, 'open must be a boolean');
      this.adb.setStatus((ids as string[]).filter(running), body.open);
      return this.env(0, 'success');
    }
    const items = (ids as string[]).map((id) =>
      this.phones.has(id) ? this.adb.item(id, running(id)) : { code: 42001, id },
    );
    return this.env(0, 'success', { items });
  }

  /** One running phone per call (42002 otherwise); a file URL it cannot fetch is 60003. */
  private uploadFile(body: Record<string, unknown>): SimReply {
    return this.onRunningPhone('/open/v1/phone/uploadFile', body.id, 'uploadFile', (p) => {
      const task = this.files.push(p.id, body.fileUrl);
      return task ? this.env(0, 'success', task) : this.env(60003, 'Invalid file url');
    });
  }

  /** One running phone per call (42002 otherwise): the task whose result holds the image. */
  private screenShot(body: Record<string, unknown>): SimReply {
    return this.onRunningPhone('/open/v1/phone/screenShot', body.id, 'screenshot', (p) =>
      this.env(0, 'success', this.screens.take(p.id)),
    );
  }

  /** One running phone per call; the answer is the bare envelope. */
  private restart(body: Record<string, unknown>): SimReply {
    const p = typeof body.id === 'string' ? this.phones.get(body.id) : undefined;
    if (typeof body.id !== 'string') return this.env(40004, 'id must be a string');
    this.calls.push({ path: '/open/v1/phone/restart', ids: 1 });
    if (!p) return this.env(42001, 'env not found');
    this.settle(p);
    const fault = this.takeFault('restart', p.id);
    if (fault) return this.env(fault.code, fault.msg);
    if (p.busyTask) return this.env(43005, 'env is executing task');
    if (p.status !== 0) return this.env(42002, 'env is not running');
    p.status = 1;
    p.next = { status: 0, at: this.opts.now() + this.opts.startDelayMs };
    return this.env(0, 'success');
  }

  /**
   * "One-click new machine": a new device identity, apps and data cleared. A phone with a viewer open is
   * refused (43006), one running a task too (43005); a day allows `newOnePerDay` of them (44004).
   */
  private newOne(body: Record<string, unknown>): SimReply {
    if (typeof body.id !== 'string') return this.env(40004, 'id must be a string');
    this.calls.push({ path: '/open/v2/phone/newOne', ids: 1 });
    const p = this.phones.get(body.id);
    if (!p) return this.env(42001, 'env not found');
    this.settle(p);
    const fault = this.takeFault('newOne', p.id);
    if (fault) return this.env(fault.code, fault.msg);
    if (p.busyTask) return this.env(43005, 'env is executing task');
    if (p.viewerUntil > this.opts.now()) return this.env(43006, 'env is remote connected');
    const day = Math.floor(this.opts.now() / 86_400_000);
    const today = (this.newOnes.get(day) ?? 0) + 1;
    if (today > this.opts.newOnePerDay) return this.env(44004, 'daily new machine limit reached');
    this.newOnes.set(day, today);
    p.generation = (p.generation ?? 0) + 1;
    return this.env(0, 'success');
  }
  private readonly newOnes = new Map<number, number>();

  private parallelsInUse(): number {
    let n = 0;
    for (const p of this.phones.values()) if (p.parallel && p.status !== 2) n++;
    return n;
  }

  private takeFault(action: string, id: string): { code: number; msg: string } | null {
    const fault = this.phoneFaults.get(`${action}:${id}`);
    if (!fault) return null;
    if (--fault.times <= 0) this.phoneFaults.delete(`${action}:${id}`);
    return fault;
  }

  private stopOne(p: GeeLarkSimPhone): { ok: boolean; code?: number; msg?: string; detail?: unknown } {
    if (p.busyTask) return { ok: false, code: 43005, msg: 'env is executing task' };
    if (p.viewerUntil > this.opts.now()) return { ok: false, code: 43006, msg: 'env is remote connected' };
    // The real API answers at once and keeps reporting "started" for a while.
    if (p.status !== 2 && !p.next) p.next = { status: 2, at: this.opts.now() + this.opts.stopDelayMs };
    else if (p.next?.status === 0) p.next = { status: 2, at: this.opts.now() + this.opts.stopDelayMs };
    return { ok: true, detail: { id: this.wireId(p.id), serialName: p.serialName, status: p.status } };
  }

  private deleteOne(p: GeeLarkSimPhone): { ok: boolean; code?: number; msg?: string } {
    if (p.viewerUntil > this.opts.now()) return { ok: false, code: 43021, msg: 'env is in use' };
    if (p.status === 0) return { ok: false, code: 43009, msg: 'env is started' };
    if (p.status === 1) return { ok: false, code: 43010, msg: 'env is starting' };
    this.phones.delete(p.id);
    return { ok: true };
  }

  /** Shared shape of start/stop/status/delete: validate ids, apply per phone, report counts and details. */
  private batch(
    path: string,
    body: Record<string, unknown>,
    limit: number,
    apply: (p: GeeLarkSimPhone) => { ok: boolean; code?: number; msg?: string; detail?: unknown },
  ): SimReply {
    const ids = body.ids;
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((x) => typeof x === 'string'))
      return this.env(40004, 'ids must be a non-empty string array');
    if (ids.length > limit) return this.env(40004, `ids limit ${limit}`);
    this.calls.push({ path, ids: ids.length });
    this.batchIds.push({ path, ids: [...(ids as string[])] });
    if (path.endsWith('/start')) this.startCalls.push({ ids: [...ids], body });
    const action = path.split('/').pop()!;
    const successDetails: unknown[] = [];
    const failDetails: { code: number; id: string | LosslessNumber; msg: string }[] = [];
    for (const id of ids as string[]) {
      const p = this.phones.get(id);
      if (!p) {
        failDetails.push({ code: 42001, id: this.wireId(id), msg: 'env not found' });
        continue;
      }
      const fault = this.phoneFaults.get(`${action}:${id}`);
      if (fault) {
        if (--fault.times <= 0) this.phoneFaults.delete(`${action}:${id}`);
        failDetails.push({ code: fault.code, id: this.wireId(id), msg: fault.msg });
        continue;
      }
      const r = apply(p);
      if (r.ok) {
        if (r.detail) successDetails.push(r.detail);
      } else failDetails.push({ code: r.code!, id: this.wireId(id), msg: r.msg ?? '' });
    }
    // Like the real API: code 0 even when every id failed.
    return this.env(0, 'success', {
      totalAmount: ids.length,
      successAmount: ids.length - failDetails.length,
      failAmount: failDetails.length,
      ...((successDetails.length && !(action === 'stop' && this.opts.stopAnswers === 'counts')) ||
      action === 'start' ||
      action === 'status'
        ? { successDetails }
        : {}),
      failDetails,
    });
  }

  private viewer(req: SimRequest): SimReply {
    const token = req.url.searchParams.get('token') ?? '';
    const t = this.tokens.get(token);
    const p = t ? this.phones.get(t.id) : undefined;
    if (!t || !p || t.exp < this.opts.now()) {
      return {
        status: 403,
        body: viewerPage({ error: 'This link has expired. Open the phone again from Phonedeck.' }),
        headers: { 'content-type': 'text/html' },
      };
    }
    this.settle(p);
    p.viewerUntil = this.opts.now() + 15_000;
    const q = req.url.searchParams;
    return {
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: viewerPage({
        id: p.id,
        name: p.serialName,
        token,
        width: Number(q.get('w') ?? 336),
        sidebar: q.get('sidebar') !== 'false',
        timer: q.get('timer') === 'true',
        center: q.get('center') !== 'false',
      }),
    };
  }

  private viewerPing(req: SimRequest, bye: boolean): SimReply {
    const t = this.tokens.get(req.url.searchParams.get('token') ?? '');
    const p = t ? this.phones.get(t.id) : undefined;
    if (!p) return { status: 404, body: '' };
    this.settle(p);
    p.viewerUntil = bye ? 0 : this.opts.now() + 15_000;
    return json(200, { status: p.status });
  }
}

/**
 * Key-mode signature as the request-instructions page defines it: uppercase hex SHA-256 of
 * appId + traceId + ts + nonce + apiKey. Written here again on purpose, not imported from the app's
 * signer, so that a bug there cannot pass this check.
 */
function expectedSign(appId: string, traceId: string, ts: string, nonce: string, apiKey: string): string {
  const hash = createHash('sha256');
  for (const part of [appId, traceId, ts, nonce, apiKey]) hash.update(part, 'utf8');
  return hash.digest('hex').toUpperCase();
}

/** GeeLark's own, lower limits for the billing endpoints. */
const BILLING_LIMITS: Record<string, number> = { '/open/v1/pay/wallet': 10, '/open/v1/pay/plan/info': 1 };
const round2 = (n: number) => Math.round(n * 100) / 100;

function traceOf(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

/** The proxy a phone uses, by id (the list filters by these). */
const proxyIdOf = (p: GeeLarkSimPhone) => (p.tags.includes('proxy-b') ? 'px-b' : 'px-a');

const DEVICES = [
  { brand: 'Samsung', model: 'SM-G991B', name: 'Galaxy S21' },
  { brand: 'Google', model: 'GVU6C', name: 'Pixel 7' },
  { brand: 'Xiaomi', model: '23021RAAEG', name: 'Redmi Note 12' },
];

/** Every documented equipmentInfo field, made up per phone but stable. */
function equipmentOf(p: GeeLarkSimPhone) {
  const n = (Number(p.serialNo) || 0) + (p.generation ?? 0) * 104_729;
  const hex = (k: number) => ((n * 7919 + k) % 256).toString(16).padStart(2, '0');
  const mac = (k: number) => ['02', hex(k), hex(k + 1), hex(k + 2), hex(k + 3), hex(k + 4)].join(':');
  // A new machine is a new device: each identity has its own brand and model.
  const device = DEVICES[(p.generation ?? 0) % DEVICES.length];
  return {
    countryName: 'Singapore',
    phoneNumber: `+65 8${String(1_000_000 + n).slice(1)}`,
    enableSim: n % 3 === 0 ? 0 : 1,
    imei: `35${String(100_000_000_000 + n * 37).slice(0, 13)}`,
    osVersion: 'Android 12',
    wifiBssid: mac(1),
    mac: mac(2),
    bluetoothMac: mac(3),
    timeZone: 'Asia/Singapore',
    deviceBrand: device.brand,
    deviceModel: device.model,
    deviceName: `${device.name} (${p.serialNo})`,
    netType: n % 2,
    language: 'en-SG',
    province: 'Singapore',
    city: 'Singapore',
  };
}
