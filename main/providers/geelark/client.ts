import type { Clock } from '../../kernel/clock';
import { t } from '../../../common/i18n/i18n';
import { ProviderError, providerCode } from '../../kernel/errors';
import { parseJsonBody, sendHttp, type FetchLike } from '../plumbing/http';
import type { RateLimiter } from '../plumbing/rate-limiter';
import { retrySafe, SAFE_READ_RETRY } from '../plumbing/retry';
import { GEELARK_LOCK_MS, GEELARK_REFUSALS, GEELARK_TRY_AGAIN, geelarkMessage } from './codes';
import { geelarkAuthHeaders, newTraceId, type GeeLarkAuth } from './sign';

export const GEELARK_BASE_URL = 'https://openapi.geelark.com';

export interface GeeLarkClientDeps {
  baseUrl: string;
  auth: GeeLarkAuth;
  fetch: FetchLike;
  clock: Clock;
  limiter: RateLimiter;
  timeoutMs?: number;
}

interface Envelope {
  code: number;
  msg?: string;
  traceId?: string;
  data?: unknown;
}

/**
 * Transport for the GeeLark Open API: every call is a POST with a JSON body and a fresh traceId/sign,
 * goes through the account's limiter (one bucket per endpoint), and unwraps the {code,msg,data} envelope
 * that GeeLark returns with HTTP 200 even for errors.
 */
export class GeeLarkClient {
  constructor(private readonly deps: GeeLarkClientDeps) {}

  /**
   * `safe` calls (reads, stop) are retried with backoff on transient faults. Unsafe ones (start, delete)
   * are retried only when the provider proved it did nothing (rate limited before acting).
   */
  async call<T>(
    path: string,
    body: unknown,
    opts: { safe: boolean; batch?: boolean; signal?: AbortSignal },
  ): Promise<T> {
    return retrySafe(
      this.deps.clock,
      SAFE_READ_RETRY,
      async () => {
        try {
          return await this.callOnce<T>(path, body, opts.batch ?? false, opts.signal);
        } catch (e) {
          if (e instanceof ProviderError && !opts.safe && e.maybeApplied) {
            // Not retryable: the provider may have acted. Rethrow without the retry flag.
            throw new ProviderError(e.code, e.message, { ...e.opts, retryable: false });
          }
          throw e;
        }
      },
      opts.signal,
    );
  }

  private async callOnce<T>(path: string, body: unknown, batch: boolean, signal?: AbortSignal): Promise<T> {
    const { limiter, clock } = this.deps;
    return limiter.run(
      path,
      async () => {
        const traceId = newTraceId();
        const res = await sendHttp(this.deps.fetch, {
          method: 'POST',
          url: this.deps.baseUrl.replace(/\/$/, '') + path,
          headers: { 'Content-Type': 'application/json', ...geelarkAuthHeaders(this.deps.auth, traceId, clock.now()) },
          body: JSON.stringify(body),
          timeoutMs: this.deps.timeoutMs ?? 15_000,
          signal,
        });
        if (res.status === 401 || res.status === 403)
          throw new ProviderError('AUTH', geelarkMessage(40003, 'unauthorised'));
        if (res.status >= 500)
          throw new ProviderError(`HTTP_${res.status}`, t('err.geelark.http', { status: res.status }), {
            retryable: true,
            maybeApplied: true,
          });
        if (res.status !== 200)
          throw new ProviderError(`HTTP_${res.status}`, t('err.geelark.unexpected', { status: res.status }), {
            maybeApplied: true,
          });
        const env = parseJsonBody(res) as Envelope;
        if (typeof env !== 'object' || env === null || typeof env.code !== 'number') {
          throw new ProviderError('BAD_RESPONSE', t('err.geelark.noCode'), { retryable: true, maybeApplied: true });
        }
        if (env.code === 0) return env.data as T;
        // "Partial success" / "batch completely failed" carry the per-phone details the batch reader needs.
        if (batch && (env.code === 40006 || env.code === 40009) && typeof env.data === 'object' && env.data !== null)
          return env.data as T;
        throw this.envelopeError(env);
      },
      signal,
    );
  }

  private envelopeError(env: Envelope): ProviderError {
    const message = geelarkMessage(env.code, typeof env.msg === 'string' ? env.msg : '');
    if (env.code === 40003) return new ProviderError('AUTH', message);
    if (env.code === 40014) {
      const until = this.deps.clock.now() + GEELARK_LOCK_MS;
      this.deps.limiter.lock(message, until);
      return new ProviderError('KEY_LOCKED', message, { retryAfterMs: GEELARK_LOCK_MS });
    }
    if (env.code === 40007) {
      // Cleared "in the next minute": hold the whole account until the minute turns.
      const now = this.deps.clock.now();
      const untilNextMinute = 60_000 - (now % 60_000) + 250;
      this.deps.limiter.pauseFor(untilNextMinute);
      return new ProviderError('40007', message, {
        retryable: true,
        maybeApplied: false,
        retryAfterMs: untilNextMinute,
      });
    }
    if (GEELARK_TRY_AGAIN.has(env.code))
      return new ProviderError(providerCode(env.code), message, { retryable: true, maybeApplied: false });
    if (GEELARK_REFUSALS.has(env.code))
      return new ProviderError(providerCode(env.code), message, { retryable: false, maybeApplied: false });
    // 40000, 50000 and unknown codes say nothing about what happened: a read may be retried, an action is
    // reported as an unknown outcome and re-read (call() strips the retry for unsafe calls).
    return new ProviderError(providerCode(env.code), message, { retryable: true, maybeApplied: true });
  }
}
