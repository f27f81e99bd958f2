import { describe, expect, it } from 'vitest';
import { oneAtATime } from '../../main/kernel/one-at-a-time';

describe('oneAtATime (the team reads woken by notifications)', () => {
  it('never runs twice at once; calls meanwhile make exactly one more run; a failure goes to onError', async () => {
    let runs = 0;
    let active = 0;
    let most = 0;
    let fail = false;
    const errors: unknown[] = [];
    const run = oneAtATime(
      async () => {
        runs++;
        active++;
        most = Math.max(most, active);
        await new Promise((r) => setTimeout(r, 10));
        active--;
        if (fail) throw new Error('connection gone');
      },
      (e) => errors.push(e),
    );
    const first = run();
    const calls = [run(), run(), run()];
    expect(calls.every((p) => p === first)).toBe(true);
    await first;
    expect({ runs, most }).toEqual({ runs: 2, most: 1 });
    fail = true;
    await run();
    expect(errors).toHaveLength(1);
    fail = false;
    await run();
    expect(runs).toBe(4);
  });
});
