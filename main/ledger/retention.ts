import type { Clock } from '../kernel/clock';
import type { Logger } from '../kernel/redact';
import type { Ledger } from './ledger';

const DAY_MS = 86_400_000;

/**
 * Keeps the record bounded: pruned at most daily while the app runs, and at once when the retention
 * period changes. Call `pruneWhenDue()` as often as convenient (every fleet or settings change).
 */
export class RetentionPruner {
  private prunedAt: number;
  private retention: number;

  constructor(
    private readonly deps: { ledger: Pick<Ledger, 'prune'>; clock: Clock; log: Logger; retentionDays: () => number },
  ) {
    this.prunedAt = deps.clock.now();
    this.retention = deps.retentionDays();
  }

  pruneWhenDue = (): void => {
    const days = this.deps.retentionDays();
    if (days === this.retention && this.deps.clock.now() - this.prunedAt < DAY_MS) return;
    this.retention = days;
    this.prunedAt = this.deps.clock.now();
    try {
      this.deps.ledger.prune(days);
    } catch (e) {
      this.deps.log.warn('could not prune the activity record', e);
    }
  };
}
