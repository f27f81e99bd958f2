/** The periods the Activity tab offers: rolling ones, calendar days, and a custom range of days. */
export const PERIOD_IDS = ['hour', 'today', 'yesterday', 'week', 'month', 'all', 'custom'] as const;
export type PeriodId = (typeof PERIOD_IDS)[number];

/** A custom range: local calendar days as the date inputs give them ("2026-12-05"), both included. */
export interface DayRange {
  from: string;
  to: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const startOfDay = (ms: number) => {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
};
/** Local midnight of a "YYYY-MM-DD" day, or null for what is not one. */
export function dayStart(day: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const ms = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime();
  return Number.isFinite(ms) ? ms : null;
}
/** "2026-12-05" for a time, in local time (what a date input shows). */
export function dayOf(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/**
 * The since/until of a period at `now`. Calendar days follow local midnights (a day with a clock change is
 * 23 or 25 hours long, so "the next midnight" is computed, never "+24 h"). A custom range with its ends
 * swapped is read the right way round; one that is not a pair of days is null (the form says so).
 */
export function periodRange(id: PeriodId, now: number, custom?: DayRange): { since?: number; until?: number } | null {
  const today = startOfDay(now);
  switch (id) {
    case 'hour':
      return { since: now - HOUR };
    case 'today':
      return { since: today };
    case 'yesterday':
      return { since: startOfDay(today - 1), until: today - 1 };
    case 'week':
      return { since: now - 7 * DAY };
    case 'month':
      return { since: now - 30 * DAY };
    case 'all':
      return {};
    case 'custom': {
      const a = custom ? dayStart(custom.from) : null;
      const b = custom ? dayStart(custom.to) : null;
      if (a === null || b === null) return null;
      const [first, last] = a <= b ? [a, b] : [b, a];
      // The end of the last day is the next local midnight, less a millisecond.
      return { since: first, until: startOfDay(last + DAY + 2 * HOUR) - 1 };
    }
  }
}
