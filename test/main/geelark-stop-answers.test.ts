import { describe, expect, it } from 'vitest';
import { DEFAULT_START_OPTIONS } from '../../common/start-options';
import { geelarkPair, simPost } from '../helpers/geelark';
import { closeAfterEach } from '../helpers/close-after-each';
import { oneAccountFleet } from '../helpers/fleet';

const track = closeAfterEach();

/**
 * GeeLark's stop page documents an answer with counts and failDetails only, while its example also lists
 * successDetails. The simulator answers either way; every stop test here runs against both, and a stop
 * must be proven (and the same outcome reported) in each.
 */
describe.each(['listed', 'counts'] as const)('GeeLark stop answers with %s successes', (stopAnswers) => {
  const setup = async () => {
    const pair = await track(geelarkPair({ sim: { phones: 150, seed: 7, stopAnswers } }));
    const phones = [...pair.sim.phones.values()];
    for (const p of phones) Object.assign(p, { status: 0, busyTask: false, expired: false, viewerUntil: 0 });
    phones[3].busyTask = true; // 43005
    phones[120].viewerUntil = Date.now() + 60_000; // 43006
    return { ...pair, phones };
  };

  it('answers on the wire exactly as the mode says: successDetails listed, or counts and failDetails only', async () => {
    const pair = await setup();
    const { data } = await simPost(pair, 'phone/stop', { ids: [pair.phones[0].id, pair.phones[3].id] });
    expect(data).toMatchObject({ totalAmount: 2, successAmount: 1, failAmount: 1 });
    expect('successDetails' in data).toBe(stopAnswers === 'listed');
  });

  it('proves each stop across two chunks and names each refusal, from the answer alone', async () => {
    const { provider, phones, sim } = await setup();
    const ids = [...phones.map((p) => p.id), 'no-such-phone'];
    const outcomes = await provider.stop(ids);
    const byId = new Map(outcomes.map((o) => [o.id, o]));
    expect(sim.calls.filter((c) => c.path.endsWith('/stop'))).toHaveLength(2);
    expect(byId.get(phones[3].id)).toMatchObject({ ok: false, code: '43005' });
    expect(byId.get(phones[120].id)).toMatchObject({ ok: false, code: '43006' });
    expect(byId.get('no-such-phone')).toMatchObject({ ok: false, code: '42001' });
    expect(outcomes.filter((o) => o.ok)).toHaveLength(148);
    expect(outcomes.filter((o) => !o.ok && o.code === 'UNCONFIRMED')).toEqual([]);
  });

  it('through the fleet: every stopped phone reads stopped, refused ones stay running with the provider’s words', async () => {
    const { provider, phones } = await setup();
    const { fleet } = oneAccountFleet(provider);
    await fleet.refresh();
    const results = await fleet.runAndWait(
      'stop',
      fleet.all().map((p) => p.key),
      DEFAULT_START_OPTIONS,
    );
    expect(results.filter((r) => r.ok)).toHaveLength(148);
    expect(
      results
        .filter((r) => !r.ok)
        .map((r) => r.code)
        .sort(),
    ).toEqual(['43005', '43006']);
    await new Promise((r) => setTimeout(r, 60));
    await fleet.refresh();
    expect(fleet.get(`g/${phones[3].id}`)!.status).toBe('running');
    expect(fleet.all().filter((p) => p.status === 'stopped' || p.status === 'stopping')).toHaveLength(148);
  });
});
