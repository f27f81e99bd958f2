import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpendTracker } from '../../main/autopilot/spend';
import { FakeClock } from '../helpers/fake-clock';
import { geelarkPair, simPost } from '../helpers/geelark';
import { makePhone } from '../helpers/phones';
import { closeAfterEach } from '../helpers/close-after-each';

const documented = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/geelark-documented-answers.json'), 'utf8'),
) as Record<string, { fields: string[]; exampleAlsoShows?: string[] }>;
const track = closeAfterEach();

const post = async (pair: Parameters<typeof simPost>[0], path: string, body: object) =>
  (await simPost(pair, path, body)).data;

describe('the GeeLark simulator answers what the documentation says, field for field', () => {
  it('plan info: exactly the documented fields, no invented name, currency or per-minute price', async () => {
    const pair = await track(geelarkPair());
    const plan = await post(pair, 'pay/plan/info', {});
    expect(Object.keys(plan).sort()).toEqual([...documented['pay/plan/info'].fields].sort());
  });

  it('stop: the documented table, or the example with successDetails too', async () => {
    for (const stopAnswers of ['counts', 'listed'] as const) {
      const pair = await track(geelarkPair({ sim: { stopAnswers } }));
      const id = [...pair.sim.phones.keys()][0];
      const stop = await post(pair, 'phone/stop', { ids: [id] });
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
    const pair = await track(geelarkPair({ clock, sim: { now: clock.now } }));
    const billing = await pair.provider.billing();
    expect(billing).toMatchObject({ planName: 'Pro', currency: 'USD', perMinutePrice: null });
    const prices: Record<string, number> = {};
    const spend = new SpendTracker({
      ledger: {
        runningByPhone: () => [{ key: 'g/1', accountId: 'g', group: '', tags: [], ms: 30 * 60_000, billedMinutes: 30 }],
        runningCurve: () => [],
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
