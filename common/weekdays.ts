import { i18n, t } from './i18n/i18n';

/** Weekday names and runs of days in the current language. Kept apart from policy.ts so the window needs no zod. */
export const dayName = (d: number): string => t(`day.${d as 0 | 1 | 2 | 3 | 4 | 5 | 6}`);

/** "every day", "Mon–Fri", "weekends" or "Mon, Wed". */
export function describeDays(days: readonly number[]): string {
  const set = [...new Set(days)].sort();
  if (set.length === 7) return t('days.every');
  if (set.join() === '1,2,3,4,5') return t('days.weekdays');
  if (set.join() === '0,6') return t('days.weekends');
  return i18n().items(set.map(dayName));
}
