import { describe, expect, it } from 'vitest';
import { DEFAULT_START_OPTIONS } from '../../common/start-options';
import { SpendTracker } from '../../main/autopilot/spend';
import { systemClock } from '../../main/kernel/clock';
import { geelarkPair } from '../helpers/geelark';
import { closeAfterEach } from '../helpers/close-after-each';
import { oneAccountFleet } from '../helpers/fleet';

const track = closeAfterEach();

describe('GeeLark "Parallels": phones within the plan’s parallels cost nothing per minute', () => {
  it('follows the start answer’s chargingMethod through the fleet (a later list does not undo it) and into spend', async () => {
    const pair = await track(geelarkPair({ sim: { phones: 6, seed: 2, parallels: 2 } }));
    const phones = [...pair.sim.phones.values()];
    for (const p of phones) Object.assign(p, { status: 2, chargeMode: 0, expired: false, busyTask: false });
    const { fleet, accounts } = oneAccountFleet(pair.provider);
    await fleet.refresh();
    const keys = phones.slice(0, 3).map((p) => `g/${p.id}`);
    const results = await fleet.runAndWait('start', keys, DEFAULT_START_OPTIONS);
    expect(results.every((r) => r.ok)).toBe(true);
    await fleet.refresh();
    expect(keys.map((k) => fleet.get(k)!.billing)).toEqual(['parallels', 'parallels', 'per-minute']);
    // Thirty minutes each, at a price the person set: only the phone outside the parallels costs money.
    const spend = new SpendTracker({
      ledger: {
        runningByPhone: () =>
          keys.map((key) => ({ key, accountId: 'g', group: '', tags: [], ms: 30 * 60_000, billedMinutes: 30 })),
        runningCurve: () => [],
      },
      clock: systemClock,
      phones: () => fleet.all(),
      providers: () => accounts.providers(),
      prices: () => ({ g: 0.01 }),
    });
    expect(spend.summaries()[0].spendToday).toBeCloseTo(0.3, 5);
  });
});
