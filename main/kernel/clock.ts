import { isProviderError, ProviderError } from './errors';
import { t } from '../../common/i18n/i18n';

/** Time as a dependency, so limiters, pollers and simulators can be tested without waiting. */
export interface Clock {
  now(): number;
  /**
   * Milliseconds on a clock that only moves forward, whatever the wall clock does: how long ago something
   * happened (a viewer closed, a person acted) is measured on it, so setting the clock forward changes nothing.
   */
  monotonic(): number;
  /** Resolves after `ms`, or as soon as `signal` aborts (callers check the signal afterwards). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      // An aborted wait must not leave its timer behind: a stopped poller holds nothing open.
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/**
 * Thrown by provider calls once their signal aborted (a poller stopping, a cancelled or timed-out
 * connection test). An abort reason that is already a ProviderError (a deadline) is thrown as it is.
 */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  throw isProviderError(signal.reason) ? signal.reason : new ProviderError('CANCELLED', t('err.cancelled'));
}
