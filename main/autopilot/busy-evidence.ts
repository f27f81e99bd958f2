import type { BulkResult } from '../../common/contract';
import type { Clock } from '../kernel/clock';
import type { Logger } from '../kernel/redact';

/** Reads, per account, which phones the provider reports busy with a task (waiting or running). */
export interface TaskReader {
  /** Whether the account's provider reports tasks at all (GeeLark does; Huawei CPH does not). */
  reportsTasks(accountId: string): boolean;
  /** Keys of phones with a task waiting or running, from every account that reports tasks. */
  busyPhones(signal?: AbortSignal): Promise<ReadonlySet<string>>;
}

/** A phone that answered "executing a task" (GeeLark 43005) counts as busy this long (longer than most idle times). */
export const BUSY_ANSWER_MS = 60 * 60_000;

/**
 * The evidence that phones are in use beyond viewers: tasks the provider reports, and 43005 answers. Idle
 * stop needs proof of idleness, so while the task read fails no phone can be shown idle.
 */
export class BusyEvidence {
  private fromTasks: ReadonlySet<string> = new Set();
  private readonly busyAnswers = new Map<string, number>();
  private readOk = false;

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly tasks?: TaskReader,
  ) {}

  /** Phones that answered 43005 to any action are busy for a while, whoever acted. */
  noteResults(results: readonly BulkResult[]): void {
    for (const r of results) if (!r.ok && r.code === '43005') this.busyAnswers.set(r.key, this.clock.monotonic());
  }

  async refresh(): Promise<void> {
    if (!this.tasks) return;
    try {
      this.fromTasks = await this.tasks.busyPhones();
      this.readOk = true;
    } catch (e) {
      this.readOk = false;
      this.log.warn('could not read tasks; idle stop waits for the next read', e);
    }
  }

  /** Whether idle can be proven for the account's phones now. */
  hasEvidence(accountId: string): boolean {
    return !!this.tasks && this.readOk && this.tasks.reportsTasks(accountId);
  }

  keys(): ReadonlySet<string> {
    const since = this.clock.monotonic() - BUSY_ANSWER_MS;
    const out = new Set(this.fromTasks);
    for (const [key, at] of this.busyAnswers) {
      if (at > since) out.add(key);
      else this.busyAnswers.delete(key);
    }
    return out;
  }
}
