import type { Clock } from '../../main/kernel/clock';

/** A clock whose sleep advances time at once, so backoffs and rate-limit waits cost no real time. */
export class FakeClock implements Clock {
  slept: number[] = [];
  constructor(public t = Date.UTC(2026, 10, 22, 12, 0, 0)) {}
  /** How far the wall clock was set apart from elapsed time (jumpWall), so monotonic() ignores it. */
  private wallOffset = 0;
  now = (): number => this.t;
  monotonic = (): number => this.t - this.wallOffset;
  /** Sets the wall clock forward or back without time passing (a user changing the clock, NTP). */
  jumpWall(ms: number): void {
    this.t += ms;
    this.wallOffset += ms;
  }
  sleep = async (ms: number): Promise<void> => {
    this.slept.push(ms);
    this.t += Math.max(0, ms);
    await Promise.resolve();
  };
}
