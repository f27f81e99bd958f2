import { t } from './i18n/i18n';

/** Shapes of the activity ledger as main answers them and the renderer shows them. */

/**
 * Where an action came from: the window, the tray, a policy ("policy:Nights off"), a phonedeck:// link (once
 * a person confirmed it in the window), the CLI or an MCP client ("mcp:claude").
 */
export type ActionSource = 'window' | 'tray' | `policy:${string}` | 'link' | 'cli' | `mcp:${string}`;

export interface ActivityQuery {
  since?: number;
  until?: number;
  action?: string;
  /** 'window', 'tray', 'policy' (every policy) or one policy's full source. */
  source?: string;
  accountId?: string;
  /** A phone key, or part of a phone name. */
  phone?: string;
  limit?: number;
  offset?: number;
}

export interface ActivityJob {
  id: string;
  at: number;
  source: string;
  action: string;
  total: number;
  finishedAt: number | null;
  succeeded: number;
  failed: number;
  /** Phones whose final state the provider has since confirmed (stopped after a stop, gone after a delete…). */
  confirmed: number;
}

export interface ActivityPhoneRow {
  key: string;
  accountId: string;
  name: string;
  ok: boolean;
  code: string;
  message: string;
  confirmedAt: number | null;
}

/** Milliseconds of running time in a period. */
export interface RunningTotals {
  byPhone: Record<string, number>;
  byAccount: Record<string, number>;
  byGroup: Record<string, number>;
  byTag: Record<string, number>;
}

/** What a provider says about money for one account (GeeLark's wallet and plan). */
export interface AccountBilling {
  balance: number | null;
  currency: string;
  planName: string | null;
  /** Phones that can be open at once without extra charge. */
  parallels: number | null;
  monthlyFee: number | null;
  /** The provider's per-minute price, where it says (prefills the user's price). */
  perMinutePrice: number | null;
  planExpiresAt: number | null;
  readAt: number;
}

/** Who asked for an action, in words: the window, the tray, a policy, the command line or an AI agent. */
export function describeSource(source: string): string {
  if (source === 'window') return t('source.window');
  if (source === 'tray') return t('source.tray');
  if (source === 'cli') return t('source.cli');
  if (source.startsWith('policy:')) return t('source.policy', { name: source.slice(7) });
  if (source.startsWith('mcp:')) return t('source.mcp', { name: source.slice(4) });
  return source;
}
