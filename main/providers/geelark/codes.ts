/** GeeLark error codes in plain words (seed pages and the researched error table). */
export const GEELARK_MESSAGES: Record<number, string> = {
  40000: 'GeeLark reported an unknown error; contact GeeLark support if it persists',
  40001: 'GeeLark could not read the request',
  40002: 'The request had no trace id',
  40003: 'GeeLark rejected the credentials (wrong or expired token, or wrong App ID / API key)',
  40004: 'GeeLark rejected the request parameters',
  40005: 'Not found',
  40007: 'GeeLark rate limit reached; waiting for the next minute',
  40008: 'Page size out of range',
  40009: 'The whole batch failed',
  40011: 'This needs a paid GeeLark plan',
  40012: 'This GeeLark API is deprecated',
  40013: 'GeeLark user not found',
  40014: 'GeeLark locked this API key for 2 hours after too many requests in an hour',
  40015: 'Your GeeLark plan does not allow this',
  40016: "This computer's IP address is not on the GeeLark whitelist",
  40017: 'GeeLark is busy; try again shortly',
  41001: 'GeeLark balance is too low',
  42001: 'Phone does not exist',
  42002: 'Phone is not running',
  43004: 'Phone has expired; renew it in GeeLark',
  43005: 'Phone is executing a task, so it cannot be stopped',
  43006: 'Phone has a remote session open, so it cannot be stopped; close its window first',
  43007: 'Phone is already in use by another user',
  43008: 'Daily open limit reached',
  43009: 'Phone is running; stop it before deleting',
  43010: 'Phone is starting; wait until it is stopped before deleting',
  43020: 'Phone is temporarily unavailable; try again later',
  43021: 'Phone is in use; close its window and try again in a minute',
  43029: 'This phone model is under maintenance; try again later',
  45002: "The phone's proxy is unavailable; check the proxy",
  47001: 'Device concurrency limit reached',
  47002: 'Not enough cloud phone resources right now; try again later',
  47004: 'The device behind this phone no longer exists',
  50000: 'GeeLark internal error',
};

export function geelarkMessage(code: number, fallback: string): string {
  return GEELARK_MESSAGES[code] ?? `GeeLark error ${code}: ${fallback}`;
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
]);

/** GeeLark locks a key for two hours after its hourly limit (40014). */
export const GEELARK_LOCK_MS = 2 * 3_600_000;
