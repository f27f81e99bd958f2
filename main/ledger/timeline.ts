import type { PhoneHistory, PhoneTimeline } from '../../common/activity';
import type { Phone } from '../../common/phone';
import { round2 } from '../../common/money';

const MINUTE = 60_000;

/** What the timeline needs to know of the phone now (null when it is no longer listed) and of its price. */
export interface TimelineContext {
  key: string;
  accountId: string;
  from: number;
  to: number;
  listed: { name: string; accountId: string; billing: Phone['billing'] } | null;
  price: { perMinute: number; currency: string } | null;
}

/**
 * A phone's history put together for a person: running time inside the period, and its estimated cost.
 * A per-minute phone is billed each minute it has started (10 seconds of running is a minute, not $0.00);
 * a monthly phone costs the same running or not, so no cost is made up for it.
 */
export function buildTimeline(history: PhoneHistory, c: TimelineContext): PhoneTimeline {
  let runningMs = 0;
  let billedMinutes = 0;
  for (const r of history.runs) {
    const ms = Math.max(0, Math.min(r.end ?? c.to, c.to) - Math.max(r.start, c.from));
    runningMs += ms;
    billedMinutes += Math.ceil(ms / MINUTE);
  }
  const lastName = history.actions.at(-1)?.name;
  const perMinute = !c.listed || c.listed.billing === 'per-minute' || c.listed.billing === 'unknown';
  const costNote = !perMinute ? 'notPerMinute' : !c.price ? 'noPrice' : null;
  return {
    ...history,
    key: c.key,
    name: c.listed?.name ?? lastName ?? c.key,
    accountId: c.accountId,
    from: c.from,
    to: c.to,
    runningMs,
    cost:
      costNote || !c.price ? null : { amount: round2(billedMinutes * c.price.perMinute), currency: c.price.currency },
    costNote,
  };
}
