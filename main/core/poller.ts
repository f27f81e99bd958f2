import { pushTo } from './group-by';
import { TRANSITIONAL_STATUSES } from '../../common/phone';
import type { Clock } from './clock';
import type { AccountDirectory, Fleet } from './fleet';
import type { Logger } from './redact';

export interface PollerTimings {
  /** How often phones in a transitional state (or with an unknown outcome) are read. */
  transitionalMs: number;
  /** How often rows on screen are read. */
  visibleMs: number;
  /** How often the whole list is reloaded (new phones, renames, deletions made elsewhere). */
  fullRefreshMs: number;
}

export const DEFAULT_TIMINGS: PollerTimings = { transitionalMs: 3_000, visibleMs: 20_000, fullRefreshMs: 5 * 60_000 };

/**
 * Decides what to read each tick: only phones that need it, in batches of the provider's size, through
 * each account's shared limiter. When nothing is transitional and nothing on screen is due, a tick
 * sends no request at all.
 */
export class StatusPoller {
  private visible = new Set<string>();
  private lastRead = new Map<string, number>();
  private lastFull = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private ticking = false;

  constructor(
    private readonly fleet: Fleet,
    private readonly accounts: AccountDirectory,
    private readonly clock: Clock,
    private readonly log: Logger,
    readonly timings: PollerTimings = DEFAULT_TIMINGS,
  ) {}

  setVisible(keys: readonly string[]): void {
    this.visible = new Set(keys);
  }

  start(): void {
    const loop = async () => {
      await this.tick();
      this.timer = setTimeout(loop, Math.min(this.timings.transitionalMs, 1_000));
    };
    this.timer = setTimeout(loop, 0);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Which keys are due now, grouped by account. Pure apart from reading the fleet. */
  due(now: number): Map<string, string[]> {
    const byAccount = new Map<string, string[]>();
    for (const p of this.fleet.all()) {
      const since = now - (this.lastRead.get(p.key) ?? 0);
      const urgent = TRANSITIONAL_STATUSES.has(p.status) || this.fleet.needsCheck.has(p.key);
      if ((urgent && since >= this.timings.transitionalMs) || (this.visible.has(p.key) && since >= this.timings.visibleMs)) {
        pushTo(byAccount, p.accountId, p.id);
      }
    }
    return byAccount;
  }

  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const now = this.clock.now();
      if (now - this.lastFull >= this.timings.fullRefreshMs) {
        this.lastFull = now;
        for (const p of this.fleet.all()) this.lastRead.set(p.key, now);
        await this.fleet.refresh();
        return;
      }
      await Promise.all(
        [...this.due(now)].map(async ([accountId, ids]) => {
          const provider = this.accounts.provider(accountId);
          if (!provider) return;
          for (const id of ids) this.lastRead.set(`${accountId}/${id}`, now);
          try {
            this.fleet.applyReadings(accountId, await provider.status(ids));
          } catch (e) {
            this.log.warn('status poll failed', { accountId, error: e });
          }
        }),
      );
    } finally {
      this.ticking = false;
    }
  }

  /** A manual refresh resets the full-refresh clock. */
  noteFullRefresh(): void {
    this.lastFull = this.clock.now();
  }
}
