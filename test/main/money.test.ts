import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { totalBurn } from '../../common/money';
import type { Phone } from '../../common/phone';
import { SpendTracker, startOfLocalDay } from '../../main/autopilot/spend';
import { Ledger } from '../../main/ledger/ledger';
import type { RunStart } from '../../main/ledger/schema';
import { FakeClock } from '../helpers/fake-clock';
import { makePhone } from '../helpers/phones';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** A ledger with running periods, and a tracker over it at the given prices. */
async function setUp(phones: Phone[], prices: Record<string, number>) {
  const clock = new FakeClock();
  const ledger = await Ledger.open({
    file: join(mkdtempSync(join(tmpdir(), 'phonedeck-money-')), 'a.sqlite'),
    now: clock.now,
  });
  const run = (p: Phone, startAgo: number, endAgo: number | null) => {
    const start: RunStart = {
      key: p.key,
      accountId: p.accountId,
      name: p.name,
      group: p.group,
      tags: p.tags,
      at: clock.now() - startAgo,
      exact: true,
    };
    // Ends are applied before starts within one fact, so a closed run is two facts.
    ledger.commit([{ op: 'runs', starts: [start], ends: [] }]);
    if (endAgo !== null)
      ledger.commit([{ op: 'runs', starts: [], ends: [{ key: p.key, at: clock.now() - endAgo, exact: true }] }]);
  };
  const spend = new SpendTracker({
    ledger,
    clock,
    phones: () => phones,
    providers: () =>
      [...new Set(phones.map((p) => p.accountId))].map((accountId) => ({
        accountId,
        provider: { billing: null } as never,
      })),
    prices: () => prices,
  });
  return { clock, ledger, spend, run };
}

describe('money that adds up and can be acted on (#23.3)', () => {
  it('says which minutes are not priced and why, so "minutes today" and "$ today" agree', async () => {
    const perMinute = makePhone({
      key: 'g/1',
      id: '1',
      accountId: 'g',
      billing: 'per-minute',
      group: 'QA',
      tags: ['ads', 'vip'],
      status: 'running',
    });
    const monthly = makePhone({
      key: 'g/2',
      id: '2',
      accountId: 'g',
      billing: 'monthly',
      group: 'QA',
      tags: ['ads'],
      status: 'running',
    });
    const unpriced = makePhone({
      key: 'h/1',
      id: '1',
      accountId: 'h',
      billing: 'per-minute',
      group: 'Ops',
      tags: [],
      status: 'stopped',
    });
    const { spend, run, clock } = await setUp([perMinute, monthly, unpriced], { g: 0.01 });
    run(perMinute, 100 * MIN, null);
    run(monthly, 60 * MIN, null);
    run(unpriced, 50 * MIN, 20 * MIN);
    const [g, h] = spend.summaries();
    expect(g).toMatchObject({
      minutesToday: 160,
      spendToday: 1,
      notPerMinuteToday: 60,
      runningNow: 2,
      runningPerMinute: 1,
    });
    // $/h now: the one running per-minute phone at $0.01/min; the monthly phone adds nothing.
    expect(g.burnPerHour).toBe(0.6);
    expect(h).toMatchObject({ spendToday: null, burnPerHour: null });
    expect(totalBurn([g, h])).toEqual({ USD: 0.6 });
    const b = spend.breakdown('today');
    expect(b.byAccount.map((r) => [r.name, r.minutes, r.spend])).toEqual([
      ['g', 160, { USD: 1 }],
      ['h', 30, {}],
    ]);
    expect(b.byGroup.map((r) => [r.name, r.minutes, r.spend])).toEqual([
      ['QA', 160, { USD: 1 }],
      ['Ops', 30, {}],
    ]);
    // A phone in two tags counts in both; the monthly phone's minutes show, its money does not.
    expect(b.byTag.map((r) => [r.name, r.minutes, r.spend])).toEqual([
      ['ads', 160, { USD: 1 }],
      ['vip', 100, { USD: 1 }],
    ]);
    expect(b.excluded).toEqual({ notPerMinuteMs: 60 * MIN, noPriceMs: 30 * MIN, accountsWithoutPrice: ['h'] });
    // Each started minute is billed: ten seconds of running costs a minute, never $0.00.
    const fresh = makePhone({ key: 'g/3', id: '3', accountId: 'g', billing: 'per-minute', status: 'running' });
    const t2 = await setUp([fresh], { g: 0.01 });
    t2.run(fresh, 10_000, null);
    expect(t2.spend.phoneCosts()['g/3']).toEqual({ ms: 10_000, cost: 0.01, currency: 'USD' });
    expect(clock.now()).toBeGreaterThan(0);
  });

  it('history: spend per local day for 30 days, and phones running through today a quarter-hour each', async () => {
    const a = makePhone({ key: 'g/1', id: '1', accountId: 'g', billing: 'per-minute' });
    const b = makePhone({ key: 'g/2', id: '2', accountId: 'g', billing: 'per-minute' });
    const { spend, run, clock } = await setUp([a, b], { g: 0.5 });
    const midnight = startOfLocalDay(clock.now());
    const sinceMidnight = clock.now() - midnight;
    run(a, sinceMidnight + 2 * HOUR, sinceMidnight + HOUR); // an hour, yesterday
    run(b, sinceMidnight - 30 * MIN, sinceMidnight - 60 * MIN); // half an hour, today
    run(a, 30 * MIN, null); // still running
    const h = spend.history();
    expect(h.days).toHaveLength(30);
    expect(h.days.at(-1)!.start).toBe(midnight);
    expect(h.days.at(-2)).toMatchObject({ minutes: 60, spend: { USD: 30 } });
    expect(h.days.at(-1)).toMatchObject({ minutes: 60, spend: { USD: 30 } });
    expect(h.days.slice(0, -2).every((d) => d.minutes === 0)).toBe(true);
    const { curve } = h;
    expect(curve.start).toBe(midnight);
    expect(curve.running).toHaveLength(Math.ceil(sinceMidnight / curve.step));
    expect(Math.max(...curve.running)).toBe(1);
    expect(curve.running.at(-1)).toBe(1);
    expect(curve.running.reduce((x, y) => x + y, 0)).toBe(2 + 2); // two quarter-hours for each phone
  });
});
