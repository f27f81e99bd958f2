import type { ErrorCode } from '../../common/error-codes';

export { providerCode, type ErrorCode } from '../../common/error-codes';

/**
 * One error type for everything a provider call can go wrong with. `maybeApplied` matters for money:
 * when a start or delete timed out, the provider may have done it, so we must not repeat it blindly.
 */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    /** Stable code shown to users and used in tests: provider codes ("43009", "CPS.0005") or app codes (TIMEOUT). */
    readonly code: ErrorCode,
    message: string,
    readonly opts: { retryable?: boolean; maybeApplied?: boolean; retryAfterMs?: number } = {},
  ) {
    super(message);
  }
  get retryable(): boolean {
    return this.opts.retryable ?? false;
  }
  get maybeApplied(): boolean {
    return this.opts.maybeApplied ?? false;
  }
}

export const isProviderError = (e: unknown): e is ProviderError => e instanceof ProviderError;

/** Plain-words message for anything thrown, without leaking stack traces across IPC. */
export function describeError(e: unknown): { code: ErrorCode; message: string } {
  if (e instanceof ProviderError) return { code: e.code, message: e.message };
  if (e instanceof Error) return { code: 'INTERNAL', message: e.message };
  return { code: 'INTERNAL', message: String(e) };
}
