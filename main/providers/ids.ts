/**
 * A provider's phone id as the exact string we key phones by, or null when it cannot be trusted.
 * Ids arrive as JSON strings or (in some GeeLark answers) as JSON numbers; numbers past 2^53 were kept
 * as digit strings by the lossless parser. A float or an unsafe JS number would have been rounded, so
 * it is never matched: a rounded id can name a different phone.
 */
export function exactId(value: unknown): string | null {
  if (typeof value === 'string') return value.length > 0 && value.length <= 128 ? value : null;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  return null;
}

/** The value as an array, or empty when a provider sent something else in its place. */
export function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value if it is a string, else "" (provider fields that should be text but may be anything). */
export const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The value as a plain object, or null. */
export function objectOf(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}
