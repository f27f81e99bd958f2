import { describe, expect, it, vi } from 'vitest';
import { SpendTracker } from '../../main/autopilot/spend';
import { totalSpendToday } from '../../common/money';
import { Ledger } from '../../main/ledger/ledger';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../helpers/fake-clock';
import { geelarkPair } from '../helpers/geelark';
import type { GeeLarkSimOptions } from '../../main/sim/geelark-sim';
import { makePhone } from '../helpers/phones';
import { DEFAULT_START_OPTIONS } from '../../common/start-options';
import { closeAfterEach } from '../helpers/close-after-each';

const track = closeAfterEach();
const MIN = 60_000;

/** The fake clock's sleep advances time; the simulator shares it, so per-minute limits are real minutes of it. */
async function pair(sim: GeeLarkSimOptions = {}) {
  const clock = new FakeClock();
  const p = await track(geelarkPair({ clock, sim: { now: clock.now, startDelayMs: 0, stopDelayMs: 0, ...sim } }));
  return { ...p, clock };
}

describe('GeeLark wallet and plan', () => {
  it('reads balance and plan; the simulated balance falls with running per-minute phones', async () => {
    const { provider, sim, clock } = await pair({ phones: 6, startBalance: 50, perMinutePrice: 0.02 });
    const first = await provider.billing();
    // The plan answer names no price, currency or plan name: the tier number says Base or Pro.
    expect(first).toMatchObject({
      balance: 50,
      planName: 'Pro',
      parallels: 0,
      currency: 'USD',
      perMinutePrice: null,
    });
    expect(first.planExpiresAt).toBeGreaterThan(clock.now());
    const perMinute = [...sim.phones.values()].filter((p) => p.chargeMode === 0 && !p.expired).map((p) => p.id);
    await provider.start(perMinute, DEFAULT_START_OPTIONS);
    await provider.status(perMinute); // the phones settle to running
    clock.t += 10 * MIN;
    const later = await provider.billing();
    expect(later.balance).toBeCloseTo(50 - perMinute.length * 10 * 0.02, 2);
  });

  it('stays under the wallet (10/min) and plan (1/min) limits however often it is asked', async () => {
    const { provider, sim } = await pair();
    for (let i = 0; i < 25; i++) await provider.billing();
    const perMinute = (path: string) => {
      const byMinute = new Map<number, number>();
      for (const c of sim.calls.filter((x) => x.path === path)) byMinute.set(c.at!, (byMinute.get(c.at!) ?? 0) + 1);
      return Math.max(...byMinute.values());
    };
    expect(sim.calls.filter((c) => c.path === '/open/v1/pay/wallet')).toHaveLength(25);
    expect(perMinute('/open/v1/pay/wallet')).toBeLessThanOrEqual(10);
    expect(perMinute('/open/v1/pay/plan/info')).toBeLessThanOrEqual(1);
  });

  it('the simulator answers 40007 past the documented wallet limit', async () => {
    const { sim, url } = await pair();
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`${url}/open/v1/pay/wallet`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', traceid: `t${i}`, authorization: `Bearer ${sim.opts.token}` },
        body: '{}',
      });
      codes.push(((await res.json()) as { code: number }).code);
    }
    expect(codes.slice(0, 10).every((c) => c === 0)).toBe(true);
    expect(codes.slice(10)).toEqual([40007, 40007]);
  });
});

describe('spend', () => {
  it('estimates spend from ledger running time and the price, counting only per-minute phones', async () => {
    const clock = new FakeClock(new Date(2026, 10, 23, 12, 0).getTime());
    const ledger = await Ledger.open({ file: join(mkdtempSync(join(tmpdir(), 'spend-')), 'a.sqlite'), now: clock.now });
    const start = clock.now() - 60 * MIN;
    ledger.commit([
      {
        op: 'runs',
        starts: [
          { key: 'acc/1', accountId: 'acc', name: 'a', group: '', tags: [], at: start, exact: true },
          { key: 'acc/2', accountId: 'acc', name: 'b', group: '', tags: [], at: start, exact: true },
        ],
        ends: [],
      },
    ]);
    const phones = [
      makePhone({ key: 'acc/1', status: 'running', billing: 'per-minute' }),
      makePhone({ key: 'acc/2', status: 'running', billing: 'monthly' }),
    ];
    let prices: Record<string, number> = {};
    const spend = new SpendTracker({
      ledger,
      clock,
      phones: () => phones,
      providers: () => [{ accountId: 'acc', provider: {} as never }],
      prices: () => prices,
    });
    expect(spend.summaries()[0]).toMatchObject({ runningNow: 2, minutesToday: 120, spendToday: null, price: null });
    expect(totalSpendToday(spend.summaries())).toBeNull();
    prices = { acc: 0.05 };
    expect(spend.summaries()[0]).toMatchObject({ spendToday: 3, spendMonth: 3, price: 0.05, priceFromProvider: false });
    expect(totalSpendToday(spend.summaries())).toEqual({ amount: 3, currency: 'USD' });
  });

  it('reads balance and plan on its own, rarely: once when first shown, again only after 30 minutes', async () => {
    const { provider, sim, clock } = await pair();
    const ledger = await Ledger.open({ file: join(mkdtempSync(join(tmpdir(), 'spend-')), 'a.sqlite'), now: clock.now });
    const spend = new SpendTracker({
      ledger,
      clock,
      phones: () => [],
      providers: () => [{ accountId: 'g', provider }],
      prices: () => ({}),
    });
    const wallet = () => sim.calls.filter((c) => c.path === '/open/v1/pay/wallet').length;
    spend.summaries();
    await vi.waitFor(() => expect(spend.summaries()[0].balance).toBe(100));
    for (let i = 0; i < 20; i++) spend.summaries();
    expect(wallet()).toBe(1);
    clock.t += 31 * MIN;
    spend.summaries();
    await vi.waitFor(() => expect(wallet()).toBe(2));
  });
});
