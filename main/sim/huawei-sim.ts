import { commandRefusal } from './huawei-sim-commands';
import { randomBytes } from 'node:crypto';
import { seededRandom } from './geelark-sim';
import { verifyHuaweiSignature } from './huawei-verify';
import { HttpSimulator, json, readJson, type SimReply, type SimRequest } from './sim-http';

export interface HuaweiSimPhone {
  phone_id: string;
  phone_name: string;
  server_id: string;
  phone_model_name: string;
  availability_zone: string;
  image_version: string;
  status: number;
  create_time: string;
  /** Documented fields the app does not use, present so tests prove it tolerates them. */
  image_id: string;
  vnc_enable: 'true' | 'false';
  type: 0 | 1;
  imei: string;
  traffic_type: 'direct' | 'routing';
  volume_mode: 0 | 1;
  metadata: { order_id: string; product_id: string };
  has_encrypt: boolean;
  update_time: string;
}

export type PhoneFaultStage = 'accept' | 'job' | 'stuck';

interface SimJob {
  job_id: string;
  request_id: string;
  phone_id: string;
  status: 1 | 2 | -1;
  /** Infinity for a stuck job. */
  finishAt: number;
  /** Status the phone takes when the job ends, and the error if it fails. */
  onSuccess: number;
  onFailure: number;
  error: { code: string; msg: string } | null;
  begin_time: string;
}

export interface HuaweiSimOptions {
  ak?: string;
  sk?: string;
  domainName?: string;
  userName?: string;
  password?: string;
  region?: string;
  projectId?: string;
  phones?: number;
  jobDelayMs?: number;
  perMinute?: number;
  now?: () => number;
  seed?: number;
  tokenTtlMs?: number;
}

export function makeHuaweiFleet(count: number, seed = 11): HuaweiSimPhone[] {
  const rnd = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const roll = rnd();
    return {
      phone_id: randomHex(rnd),
      phone_name: `cph-${['bj', 'sh', 'gz'][i % 3]}-${String(i + 1).padStart(3, '0')}`,
      server_id: randomHex(rnd),
      phone_model_name: rnd() < 0.5 ? 'kc1.large.2' : 'kc1.xlarge.2',
      availability_zone: 'cn-north-4a',
      image_version: 'CloudPhone 2.3',
      status: roll < 0.25 ? 2 : roll < 0.93 ? 8 : roll < 0.97 ? -6 : 6,
      create_time: '2026-10-01T08:00:00Z',
      image_id: randomHex(rnd),
      vnc_enable: 'false',
      type: 0,
      imei: String(860000000000000 + Math.floor(rnd() * 1e9)),
      traffic_type: i % 2 ? 'routing' : 'direct',
      volume_mode: 0,
      metadata: { order_id: `CS${randomHex(rnd).slice(0, 12).toUpperCase()}`, product_id: randomHex(rnd) },
      has_encrypt: false,
      update_time: '2026-11-01T08:00:00Z',
    };
  });
}

function randomHex(rnd: () => number): string {
  return Array.from({ length: 32 }, () => Math.floor(rnd() * 16).toString(16)).join('');
}

/**
 * A local Huawei CPH + IAM endpoint: IAM password tokens (HTTP 201 + X-Subject-Token), AK/SK signature
 * verification with the real algorithm (and the 5-failure AK lock), offset/limit listing, batch-stop,
 * batch-restart and batch-reset that answer with per-phone jobs finishing after a delay, per-phone
 * errors inside jobs, and Huawei-shaped error bodies with APIG.0301 / APIG.0308 / CPS.xxxx codes.
 */
export class HuaweiSim extends HttpSimulator {
  readonly phones = new Map<string, HuaweiSimPhone>();
  readonly jobs = new Map<string, SimJob>();
  readonly calls: { method: string; path: string; ids: number }[] = [];
  /**
   * Per-phone failures: `${op}:${phoneId}` → error code. 'job' ones fail inside the job; 'accept' ones at
   * submit; 'stuck' ones leave the job running forever (as a hung server does).
   */
  readonly phoneFaults = new Map<string, { code: string; msg: string; at: PhoneFaultStage }>();
  private readonly tokens = new Map<string, number>();
  private akFailures = 0;
  private akLockedUntil = 0;
  private readonly minute = new Map<number, number>();
  readonly opts: Required<Omit<HuaweiSimOptions, 'phones' | 'seed'>>;

  constructor(options: HuaweiSimOptions = {}) {
    super();
    this.opts = {
      ak: options.ak ?? 'SIMAK0000000000000001',
      sk: options.sk ?? 'sim-secret-key-0000000000000000000000',
      domainName: options.domainName ?? 'sim-account',
      userName: options.userName ?? 'sim-user',
      password: options.password ?? 'sim-password',
      region: options.region ?? 'cn-north-4',
      projectId: options.projectId ?? '0123456789abcdef0123456789abcdef',
      jobDelayMs: options.jobDelayMs ?? 4_000,
      perMinute: options.perMinute ?? 300,
      now: options.now ?? Date.now,
      tokenTtlMs: options.tokenTtlMs ?? 24 * 3_600_000,
    };
    for (const p of makeHuaweiFleet(options.phones ?? 12, options.seed)) this.phones.set(p.phone_id, p);
    this.http.codeReply = (code) =>
      this.error(code === 'APIG.0308' ? 429 : code === 'APIG.0301' ? 401 : 400, String(code), 'injected fault');
  }

  /** Every accepted `phones/commands` request: what ran on which phones. */
  readonly commandLog: { command: string; content: string; phones: string[] }[] = [];

  failPhone(
    op: 'batch-stop' | 'batch-restart' | 'batch-reset' | 'commands',
    phoneId: string,
    code: string,
    at: PhoneFaultStage = 'job',
    msg = 'injected failure',
  ): void {
    this.phoneFaults.set(`${op}:${phoneId}`, { code, msg, at });
  }
  /** How many IAM tokens were issued and not revoked (lets tests see when the client fetched a new one). */
  get issuedTokens(): number {
    return this.tokens.size;
  }

  /** Ends every token early, as a password change or arrears would. */
  revokeTokens(): void {
    this.tokens.clear();
  }
  phone(id: string): HuaweiSimPhone | undefined {
    this.settleJobs();
    return this.phones.get(id);
  }

  private error(status: number, code: string, msg: string): SimReply {
    return json(status, { request_id: reqId(), error_code: code, error_msg: msg });
  }

  protected async route(req: SimRequest): Promise<SimReply> {
    const path = req.url.pathname;
    if (path === '/v3/auth/tokens' && req.method === 'POST') return this.issueToken(req);
    const who = this.authenticate(req);
    if (who) return who;
    const bucket = Math.floor(this.opts.now() / 60_000);
    const n = (this.minute.get(bucket) ?? 0) + 1;
    this.minute.set(bucket, n);
    if (n > this.opts.perMinute) {
      return this.error(
        429,
        'APIG.0308',
        `The throttling threshold has been reached: policy user over ratelimit,limit:${this.opts.perMinute},time:1 minute`,
      );
    }
    if (path === '/v3/projects' && req.method === 'GET') {
      const name = req.url.searchParams.get('name');
      return json(200, {
        projects: name === this.opts.region ? [{ id: this.opts.projectId, name: this.opts.region }] : [],
      });
    }
    const m = /^\/v1\/([^/]+)\/cloud-phone\/(.+)$/.exec(path);
    if (!m) return this.error(404, 'APIG.0101', 'The API does not exist or has not been published in the environment.');
    if (m[1] !== this.opts.projectId) return this.error(400, 'CPS.0001', 'No permission to request resources.');
    this.settleJobs();
    const sub = m[2];
    // Huawei documents no code for these two; the simulator uses its own, distinct ones so that a client
    // bug shows up as exactly what it is rather than as "phone list is empty".
    if (req.method === 'POST' && !/^application\/json(;|$)/i.test(String(req.headers['content-type'] ?? ''))) {
      return this.error(415, 'SIM.CONTENT_TYPE', 'Content-Type must be application/json.');
    }
    const body = readJson(req.rawBody || '{}');
    if (!body.ok) return this.error(400, 'SIM.BAD_JSON', 'Request body is not valid JSON.');
    const b = (body.value ?? {}) as Record<string, unknown>;
    if (req.method === 'GET' && sub === 'phones') return this.list(req.url.searchParams);
    if (req.method === 'GET' && sub.startsWith('phones/')) {
      const p = this.phones.get(decodeURIComponent(sub.slice('phones/'.length)));
      this.calls.push({ method: 'GET', path: 'phone-detail', ids: 1 });
      return p ? json(200, { request_id: reqId(), ...p }) : this.error(400, 'CPS.0005', 'Phone is not found.');
    }
    if (req.method === 'GET' && sub === 'jobs') return this.listJobs(req.url.searchParams);
    if (req.method === 'GET' && sub.startsWith('jobs/')) {
      const j = this.jobs.get(sub.slice('jobs/'.length));
      this.calls.push({ method: 'GET', path: 'job-detail', ids: 1 });
      return j ? json(200, publicJob(j)) : this.error(404, 'SIM.JOB_NOT_FOUND', 'Job not found.');
    }
    if (req.method === 'POST' && sub === 'phones/batch-stop') {
      const ids = b.phone_ids;
      if (!Array.isArray(ids) || !ids.length) return this.error(400, 'CPS.0009', 'Parameter: phone_id list is empty.');
      return this.submit('batch-stop', ids.map(String), (p) =>
        p.status === 8 ? null : { during: 7, success: 8, failure: -9 },
      );
    }
    if (req.method === 'POST' && (sub === 'phones/batch-restart' || sub === 'phones/batch-reset')) {
      const phones = b.phones;
      if (!Array.isArray(phones) || !phones.length)
        return this.error(400, 'CPS.0009', 'Parameter: phone_id list is empty.');
      const reset = sub.endsWith('reset');
      return this.submit(
        reset ? 'batch-reset' : 'batch-restart',
        phones.map((x) => String((x as { phone_id?: unknown })?.phone_id ?? '')),
        () => (reset ? { during: 3, success: 2, failure: -5 } : { during: 4, success: 2, failure: -6 }),
      );
    }
    if (req.method === 'POST' && sub === 'phones/commands') {
      const ids = b.phone_ids;
      if (!Array.isArray(ids) || !ids.length) return this.error(400, 'CPS.0009', 'Parameter: phone_id list is empty.');
      const refusal = commandRefusal(b.command, b.content);
      if (refusal) return this.error(400, 'CPS.0009', refusal);
      this.commandLog.push({ command: String(b.command), content: String(b.content), phones: ids.map(String) });
      // A command runs as a job per phone and leaves the phone as it was.
      return this.submit('commands', ids.map(String), (p) => ({
        during: p.status,
        success: p.status,
        failure: p.status,
      }));
    }
    return this.error(404, 'APIG.0101', 'The API does not exist or has not been published in the environment.');
  }

  private issueToken(req: SimRequest): SimReply {
    const parsed = readJson(req.rawBody);
    type PasswordAuth = {
      identity?: { password?: { user?: { name?: string; password?: string; domain?: { name?: string } } } };
    };
    const auth = parsed.ok ? (parsed.value as { auth?: PasswordAuth }).auth : undefined;
    const user = auth?.identity?.password?.user;
    if (
      !user ||
      user.name !== this.opts.userName ||
      user.password !== this.opts.password ||
      user.domain?.name !== this.opts.domainName
    ) {
      return json(401, { error: { code: 401, message: 'The username or password is wrong.', title: 'Unauthorized' } });
    }
    const token = `MII${randomBytes(24).toString('base64url')}`;
    const exp = this.opts.now() + this.opts.tokenTtlMs;
    this.tokens.set(token, exp);
    return json(
      201,
      {
        token: {
          expires_at: new Date(exp).toISOString(),
          issued_at: new Date(this.opts.now()).toISOString(),
          project: { id: this.opts.projectId, name: this.opts.region },
        },
      },
      { 'X-Subject-Token': token },
    );
  }

  /** Null when the request is authenticated, otherwise the gateway's 401 reply. */
  private authenticate(req: SimRequest): SimReply | null {
    const token = req.headers['x-auth-token'];
    if (typeof token === 'string') {
      const exp = this.tokens.get(token);
      return exp && exp > this.opts.now()
        ? null
        : this.error(401, 'APIG.0301', 'Incorrect IAM authentication information: token expires.');
    }
    if (this.opts.now() < this.akLockedUntil)
      return this.error(
        401,
        'APIG.0301',
        'Incorrect IAM authentication information: AK access failed to reach the limit,forbidden.',
      );
    const date = String(req.headers['x-sdk-date'] ?? '');
    const fail = (why: string) => {
      if (++this.akFailures >= 5) this.akLockedUntil = this.opts.now() + 5 * 60_000;
      return this.error(401, 'APIG.0301', `Incorrect IAM authentication information: ${why}`);
    };
    const at = Date.parse(date.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
    if (!Number.isFinite(at) || Math.abs(at - this.opts.now()) > 15 * 60_000) return fail('x-sdk-date is out of range');
    const verdict = verifyHuaweiSignature(req, (ak) => (ak === this.opts.ak ? this.opts.sk : null));
    if (!verdict.ok) return fail(verdict.why);
    this.akFailures = 0;
    return null;
  }

  private list(q: URLSearchParams): SimReply {
    const offset = Number(q.get('offset') ?? 0);
    const limit = Number(q.get('limit') ?? 100);
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1 || limit > 200) {
      return this.error(400, 'CPS.0002', 'Parameter: offset or limit is invalid.');
    }
    let phones = [...this.phones.values()];
    const status = q.get('status');
    if (status !== null) {
      if (!/^-?\d+$/.test(status)) return this.error(400, 'CPS.0010', 'Parameter: status is invalid.');
      phones = phones.filter((p) => p.status === Number(status));
    }
    const name = q.get('phone_name');
    if (name) phones = phones.filter((p) => p.phone_name.includes(name));
    this.calls.push({ method: 'GET', path: 'phones', ids: 0 });
    return json(200, { request_id: reqId(), count: phones.length, phones: phones.slice(offset, offset + limit) });
  }

  private listJobs(q: URLSearchParams): SimReply {
    const ids = (q.get('request_ids') ?? q.get('request_id') ?? '').split(',').filter(Boolean);
    if (!ids.length || ids.length > 20) return this.error(400, 'SIM.REQUEST_IDS', 'Give 1 to 20 request ids.');
    const offset = Number(q.get('offset') ?? 0);
    const limit = Number(q.get('limit') ?? 100);
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1 || limit > 100) {
      return this.error(400, 'CPS.0002', 'Parameter: offset or limit is invalid.');
    }
    this.calls.push({ method: 'GET', path: 'jobs', ids: 0 });
    const wanted = new Set(ids);
    const jobs = [...this.jobs.values()].filter((j) => wanted.has(j.request_id));
    return json(200, { request_id: reqId(), jobs: jobs.slice(offset, offset + limit).map(publicJob) });
  }

  private submit(
    op: 'batch-stop' | 'batch-restart' | 'batch-reset' | 'commands',
    ids: string[],
    plan: (p: HuaweiSimPhone) => { during: number; success: number; failure: number } | null,
  ): SimReply {
    const request_id = reqId();
    this.calls.push({ method: 'POST', path: op, ids: ids.length });
    const now = this.opts.now();
    const jobs = ids.map((phone_id) => {
      const p = this.phones.get(phone_id);
      if (!p) return { phone_id, error_code: 'CPS.0005', error_msg: 'Phone is not found.' };
      const fault = this.phoneFaults.get(`${op}:${phone_id}`);
      if (fault?.at === 'accept') {
        this.phoneFaults.delete(`${op}:${phone_id}`);
        return { phone_id, error_code: fault.code, error_msg: fault.msg };
      }
      if ([...this.jobs.values()].some((j) => j.phone_id === phone_id && j.status === 1)) {
        return { phone_id, error_code: 'CPS.0023', error_msg: 'Duplicate apply the phone.' };
      }
      const steps = plan(p);
      const job: SimJob = {
        job_id: reqId(),
        request_id,
        phone_id,
        status: 1,
        finishAt: fault?.at === 'stuck' ? Infinity : now + (steps ? this.opts.jobDelayMs : 0),
        onSuccess: steps?.success ?? p.status,
        onFailure: steps?.failure ?? p.status,
        error: fault ? { code: fault.code, msg: fault.msg } : null,
        begin_time: new Date(now).toISOString(),
      };
      if (fault) this.phoneFaults.delete(`${op}:${phone_id}`);
      if (steps) p.status = steps.during;
      this.jobs.set(job.job_id, job);
      return { phone_id, job_id: job.job_id };
    });
    return json(200, { request_id, jobs });
  }

  private settleJobs(): void {
    const now = this.opts.now();
    for (const j of this.jobs.values()) {
      if (j.status !== 1 || now < j.finishAt) continue;
      const p = this.phones.get(j.phone_id);
      j.status = j.error ? -1 : 2;
      if (p) p.status = j.error ? j.onFailure : j.onSuccess;
    }
  }
}

function publicJob(j: SimJob) {
  return {
    job_id: j.job_id,
    request_id: j.request_id,
    phone_id: j.phone_id,
    status: j.status,
    begin_time: j.begin_time,
    ...(j.status !== 1 ? { end_time: new Date(j.finishAt).toISOString() } : {}),
    ...(j.status === -1 && j.error ? { error_code: j.error.code, error_msg: j.error.msg } : {}),
  };
}

const reqId = () => randomBytes(16).toString('hex');
