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
  /** Files and apps: what the action acted with (the app's file name, an OBS path, a package). */
  subject?: string;
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

/** One phone in one action, flat: a CSV row (time, source, action, phone, outcome, code, message, confirmed at). */
export interface ActivityExportRow extends ActivityPhoneRow {
  at: number;
  source: string;
  action: string;
  /** Files and apps: what the action acted with. */
  subject?: string;
}

/** One phone's action in its timeline. */
export type PhoneActionEntry = Omit<ActivityExportRow, 'key' | 'accountId'> & { jobId: string };

/** A running period; `end` null while it runs; `exact` false when a start or end is only when the app saw it. */
export interface RunningPeriod {
  start: number;
  end: number | null;
  exact: boolean;
}

/** What the record holds about one phone in a period. */
export interface PhoneHistory {
  actions: PhoneActionEntry[];
  runs: RunningPeriod[];
}

/** A phone's timeline as the window shows it: its history, its running time in the period, and what that cost. */
export interface PhoneTimeline extends PhoneHistory {
  key: string;
  name: string;
  accountId: string;
  from: number;
  to: number;
  runningMs: number;
  /** Estimated at the account's per-minute price, each started minute; null with the reason when it cannot be. */
  cost: { amount: number; currency: string } | null;
  costNote: 'noPrice' | 'notPerMinute' | null;
}

/** One phone's running in a period (running time in ms, and the minutes a per-minute bill counts). */
export interface PhoneRunning {
  key: string;
  accountId: string;
  group: string;
  tags: string[];
  ms: number;
  billedMinutes: number;
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
  if (source === 'link') return t('source.link');
  if (source.startsWith('policy:')) return t('source.policy', { name: source.slice(7) });
  if (source.startsWith('mcp:')) return t('source.mcp', { name: source.slice(4) });
  return source;
}
