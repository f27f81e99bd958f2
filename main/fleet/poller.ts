import { pushTo } from '../kernel/collections';
import { TRANSITIONAL_STATUSES } from '../../common/phone';
import type { Clock } from '../kernel/clock';
import { describeError } from '../kernel/errors';
import type { AccountDirectory, Fleet } from './fleet';
import type { Logger } from '../kernel/redact';

export interface PollerTimings {
  /** How often phones in a transitional state (or with an unknown outcome) are read. */
  transitionalMs: number;
  /** How often rows on screen are read. */
  visibleMs: number;
  /** How often the whole list is reloaded (new phones, renames, deletions made elsewhere). */
  fullRefreshMs: number;
}

export const DEFAULT_TIMINGS: PollerTimings = { transitionalMs: 3_000, visibleMs: 20_000, fullRefreshMs: 5 * 60_000 };
/** After ticks that threw, wait longer each time, up to this. */
const MAX_BACKOFF_MS = 60_000;

/**
 * Decides what to read each tick: only phones that need it, in batches of the provider's size, through
 * each account's shared limiter. When nothing is transitional and nothing on screen is due, a tick
 * sends no request at all. A tick that throws is logged and followed by a later one (the loop never dies),
 * and stop() ends the loop at once: nothing queued is sent afterwards and no timer is left behind.
 */
export class StatusPoller {
  private visible = new Set<string>();
  private lastRead = new Map<string, number>();
  private lastFull = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private ticking = false;
  private run: AbortController | null = null;
  private failures = 0;

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

  /** How many rows are on screen now, as the window last said. */
  get visibleCount(): number {
    return this.visible.size;
  }

  get running(): boolean {
    return this.run !== null;
  }

  /** Ticks in a row that threw; zero while healthy. */
  get consecutiveFailures(): number {
    return this.failures;
  }

  start(): void {
    if (this.run) return;
    const run = new AbortController();
    this.run = run;
    const loop = async () => {
      this.timer = null;
      if (run.signal.aborted) return;
      let delay = Math.min(this.timings.transitionalMs, 1_000);
      try {
        await this.tick(run.signal);
        this.failures = 0;
      } catch (e) {
        this.failures++;
        delay = Math.min(MAX_BACKOFF_MS, delay * 2 ** Math.min(this.failures, 6));
        this.log.error('status poll tick failed; trying again later', {
          error: e,
          failures: this.failures,
          retryInMs: delay,
        });
      }
      if (!run.signal.aborted) this.timer = setTimeout(() => void loop(), delay);
    };
    this.timer = setTimeout(() => void loop(), 0);
  }

  stop(): void {
    this.run?.abort();
    this.run = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Which keys are due now, grouped by account. Pure apart from reading the fleet. */
  due(now: number): Map<string, string[]> {
    const byAccount = new Map<string, string[]>();
    for (const p of this.fleet.all()) {
      const since = now - (this.lastRead.get(p.key) ?? 0);
      const urgent = TRANSITIONAL_STATUSES.has(p.status) || this.fleet.needsCheck.has(p.key);
      if (
        (urgent && since >= this.timings.transitionalMs) ||
        (this.visible.has(p.key) && since >= this.timings.visibleMs)
      ) {
        pushTo(byAccount, p.accountId, p.id);
      }
    }
    return byAccount;
  }

  async tick(signal?: AbortSignal): Promise<void> {
    if (this.ticking || signal?.aborted) return;
    this.ticking = true;
    try {
      const now = this.clock.now();
      if (now - this.lastFull >= this.timings.fullRefreshMs) {
        this.lastFull = now;
        for (const p of this.fleet.all()) this.lastRead.set(p.key, now);
        await this.fleet.refresh(signal);
        return;
      }
      await Promise.all(
        [...this.due(now)].map(async ([accountId, ids]) => {
          const provider = this.accounts.provider(accountId);
          if (!provider) return;
          for (const id of ids) this.lastRead.set(`${accountId}/${id}`, now);
          let readings;
          try {
            readings = await provider.status(ids, signal);
          } catch (e) {
            if (signal?.aborted) return;
            this.log.warn('status poll failed', { accountId, error: e });
            // Shown in the list: a phone must not sit at "Starting" with no sign that reads are failing.
            this.fleet.noteStatusHealth(accountId, describeError(e).message);
            return;
          }
          if (signal?.aborted) return;
          this.fleet.applyReadings(accountId, readings);
          this.fleet.noteStatusHealth(accountId, null);
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
