import { describe, expect, it } from 'vitest';
import { measuringWaits, WaitMeter } from '../../main/kernel/wait-meter';
import { RateLimiter } from '../../main/providers/plumbing/rate-limiter';
import { FakeClock } from '../helpers/fake-clock';

describe('rateLimitWaitS counts only the limiter’s hold (#22)', () => {
  it('overlapping waits of parallel calls count once; a call that never waits adds nothing', () => {
    const m = new WaitMeter();
    m.note(0, 1_000);
    m.note(500, 1_500);
    m.note(3_000, 3_200);
    m.note(10, 10);
    expect(m.waitedMs()).toBe(1_700);
  });

  it('a job paced by the limiter is measured; the time the provider takes to answer is not', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock, { perMinute: 2, maxConcurrent: 4, windowMs: 10_000 });
    const paced = new WaitMeter();
    await measuringWaits(paced, () => Promise.all([0, 1, 2].map(() => limiter.run('status', async () => undefined))));
    // Two calls go at once; the third is held until the first leaves the 10 s window: exactly that hold.
    expect(paced.waitedMs()).toBe(10_000);
    // A slow answer (5 s) with room in the window: nothing was paced.
    const slow = new WaitMeter();
    await measuringWaits(slow, () => limiter.run('other', () => clock.sleep(5_000)));
    expect(slow.waitedMs()).toBe(0);
  });
});
