import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * How long a piece of work waited on rate limiters, and nothing else: the limiter notes each wait on the
 * meter of whatever job is running (carried by async context), and overlapping waits of parallel calls count
 * once, so "paced for N s" is the time the job was really held back.
 */
export class WaitMeter {
  private readonly spans: [number, number][] = [];

  note(from: number, to: number): void {
    if (to > from) this.spans.push([from, to]);
  }

  /** Milliseconds covered by at least one wait. */
  waitedMs(): number {
    const sorted = [...this.spans].sort((a, b) => a[0] - b[0]);
    let total = 0;
    let end = -Infinity;
    for (const [from, to] of sorted) {
      if (to <= end) continue;
      total += to - Math.max(from, end);
      end = to;
    }
    return total;
  }
}

const current = new AsyncLocalStorage<WaitMeter>();

/** Runs `work` with `meter` noting every limiter wait inside it. */
export const measuringWaits = <T>(meter: WaitMeter, work: () => Promise<T>): Promise<T> => current.run(meter, work);

/** The meter of the work now running, if any. */
export const currentWaitMeter = (): WaitMeter | undefined => current.getStore();
