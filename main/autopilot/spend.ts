import type { AccountBilling, PhoneRunning } from '../../common/activity';
import { addAmount, type MoneyBreakdown, type PhoneCosts, type SpendHistory } from '../../common/money';
import { moneyBreakdown, type Pricing } from './money-breakdown';
import type { Phone } from '../../common/phone';
import type { SpendSummary } from '../../common/policy';
import { round2 } from '../../common/money';
import { ownValue } from '../../common/own';
import type { Clock } from '../kernel/clock';
import { describeError } from '../kernel/errors';
import type { CloudPhoneProvider } from '../providers/types';

/** Balance and plan are read this rarely on their own (GeeLark allows the plan once a minute). */
export const BILLING_REFRESH_MS = 30 * 60_000;

export interface SpendDeps {
  ledger: {
    runningByPhone(from: number, to: number): PhoneRunning[];
    runningCurve(from: number, to: number, step: number): number[];
  };
  clock: Clock;
  phones: () => readonly Phone[];
  providers: () => { accountId: string; provider: CloudPhoneProvider }[];
  prices: () => Readonly<Record<string, number>>;
}

export function startOfLocalDay(now: number): number {
  const d = new Date(now);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}
export function startOfLocalMonth(now: number): number {
  const d = new Date(now);
  return new Date(d.getFullYear(), d.getMonth(), 1).getTime();
}

/**
 * Running minutes and estimated spend per account, from the ledger's confirmed running periods and the
 * user's per-minute price (or the provider's, where it states one). Only phones billed per minute count
 * towards spend; monthly phones cost the same running or not.
 */
export class SpendTracker {
  private readonly billing = new Map<string, { value: AccountBilling | null; error: string | null; at: number }>();
  private readonly inFlight = new Map<string, Promise<void>>();
  constructor(private readonly deps: SpendDeps) {}

  /** The price used for an account: the user's, else the provider's. */
  priceOf(accountId: string): { price: number | null; fromProvider: boolean } {
    const set = ownValue(this.deps.prices(), accountId);
    if (set !== undefined) return { price: set, fromProvider: false };
    const provider = this.billing.get(accountId)?.value?.perMinutePrice ?? null;
    return { price: provider, fromProvider: provider !== null };
  }

  /** Also starts a balance and plan read when the last is older than the refresh period (never more often). */
  summaries(): SpendSummary[] {
    void this.refreshBilling();
    const now = this.deps.clock.now();
    const today = this.deps.ledger.runningByPhone(startOfLocalDay(now), now);
    const month = this.deps.ledger.runningByPhone(startOfLocalMonth(now), now);
    const phones = this.deps.phones();
    const perMinute = this.perMinuteKeys(phones);
    const todayBy = sumByAccount(today, perMinute);
    const monthBy = sumByAccount(month, perMinute);
    return this.deps.providers().map(({ accountId }) => {
      const { price, fromProvider } = this.priceOf(accountId);
      const b = this.billing.get(accountId);
      const running = phones.filter((p) => p.accountId === accountId && p.status === 'running');
      const runningPerMinute = running.filter(costsPerMinute).length;
      const t = todayBy.get(accountId);
      const m = monthBy.get(accountId);
      return {
        accountId,
        runningNow: running.length,
        minutesToday: Math.floor((t?.ms ?? 0) / 60_000),
        minutesMonth: Math.floor((m?.ms ?? 0) / 60_000),
        spendToday: price === null ? null : round2((t?.billed ?? 0) * price),
        spendMonth: price === null ? null : round2((m?.billed ?? 0) * price),
        burnPerHour: price === null ? null : round2(runningPerMinute * price * 60),
        runningPerMinute,
        notPerMinuteToday: Math.floor((t?.notPerMinuteMs ?? 0) / 60_000),
        price,
        priceFromProvider: fromProvider,
        currency: this.currencyOf(accountId),
        balance: b?.value?.balance ?? null,
        planName: b?.value?.planName ?? null,
        billingReadAt: b?.value?.readAt ?? null,
        billingError: b?.error ?? null,
      };
    });
  }

  /**
   * Today's estimated spend per account, alone: what every autopilot tick and every tray rebuild needs,
   * without the month's totals that only the Autopilot page shows.
   */
  today(): { accountId: string; spendToday: number | null; burnPerHour: number | null; currency: string }[] {
    const now = this.deps.clock.now();
    const phones = this.deps.phones();
    const today = sumByAccount(this.deps.ledger.runningByPhone(startOfLocalDay(now), now), this.perMinuteKeys(phones));
    const runningPerMinute = new Map<string, number>();
    for (const p of phones)
      if (p.status === 'running' && costsPerMinute(p))
        runningPerMinute.set(p.accountId, (runningPerMinute.get(p.accountId) ?? 0) + 1);
    return this.deps.providers().map(({ accountId }) => {
      const { price } = this.priceOf(accountId);
      return {
        accountId,
        spendToday: price === null ? null : round2((today.get(accountId)?.billed ?? 0) * price),
        burnPerHour: price === null ? null : round2((runningPerMinute.get(accountId) ?? 0) * price * 60),
        currency: this.currencyOf(accountId),
      };
    });
  }

  spendToday(): Record<string, number | null> {
    return Object.fromEntries(this.today().map((s) => [s.accountId, s.spendToday]));
  }

  currencyOf(accountId: string): string {
    return this.billing.get(accountId)?.value?.currency ?? 'USD';
  }

  /** Phones billed by the minute now (monthly-rental phones and phones within the plan's parallels are not). */
  private perMinuteKeys(phones: readonly Phone[]): (key: string) => boolean {
    const notPerMinute = new Set(phones.filter((p) => !costsPerMinute(p)).map((p) => p.key));
    // A phone no longer listed is counted as billed: money is never hidden because a phone was deleted.
    return (key) => !notPerMinute.has(key);
  }

  /** The account's per-minute price with its currency, or null without one (the planner, timelines, spend). */
  priceIn(accountId: string): { perMinute: number; currency: string } | null {
    const { price } = this.priceOf(accountId);
    return price === null ? null : { perMinute: price, currency: this.currencyOf(accountId) };
  }

  private pricing(): Pricing {
    return { perMinute: this.perMinuteKeys(this.deps.phones()), price: (accountId) => this.priceIn(accountId) };
  }

  /** Spend per account, group and tag, today or this month, and the minutes left unpriced with why. */
  breakdown(period: 'today' | 'month'): MoneyBreakdown {
    const now = this.deps.clock.now();
    const from = period === 'today' ? startOfLocalDay(now) : startOfLocalMonth(now);
    return moneyBreakdown(this.deps.ledger.runningByPhone(from, now), this.pricing());
  }

  /** Spend per day over the last `days` local days (today included), and phones running through today. */
  history(days = 30, stepMs = 15 * 60_000): SpendHistory {
    const now = this.deps.clock.now();
    const pricing = this.pricing();
    const out: SpendHistory['days'] = [];
    let end = now;
    for (let i = 0; i < days; i++) {
      // Local midnights, not 24-hour steps: a day with a clock change is 23 or 25 hours long.
      const start = startOfLocalDay(end - 1);
      const day = moneyBreakdown(this.deps.ledger.runningByPhone(start, end), pricing);
      const spend = {};
      for (const row of day.byAccount) for (const [cur, amt] of Object.entries(row.spend)) addAmount(spend, cur, amt);
      out.unshift({ start, minutes: day.byAccount.reduce((a, r) => a + r.minutes, 0), spend });
      end = start;
    }
    const start = startOfLocalDay(now);
    return { days: out, curve: { start, step: stepMs, running: this.deps.ledger.runningCurve(start, now, stepMs) } };
  }

  /** Today's running time and estimated cost per phone (the list's sortable cost column and its filter). */
  phoneCosts(): PhoneCosts {
    const now = this.deps.clock.now();
    const pricing = this.pricing();
    const out: PhoneCosts = {};
    for (const ph of this.deps.ledger.runningByPhone(startOfLocalDay(now), now)) {
      const price = pricing.perMinute(ph.key) ? pricing.price(ph.accountId) : null;
      out[ph.key] = {
        ms: ph.ms,
        cost: price ? round2(ph.billedMinutes * price.perMinute) : null,
        currency: price?.currency ?? this.currencyOf(ph.accountId),
      };
    }
    return out;
  }

  /** Reads balance and plan for accounts whose provider has them, when `force` or older than the refresh period. */
  async refreshBilling(opts: { accountId?: string; force?: boolean } = {}): Promise<void> {
    const now = this.deps.clock.now();
    await Promise.all(
      this.deps
        .providers()
        .filter(({ accountId, provider }) => provider.billing && (!opts.accountId || opts.accountId === accountId))
        .filter(
          ({ accountId }) => opts.force || now - (this.billing.get(accountId)?.at ?? -Infinity) >= BILLING_REFRESH_MS,
        )
        .map(({ accountId, provider }) => {
          // One read per account at a time: a second click waits for the first instead of spending the 1/min plan budget.
          const running = this.inFlight.get(accountId);
          if (running) return running;
          const read = provider.billing!()
            .then((value) => void this.billing.set(accountId, { value, error: null, at: this.deps.clock.now() }))
            .catch(
              (e) =>
                void this.billing.set(accountId, {
                  value: this.billing.get(accountId)?.value ?? null,
                  error: describeError(e).message,
                  at: this.deps.clock.now(),
                }),
            )
            .finally(() => this.inFlight.delete(accountId));
          this.inFlight.set(accountId, read);
          return read;
        }),
    );
  }
}

/** Whether a running phone adds to the bill by the minute (unknown billing is counted, not hidden). */
export const costsPerMinute = (p: Pick<Phone, 'billing'>): boolean =>
  p.billing === 'per-minute' || p.billing === 'unknown';

/** Per account: running time, billed minutes of per-minute phones, and running time of the others. */
function sumByAccount(
  phones: readonly PhoneRunning[],
  perMinute: (key: string) => boolean,
): Map<string, { ms: number; billed: number; notPerMinuteMs: number }> {
  const out = new Map<string, { ms: number; billed: number; notPerMinuteMs: number }>();
  for (const ph of phones) {
    let a = out.get(ph.accountId);
    if (!a) out.set(ph.accountId, (a = { ms: 0, billed: 0, notPerMinuteMs: 0 }));
    a.ms += ph.ms;
    if (perMinute(ph.key)) a.billed += ph.billedMinutes;
    else a.notPerMinuteMs += ph.ms;
  }
  return out;
}
