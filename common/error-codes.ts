/**
 * Every error code the app itself gives. Codes are how the window, the CLI and tests tell errors apart;
 * the message is for a person and comes in their language, so nothing may classify by its words.
 */
export const APP_ERROR_CODES = [
  'OK',
  'INTERNAL',
  'TIMEOUT',
  'NETWORK',
  'CANCELLED',
  'BAD_RESPONSE',
  'BAD_REQUEST',
  'INVALID_INPUT',
  'INVALID_OPTIONS',
  'UNKNOWN_CHANNEL',
  'FORBIDDEN',
  'UNAUTHORIZED',
  'TOO_LARGE',
  'AUTH',
  'KEY_LOCKED',
  'NO_SECRET',
  'NO_PROJECT',
  'NO_ENCRYPTION',
  'DECRYPT_FAILED',
  'DUPLICATE_ACCOUNT',
  'INSECURE_URL',
  'ACCOUNT_UNAVAILABLE',
  'NOT_FOUND',
  'AMBIGUOUS',
  'NOTHING_MATCHES',
  'UNSUPPORTED',
  'DENIED',
  'WITHDRAWN',
  'NEEDS_CONFIRMATION',
  'PLAN_EXPIRED',
  'NOTHING_TO_DO',
  'OPEN_FAILED',
  'OUTCOME_UNKNOWN',
  'UNCONFIRMED',
  'STILL_RUNNING',
  'JOB_FAILED',
  'JOB_TIMEOUT',
  'NO_URL',
  'NO_VIEWER',
  'UNSAFE_VIEWER_URL',
  'APP_GONE',
  'APP_NOT_RUNNING',
  'TOO_MANY_WAITING',
  'AUTH_TIMEOUT',
  'TEAM_OFFLINE',
  'TEAM_REFUSED',
  'HELD_BY_OTHER',
  'SCREENSHOT_FAILED',
  'PUSH_FAILED',
  'NOT_RUNNING',
  'APP_UPLOAD_FAILED',
  'APP_NOT_APPROVED',
  'APP_NOT_INSTALLED',
  'SHELL_FAILED',
  // A picked file the window names is no longer held (the app restarted, or it was never picked here).
  'PICK_EXPIRED',
  // Left out by the plan for a reason of its own (marked to keep, busy, held by a viewer…), said in words.
  'SKIPPED',
] as const;
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

/** A code a provider sent, kept exactly: GeeLark's numbers ("43009"), Huawei's ("CPS.0005", "APIG.0308"), an HTTP status. */
export type ProviderCode = `${number}` | `${string}.${string}` | `HTTP_${number}`;
export type ErrorCode = AppErrorCode | ProviderCode;

/** A provider's code as it arrived (a GeeLark number, a Huawei string). */
export const providerCode = (code: number | string): ProviderCode => String(code) as ProviderCode;

/**
 * Errors that Settings fixes, not a retry: refused or locked credentials, an IP not on the whitelist, an
 * IAM user without permission, an account in arrears, frozen or unverified, a keychain that cannot decrypt.
 */
const FIXED_IN_SETTINGS: ReadonlySet<string> = new Set<ErrorCode>([
  'AUTH',
  'KEY_LOCKED',
  'NO_SECRET',
  'DECRYPT_FAILED',
  '40016',
  'CPS.0001',
  'CPS.0006',
  'CPS.0007',
  'CPS.0008',
]);
export const isFixedInSettings = (code: string): boolean => FIXED_IN_SETTINGS.has(code);
