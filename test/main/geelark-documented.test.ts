import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SpendTracker } from '../../main/autopilot/spend';
import { FakeClock } from '../helpers/fake-clock';
import { geelarkPair } from '../helpers/geelark';
import { makePhone } from '../helpers/phones';

const documented = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/geelark-documented-answers.json'), 'utf8'),
) as Record<string, { fields: string[]; exampleAlsoShows?: string[] }>;
const closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((c) => c()));
});

async function post(url: string, token: string, path: string, body: object) {
  const res = await fetch(`${url}/open/v1/${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      traceId: '0123456789ABCDEF0123456789ABCDEF',
      Authorization: `Bearer ${token}`,
    },
    body: JSON.stringify(body),
  });
  return ((await res.json()) as { data: Record<string, unknown> }).data;
}

describe('the GeeLark simulator answers what the documentation says, field for field', () => {
  it('plan info: exactly the documented fields, no invented name, currency or per-minute price', async () => {
    const pair = await geelarkPair();
    closing.push(pair.close);
    const plan = await post(pair.url, pair.sim.opts.token, 'pay/plan/info', {});
    expect(Object.keys(plan).sort()).toEqual([...documented['pay/plan/info'].fields].sort());
  });

  it('stop: the documented table, or the example with successDetails too', async () => {
    for (const stopAnswers of ['counts', 'listed'] as const) {
      const pair = await geelarkPair({ sim: { stopAnswers } });
      closing.push(pair.close);
      const id = [...pair.sim.phones.keys()][0];
      const stop = await post(pair.url, pair.sim.opts.token, 'phone/stop', { ids: [id] });
      const expected = [
        ...documented['phone/stop'].fields,
        ...(stopAnswers === 'listed' ? documented['phone/stop'].exampleAlsoShows! : []),
      ];
      expect(Object.keys(stop).sort()).toEqual(expected.sort());
    }
  });
});

describe('money from a real-shaped plan answer', () => {
  it('is unpriced until the person gives a price: minutes count, money does not', async () => {
    const clock = new FakeClock();
    const pair = await geelarkPair({ clock, sim: { now: clock.now } });
    closing.push(pair.close);
    const billing = await pair.provider.billing();
    expect(billing).toMatchObject({ planName: 'Pro', currency: 'USD', perMinutePrice: null });
    const prices: Record<string, number> = {};
    const spend = new SpendTracker({
      ledger: {
        runningTotals: () => ({
          byPhone: { 'g/1': 30 * 60_000 },
          byAccount: { g: 30 * 60_000 },
          byGroup: {},
          byTag: {},
        }),
      },
      clock,
      phones: () => [makePhone({ key: 'g/1', id: '1', accountId: 'g', billing: 'per-minute' })],
      providers: () => [{ accountId: 'g', provider: pair.provider }],
      prices: () => prices,
    });
    await spend.refreshBilling({ force: true });
    expect(spend.summaries()[0]).toMatchObject({ price: null, spendToday: null, minutesToday: 30 });
    prices.g = 0.01;
    expect(spend.summaries()[0]).toMatchObject({ price: 0.01, priceFromProvider: false, spendToday: 0.3 });
  });
});
