import type { AccountSummary } from '../../../common/contract/index';
import { t } from '../../../common/i18n/i18n';
import { actionText } from './format';
import { MAX_WINDOWS_AT_ONCE, type BulkAction, type Phone, type ProviderCapabilities } from '../../../common/phone';

export type UiAction = Exclude<BulkAction, 'stopThenDelete'> | 'open';
/** Actions that run at once; delete and reset ask first. */
export type DirectAction = Exclude<UiAction, 'delete' | 'reset'>;

/** What one phone's menu and detail panel offer, when it applies now. */
const QUICK_ACTIONS: DirectAction[] = ['open', 'start', 'stop'];
export function quickActionsFor(phone: Phone, accounts: readonly AccountSummary[]): DirectAction[] {
  return QUICK_ACTIONS.filter((a) => eligibleFor(a, [phone], accounts).keys.length > 0);
}

const CAP: Record<UiAction, keyof ProviderCapabilities> = {
  start: 'start',
  stop: 'stop',
  delete: 'delete',
  restart: 'restart',
  reset: 'reset',
  open: 'viewer',
};

/** Which statuses each action makes sense in; the provider would refuse the others anyway. */
const ALLOWED: Record<UiAction, (p: Phone) => boolean> = {
  start: (p) => p.status === 'stopped' || p.status === 'fault',
  stop: (p) => p.status === 'running' || p.status === 'starting' || p.status === 'fault',
  delete: (p) => p.status !== 'starting',
  restart: (p) => p.status === 'running' || p.status === 'fault',
  reset: (p) => p.status === 'running' || p.status === 'stopped' || p.status === 'fault',
  open: (p) => p.status !== 'expired' && p.status !== 'stopping',
};

export interface Eligibility {
  keys: string[];
  /** Why the button is disabled, or what will be skipped. */
  reason: string;
}

/** Splits a selection into the phones an action applies to, and says why the rest are left out. */
export function eligibleFor(
  action: UiAction,
  phones: readonly Phone[],
  accounts: readonly AccountSummary[],
): Eligibility {
  const caps = new Map(accounts.map((a) => [a.id, a.capabilities]));
  const supported = phones.filter((p) => caps.get(p.accountId)?.[CAP[action]]);
  const keys = supported.filter(ALLOWED[action]).map((p) => p.key);
  if (!phones.length) return { keys, reason: t('why.selectFirst') };
  if (!supported.length) return { keys, reason: t('why.notOffered', { action: label(action), n: phones.length }) };
  if (!keys.length) return { keys, reason: t(`why.${action}`) };
  if (action === 'open' && keys.length > MAX_WINDOWS_AT_ONCE)
    return { keys: [], reason: t('why.tooManyWindows', { max: MAX_WINDOWS_AT_ONCE }) };
  const skipped = phones.length - keys.length;
  return { keys, reason: skipped ? t('why.skipped', { n: skipped }) : '' };
}

export const label = (a: UiAction): string => actionText(a);
