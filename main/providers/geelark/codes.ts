import { isMessageKey, t } from '../../../common/i18n/i18n';

/** GeeLark error codes in plain words (seed pages and the researched error table), in the catalogue as `geelark.<code>`. */
export function geelarkMessage(code: number, fallback: string): string {
  const key = `geelark.${code}`;
  return isMessageKey(key) ? t(key) : t('err.geelark.other', { code: String(code), message: fallback });
}

/**
 * Refusals that say "nothing was done, try again later": the only answers after which a start or delete
 * may be sent again. 40007 is handled by the limiter (it pauses the account until the minute turns).
 */
export const GEELARK_TRY_AGAIN = new Set([40007, 40017, 47002, 43020]);

/**
 * Envelope codes that reject the request before anything happens (bad credentials, bad parameters, plan
 * limits). Anything not listed here or in GEELARK_TRY_AGAIN — 40000 "unknown error", 50000, codes we have
 * never seen — leaves the outcome unknown: reads are retried, actions are re-read, never resent.
 */
export const GEELARK_REFUSALS = new Set([
  40001, 40002, 40003, 40004, 40005, 40008, 40009, 40010, 40011, 40012, 40013, 40014, 40015, 40016, 41001,
  // Refusals of one phone (the answer of a one-phone call such as restart or new machine): nothing was done.
  42001, 42002, 43004, 43005, 43006, 43007, 43009, 43010, 43015, 43021, 43038, 44004, 45004,
  // A push refused because GeeLark cannot fetch its file, or the phone's system does not take it.
  60003, 43026,
  // App refusals: installing already, a higher version there, not installed, no such version.
  42003, 42004, 42005, 42006,
  // No shell on this phone's Android version (9 or 11); ADB not enabled, or not offered on this phone.
  50001, 49001, 49002,
]);

/** GeeLark locks a key for two hours after its hourly limit (40014). */
export const GEELARK_LOCK_MS = 2 * 3_600_000;
