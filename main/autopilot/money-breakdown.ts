import { addAmount, type MoneyBreakdown, type MoneyRow } from '../../common/money';
import type { PhoneRunning } from '../../common/activity';

export interface Pricing {
  /** Whether a phone is billed by the minute (unknown billing counts, and so does a phone no longer listed). */
  perMinute(key: string): boolean;
  price(accountId: string): { perMinute: number; currency: string } | null;
}

/**
 * Spend per account, group and tag from each phone's billed minutes: a phone in two tags counts in both
 * tags (so tags do not add up to the total), once in its group and once in its account. Minutes that
 * are not priced are counted apart, with the reason, so "3,396 min" beside "$23.47" explains itself.
 */
export function moneyBreakdown(phones: readonly PhoneRunning[], p: Pricing): MoneyBreakdown {
  const rows = {
    byAccount: new Map<string, MoneyRow>(),
    byGroup: new Map<string, MoneyRow>(),
    byTag: new Map<string, MoneyRow>(),
  };
  const excluded = { notPerMinuteMs: 0, noPriceMs: 0, accountsWithoutPrice: new Set<string>() };
  const add = (
    m: Map<string, MoneyRow>,
    name: string,
    minutes: number,
    cost: { currency: string; amount: number } | null,
  ) => {
    let row = m.get(name);
    if (!row) m.set(name, (row = { name, minutes: 0, spend: {} }));
    row.minutes += minutes;
    if (cost) addAmount(row.spend, cost.currency, cost.amount);
  };
  for (const ph of phones) {
    // Started minutes, as billed: a phone that ran 20 seconds shows 1 minute beside the minute's price.
    const minutes = ph.billedMinutes;
    const price = p.price(ph.accountId);
    let cost: { currency: string; amount: number } | null = null;
    if (!p.perMinute(ph.key)) excluded.notPerMinuteMs += ph.ms;
    else if (!price) {
      excluded.noPriceMs += ph.ms;
      excluded.accountsWithoutPrice.add(ph.accountId);
    } else cost = { currency: price.currency, amount: ph.billedMinutes * price.perMinute };
    add(rows.byAccount, ph.accountId, minutes, cost);
    if (ph.group) add(rows.byGroup, ph.group, minutes, cost);
    for (const tag of ph.tags) add(rows.byTag, tag, minutes, cost);
  }
  const sorted = (m: Map<string, MoneyRow>) =>
    [...m.values()].sort((a, b) => b.minutes - a.minutes || (a.name < b.name ? -1 : 1));
  return {
    byAccount: sorted(rows.byAccount),
    byGroup: sorted(rows.byGroup),
    byTag: sorted(rows.byTag),
    excluded: { ...excluded, accountsWithoutPrice: [...excluded.accountsWithoutPrice].sort() },
  };
}
