import type { Clock } from '../../main/kernel/clock';

/** A clock whose sleep advances time at once, so backoffs and rate-limit waits cost no real time. */
export class FakeClock implements Clock {
  slept: number[] = [];
  constructor(public t = Date.UTC(2026, 10, 22, 12, 0, 0)) {}
  now = (): number => this.t;
  sleep = async (ms: number): Promise<void> => {
    this.slept.push(ms);
    this.t += Math.max(0, ms);
    await Promise.resolve();
  };
}
