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
