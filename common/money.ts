/** "$12.50" in the user's locale, or "12.50 XYZ" for a currency code Intl does not know. */
export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

export const round2 = (n: number) => Math.round(n * 100) / 100;

/** Today's estimated spend over the accounts with a price, in the first one's currency (the tray line and the top bar). */
export function totalSpendToday(
  summaries: readonly { spendToday: number | null; currency: string }[],
): { amount: number; currency: string } | null {
  const priced = summaries.filter((s) => s.spendToday !== null);
  if (!priced.length) return null;
  return { amount: round2(priced.reduce((a, s) => a + (s.spendToday ?? 0), 0)), currency: priced[0].currency };
}

/** Amounts per currency: accounts may bill in different currencies, and those are never added together. */
export type Amounts = Record<string, number>;

/** Running time and estimated spend of one account, group or tag in a period. */
export interface MoneyRow {
  /** The account id, group name or tag. */
  name: string;
  minutes: number;
  spend: Amounts;
}

/** Spend per account, group and tag, and what is left out of it and why (so the figures add up). */
export interface MoneyBreakdown {
  byAccount: MoneyRow[];
  byGroup: MoneyRow[];
  byTag: MoneyRow[];
  excluded: {
    /** Running time (ms) of phones billed monthly or within the plan's parallels: they cost the same running or not. */
    notPerMinuteMs: number;
    /** Running time (ms) of per-minute phones on accounts with no price set. */
    noPriceMs: number;
    accountsWithoutPrice: string[];
  };
}

/** The last 30 days' spend, a day each, and how many phones ran through today, a step each. */
export interface SpendHistory {
  days: { start: number; minutes: number; spend: Amounts }[];
  curve: { start: number; step: number; running: number[] };
}

/** Per phone, today: running time, and its estimated cost (null when it is not priced). */
export type PhoneCosts = Record<string, { ms: number; cost: number | null; currency: string }>;

/** Adds amounts per currency into `into`. */
export function addAmount(into: Amounts, currency: string, amount: number): void {
  into[currency] = round2((into[currency] ?? 0) + amount);
}

/** The spending rate now over accounts, per currency; null when no account has a price. */
export function totalBurn(summaries: readonly { burnPerHour: number | null; currency: string }[]): Amounts | null {
  const priced = summaries.filter((s) => s.burnPerHour !== null);
  if (!priced.length) return null;
  const out: Amounts = {};
  for (const s of priced) addAmount(out, s.currency, s.burnPerHour ?? 0);
  return out;
}
