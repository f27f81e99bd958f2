import { describe, expect, it } from 'vitest';
import { DEFAULT_START_OPTIONS } from '../../common/start-options';
import type { GeeLarkSimOptions } from '../../main/sim/geelark-sim';
import { geelarkPair } from '../helpers/geelark';
import { closeAfterEach } from '../helpers/close-after-each';
import { oneAccountFleet } from '../helpers/fleet';

const track = closeAfterEach();

async function setup(sim: GeeLarkSimOptions = {}) {
  const pair = await track(geelarkPair({ sim: { phones: 8, seed: 11, startDelayMs: 60, ...sim } }));
  const phones = [...pair.sim.phones.values()];
  for (const p of phones) Object.assign(p, { status: 0, busyTask: false, expired: false, viewerUntil: 0, next: null });
  return { ...pair, phones };
}

describe('GeeLark restart: one running phone per call', () => {
  it('restarts running phones and names each refusal: not running, busy, gone', async () => {
    const { provider, sim, phones } = await setup();
    phones[1].status = 2;
    phones[2].busyTask = true;
    const outcomes = await provider.restart([phones[0].id, phones[1].id, phones[2].id, 'missing']);
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.code))).toEqual(['ok', '42002', '43005', '42001']);
    expect(sim.calls.filter((c) => c.path === '/open/v1/phone/restart')).toHaveLength(4);
    expect(phones[0].status).toBe(1);
  });

  it('a restart whose answer was lost is an unknown outcome, never sent again', async () => {
    const { provider, sim, phones } = await setup();
    sim.inject({ path: '/open/v1/phone/restart', kind: 'drop', afterApply: true });
    const [o] = await provider.restart([phones[0].id]);
    expect(o).toMatchObject({ ok: false, code: 'OUTCOME_UNKNOWN', maybeApplied: true });
    expect(sim.calls.filter((c) => c.path === '/open/v1/phone/restart')).toHaveLength(1);
  });

  it('through the fleet: "starting", then confirmed running by a status read', async () => {
    const { provider, phones } = await setup();
    const { fleet } = oneAccountFleet(provider);
    await fleet.refresh();
    const key = `g/${phones[0].id}`;
    const [r] = await fleet.runAndWait('restart', [key], DEFAULT_START_OPTIONS);
    expect(r).toMatchObject({ ok: true, code: 'OK' });
    expect(fleet.get(key)!.status).toBe('starting');
    await new Promise((res) => setTimeout(res, 100));
    fleet.applyReadings('g', await provider.status([phones[0].id]));
    expect(fleet.get(key)!.status).toBe('running');
  });
});

describe('GeeLark new machine (its reset): a new identity, apps and data cleared', () => {
  it('gives the phone a new device identity', async () => {
    const { provider, phones } = await setup();
    const before = new Map((await provider.listAll()).find((p) => p.id === phones[0].id)!.facts);
    const [o] = await provider.reset([phones[0].id]);
    expect(o).toEqual({ id: phones[0].id, ok: true });
    const after = new Map((await provider.listAll()).find((p) => p.id === phones[0].id)!.facts);
    expect(after.get('fact.deviceName')).not.toEqual(before.get('fact.deviceName'));
  });

  it('refuses with the documented codes: viewer open, busy, daily limit, and what the service injects', async () => {
    const { provider, sim, phones } = await setup({ newOnePerDay: 2 });
    sim.setViewerConnected(phones[0].id, true);
    phones[1].busyTask = true;
    sim.failPhone('newOne', phones[2].id, 43038, 1, 'brand removed');
    sim.failPhone('newOne', phones[3].id, 45004, 1, 'proxy check failed');
    const first = await provider.reset(phones.slice(0, 4).map((p) => p.id));
    expect(first.map((o) => (o.ok ? 'ok' : o.code))).toEqual(['43006', '43005', '43038', '45004']);
    const done = await provider.reset([phones[4].id, phones[5].id]);
    expect(done.every((o) => o.ok)).toBe(true);
    const [limited] = await provider.reset([phones[6].id]);
    expect(limited).toMatchObject({ ok: false, code: '44004', message: expect.stringMatching(/tomorrow/) });
  });
});
