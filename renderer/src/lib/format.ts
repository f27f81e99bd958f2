import { i18n, t } from '../../../common/i18n/i18n';
import type { PhoneStatus } from '../../../common/phone';
import type { JobAction } from '../../../common/phone';

/**
 * Formatting in the current language (common/i18n): components call these while rendering, and re-render
 * on a language change because they read `useI18n()`.
 */
export const formatCount = (n: number): string => i18n().count(n);
export const formatClock = (ms: number): string => i18n().clock(ms);
export const formatTimestamp = (ms: number): string => i18n().timestamp(ms);
export const formatDuration = (ms: number): string => i18n().duration(ms);
export const formatAgo = (ms: number): string => i18n().ago(ms);
export const formatMoney = (amount: number, currency: string): string => i18n().money(amount, currency);

/** A currency as the person's locale writes it beside an amount ("$" in English, "US$" in Chinese). */
export function currencySymbol(currency: string): string {
  try {
    const parts = new Intl.NumberFormat(i18n().formatLocale, { style: 'currency', currency }).formatToParts(1);
    return parts.find((p) => p.type === 'currency')?.value ?? currency;
  } catch {
    return currency;
  }
}

export const statusText = (s: PhoneStatus): string => t(`status.${s}`);
export const actionText = (a: JobAction | 'open'): string => t(`action.${a}`);
export { describeSource } from '../../../common/activity';

/** Amounts in several currencies side by side ("$1.20 + ¥3.00"), never added together; a dash for none. */
export function formatAmounts(amounts: Readonly<Record<string, number>>): string {
  const parts = Object.entries(amounts).map(([currency, amount]) => formatMoney(amount, currency));
  return parts.length ? parts.join(' + ') : t('common.dash');
}
