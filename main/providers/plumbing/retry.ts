import { throwIfAborted, type Clock } from '../../kernel/clock';
import { isProviderError } from '../../kernel/errors';

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const SAFE_READ_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8_000 };

/**
 * Retries an operation that is safe to repeat (reads, stop). Callers never wrap start, delete or create
 * in this: those are sent once and an unknown outcome is reported as such.
 */
export async function retrySafe<T>(
  clock: Clock,
  policy: RetryPolicy,
  op: (attempt: number) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    throwIfAborted(signal);
    try {
      return await op(attempt);
    } catch (e) {
      lastError = e;
      if (!isProviderError(e) || !e.retryable || attempt === policy.attempts || signal?.aborted) throw e;
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const jitter = backoff * 0.2 * Math.random();
      await clock.sleep(Math.max(e.opts.retryAfterMs ?? 0, backoff + jitter), signal);
    }
  }
  throw lastError;
}
