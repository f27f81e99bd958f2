import type { AccountBilling, RunningTotals } from '../../common/activity';
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
  ledger: { runningTotals(from: number, to: number): RunningTotals };
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
    const today = this.deps.ledger.runningTotals(startOfLocalDay(now), now);
    const month = this.deps.ledger.runningTotals(startOfLocalMonth(now), now);
    const phones = this.deps.phones();
    const billed = this.billedMinutes(phones);
    return this.deps.providers().map(({ accountId }) => {
      const { price, fromProvider } = this.priceOf(accountId);
      const b = this.billing.get(accountId);
      return {
        accountId,
        runningNow: phones.filter((p) => p.accountId === accountId && p.status === 'running').length,
        minutesToday: Math.floor((today.byAccount[accountId] ?? 0) / 60_000),
        minutesMonth: Math.floor((month.byAccount[accountId] ?? 0) / 60_000),
        spendToday: price === null ? null : round2(billed(today, accountId) * price),
        spendMonth: price === null ? null : round2(billed(month, accountId) * price),
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
  today(): { accountId: string; spendToday: number | null; currency: string }[] {
    const now = this.deps.clock.now();
    const today = this.deps.ledger.runningTotals(startOfLocalDay(now), now);
    const billed = this.billedMinutes(this.deps.phones());
    return this.deps.providers().map(({ accountId }) => {
      const { price } = this.priceOf(accountId);
      return {
        accountId,
        spendToday: price === null ? null : round2(billed(today, accountId) * price),
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

  /** Minutes of an account's running time that bill by the minute (monthly phones cost the same running or not). */
  private billedMinutes(phones: readonly Phone[]): (t: RunningTotals, accountId: string) => number {
    // Monthly-rental phones and phones within the plan's parallels cost nothing per minute.
    const perMinute = new Set(phones.filter((p) => costsPerMinute(p)).map((p) => p.key));
    return (t, accountId) =>
      Object.entries(t.byPhone).reduce(
        (sum, [key, ms]) => (key.startsWith(`${accountId}/`) && perMinute.has(key) ? sum + ms : sum),
        0,
      ) / 60_000;
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
