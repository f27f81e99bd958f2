import type { Clock } from '../../kernel/clock';
import { t } from '../../../common/i18n/i18n';
import { ProviderError, providerCode } from '../../kernel/errors';
import { parseJsonBody, sendHttp, type FetchLike, type HttpResponse } from '../plumbing/http';
import type { RateLimiter } from '../plumbing/rate-limiter';
import { retrySafe, SAFE_READ_RETRY } from '../plumbing/retry';
import { huaweiMessage } from './codes';
import { sdkDate, signHuawei, type QueryValue } from './sign';

export type HuaweiAuth =
  | { mode: 'aksk'; ak: string; sk: string }
  | { mode: 'password'; domainName: string; userName: string; password: string };

export interface HuaweiEndpoints {
  cph: string;
  iam: string;
  region: string;
}

export function defaultEndpoints(region: string): HuaweiEndpoints {
  // The SDK's regional IAM map has no entry for these two; they use the global endpoint.
  const globalIam = region === 'ru-northwest-2' || region === 'af-north-1';
  return {
    region,
    cph: `https://cph.${region}.myhuaweicloud.com`,
    iam: globalIam ? 'https://iam.myhuaweicloud.com' : `https://iam.${region}.myhuaweicloud.com`,
  };
}

interface Token {
  value: string;
  projectId: string | null;
  /** Refresh an hour before Huawei's 24 h expiry. */
  refreshAt: number;
}

/**
 * Huawei Cloud transport: AK/SK signing or an IAM token (cached, refreshed before 24 h, re-fetched once
 * on APIG.0301), project id lookup, error bodies mapped to clear messages, and backoff on APIG.0308.
 */
export class HuaweiClient {
  private token: Token | null = null;
  private projectId: string | null;

  constructor(
    private readonly deps: {
      auth: HuaweiAuth;
      endpoints: HuaweiEndpoints;
      projectId?: string;
      fetch: FetchLike;
      clock: Clock;
      limiter: RateLimiter;
      timeoutMs?: number;
    },
  ) {
    this.projectId = deps.projectId ?? null;
  }

  async project(signal?: AbortSignal): Promise<string> {
    if (this.projectId) return this.projectId;
    if (this.deps.auth.mode === 'password') {
      const t = await this.getToken(false, signal);
      if (t.projectId) return (this.projectId = t.projectId);
    }
    const res = await this.send(
      'GET',
      this.deps.endpoints.iam,
      '/v3/projects',
      { name: this.deps.endpoints.region },
      undefined,
      'iam',
      signal,
    );
    const projects = (res as { projects?: { id: string; name: string }[] }).projects ?? [];
    const found = projects.find((p) => p.name === this.deps.endpoints.region) ?? projects[0];
    if (!found)
      throw new ProviderError('NO_PROJECT', t('err.huawei.noProject', { region: this.deps.endpoints.region }));
    return (this.projectId = found.id);
  }

  /** A CPH call under /v1/{project_id}. */
  async cph<T>(
    method: 'GET' | 'POST',
    subPath: string,
    opts: { query?: Record<string, QueryValue>; body?: unknown; safe: boolean; bucket: string; signal?: AbortSignal },
  ): Promise<T> {
    const pid = await this.project(opts.signal);
    const run = () =>
      this.send(
        method,
        this.deps.endpoints.cph,
        `/v1/${pid}/cloud-phone/${subPath}`,
        opts.query ?? {},
        opts.body,
        opts.bucket,
        opts.signal,
      ) as Promise<T>;
    return retrySafe(
      this.deps.clock,
      SAFE_READ_RETRY,
      async () => {
        try {
          return await run();
        } catch (e) {
          if (e instanceof ProviderError && !opts.safe && e.maybeApplied)
            throw new ProviderError(e.code, e.message, { ...e.opts, retryable: false });
          throw e;
        }
      },
      opts.signal,
    );
  }

  private async getToken(force = false, signal?: AbortSignal): Promise<Token> {
    if (this.deps.auth.mode !== 'password') throw new Error('token auth only');
    if (this.token && !force && this.deps.clock.now() < this.token.refreshAt) return this.token;
    const a = this.deps.auth;
    const body = JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: a.userName, password: a.password, domain: { name: a.domainName } } },
        },
        scope: this.projectId ? { project: { id: this.projectId } } : { project: { name: this.deps.endpoints.region } },
      },
    });
    const res = await this.deps.limiter.run(
      'iam-token',
      () =>
        sendHttp(this.deps.fetch, {
          method: 'POST',
          url: `${this.deps.endpoints.iam.replace(/\/$/, '')}/v3/auth/tokens?nocatalog=true`,
          headers: { 'Content-Type': 'application/json;charset=utf8' },
          body,
          timeoutMs: this.deps.timeoutMs ?? 15_000,
          signal,
        }),
      signal,
    );
    const value = res.headers.get('x-subject-token');
    if (res.status !== 201 || !value) {
      if (res.status === 401 || res.status === 400) throw new ProviderError('AUTH', t('err.huawei.iam'));
      throw this.errorFrom(res);
    }
    const parsed = parseJsonBody(res) as { token?: { expires_at?: string; project?: { id?: string } } };
    const expires = Date.parse(parsed.token?.expires_at ?? '') || this.deps.clock.now() + 24 * 3_600_000;
    this.token = { value, projectId: parsed.token?.project?.id ?? null, refreshAt: expires - 3_600_000 };
    return this.token;
  }

  private async send(
    method: 'GET' | 'POST',
    base: string,
    path: string,
    query: Record<string, QueryValue>,
    body: unknown,
    bucket: string,
    signal?: AbortSignal,
    retried = false,
  ): Promise<unknown> {
    const url = new URL(base.replace(/\/$/, '') + path);
    const qs = Object.entries(query).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => [k, String(x)]));
    for (const [k, v] of qs) url.searchParams.append(k, v);
    const bodyText = body === undefined ? '' : JSON.stringify(body);
    const res = await this.deps.limiter.run(
      bucket,
      async () => {
        const headers: Record<string, string> = { 'Content-Type': 'application/json' };
        if (this.projectId && bucket !== 'iam') headers['X-Project-Id'] = this.projectId;
        if (this.deps.auth.mode === 'aksk') {
          headers['X-Sdk-Date'] = sdkDate(this.deps.clock.now());
          headers.Authorization = signHuawei({
            method,
            host: url.host,
            path: url.pathname,
            query,
            headers: { ...headers },
            body: bodyText,
            ak: this.deps.auth.ak,
            sk: this.deps.auth.sk,
          });
        } else {
          headers['X-Auth-Token'] = (await this.getToken(false, signal)).value;
        }
        return sendHttp(this.deps.fetch, {
          method,
          url: url.toString(),
          headers,
          body: bodyText || undefined,
          timeoutMs: this.deps.timeoutMs ?? 15_000,
          signal,
        });
      },
      signal,
    );
    if (res.status >= 200 && res.status < 300) return res.text ? parseJsonBody(res) : {};
    const err = this.errorFrom(res);
    // An expired or revoked token: fetch a new one once, then give up.
    if (err.code === 'AUTH' && this.deps.auth.mode === 'password' && !retried) {
      this.token = null;
      return this.send(method, base, path, query, body, bucket, signal, true);
    }
    throw err;
  }

  private errorFrom(res: HttpResponse): ProviderError {
    let code: string = `HTTP_${res.status}`;
    let msg = '';
    try {
      const b = JSON.parse(res.text) as { error_code?: string; error_msg?: string; error?: { message?: string } };
      code = b.error_code ?? code;
      msg = b.error_msg ?? b.error?.message ?? '';
    } catch {
      /* not JSON: keep the HTTP code */
    }
    if (code.endsWith('.0301') || res.status === 401) return new ProviderError('AUTH', huaweiMessage('APIG.0301', msg));
    if (code.endsWith('.0308') || res.status === 429) {
      this.deps.limiter.pauseFor(3_000);
      return new ProviderError('APIG.0308', huaweiMessage('APIG.0308', msg), {
        retryable: true,
        maybeApplied: false,
        retryAfterMs: 3_000,
      });
    }
    if (res.status >= 500)
      return new ProviderError(providerCode(code), t('err.huawei.http', { status: res.status }), {
        retryable: true,
        maybeApplied: true,
      });
    if (code === 'CPS.0003')
      return new ProviderError(providerCode(code), huaweiMessage(code, msg), { retryable: true, maybeApplied: true });
    return new ProviderError(providerCode(code), huaweiMessage(code, msg));
  }
}
