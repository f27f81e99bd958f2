import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsentPlan } from '../../common/consent';
import type { ActionSource } from '../../common/activity';
import type { IpcResult } from '../../common/contract';
import { BULK_ACTIONS, type Phone } from '../../common/phone';
import { planAction, type PlanWorld } from '../../main/consent/planner';
import { linkConsent } from '../../main/app/link-consent';
import { DEMO_GEELARK_ID } from '../../main/sim/demo';
import { testCore } from '../helpers/core';
import { ALL_CAPS, makePhone } from '../helpers/phones';
import { FakeClock } from '../helpers/fake-clock';

const RULES = { askAbovePhones: 10, askAboveCostPerHour: null, windowMinutes: 5 };
const DOORS: ActionSource[] = ['window', 'tray', 'cli', 'mcp:agent', 'link', 'policy:Nights'];

function world(phones: Phone[], over: Partial<PlanWorld> = {}): PlanWorld {
  const byKey = new Map(phones.map((p) => [p.key, p]));
  return {
    id: 'plan_000000000000',
    at: 0,
    phone: (k) => byKey.get(k),
    capabilities: (a) => (a === 'down' ? null : a === 'gl' ? { ...ALL_CAPS, restart: false, reset: false } : ALL_CAPS),
    favorites: new Set(),
    keepRunning: new Set(),
    openViewers: new Set(),
    heldByOthers: new Map(),
    busy: new Set(),
    price: (a) => (a === 'hw' ? { perMinute: 0.01, currency: 'CNY' } : null),
    rules: RULES,
    recent: 0,
    qualify: (p) => p.name,
    ...over,
  };
}

describe('the planner (pure)', () => {
  it('says per phone act or skip with the reason; restart on GeeLark is not offered; stopped phones are not stops', () => {
    const phones = [
      makePhone({ key: 'gl/1', id: '1', accountId: 'gl', status: 'running' }),
      makePhone({ key: 'gl/2', id: '2', accountId: 'gl', status: 'stopped' }),
      makePhone({ key: 'hw/1', id: '1', accountId: 'hw', status: 'running' }),
      makePhone({ key: 'hw/2', id: '2', accountId: 'hw', status: 'expired' }),
    ];
    const restart = planAction({ source: 'window', action: 'restart', keys: phones.map((p) => p.key) }, world(phones));
    expect(restart.act).toEqual(['hw/1']);
    expect(restart.skipped).toEqual({ notOffered: 2, expired: 1 });
    const stop = planAction(
      { source: 'cli', action: 'stop', keys: [...phones.map((p) => p.key), 'x/9'] },
      world(phones),
    );
    expect(stop.act).toEqual(['gl/1', 'hw/1']);
    expect(stop.skipped).toEqual({ alreadyThere: 1, expired: 1, notListed: 1 });
  });

  it('counts per door over the window: the 11th phone asks; starts carry the cost per hour and ask above it', () => {
    const phones = Array.from({ length: 4 }, (_, i) =>
      makePhone({ key: `hw/${i}`, id: String(i), accountId: 'hw', status: 'stopped' }),
    );
    const keys = phones.map((p) => p.key);
    expect(planAction({ source: 'cli', action: 'start', keys }, world(phones, { recent: 6 })).confirm.required).toBe(
      false,
    );
    const over = planAction({ source: 'cli', action: 'start', keys }, world(phones, { recent: 7 }));
    expect(over.confirm.why).toEqual([{ kind: 'overCount', phones: 4, recent: 7, limit: 10, minutes: 5 }]);
    expect(over.addedPerHour).toEqual([{ amount: 2.4, currency: 'CNY' }]);
    const costly = planAction(
      { source: 'window', action: 'start', keys },
      world(phones, { rules: { ...RULES, askAboveCostPerHour: 2 } }),
    );
    expect(costly.confirm.why).toEqual([{ kind: 'overCost', amount: 2.4, currency: 'CNY', limit: 2 }]);
  });

  it('delete and reset always ask; a link always asks; a policy asks above the count unless it acts alone', () => {
    const phones = [makePhone({ key: 'hw/1', id: '1', accountId: 'hw', status: 'stopped' })];
    const w = world(phones);
    expect(planAction({ source: 'window', action: 'delete', keys: ['hw/1'] }, w).confirm.why).toEqual([
      { kind: 'alwaysAsks' },
    ]);
    expect(planAction({ source: 'link', action: 'start', keys: ['hw/1'] }, w).confirm.why).toEqual([{ kind: 'link' }]);
    const many = Array.from({ length: 11 }, (_, i) =>
      makePhone({ key: `hw/${i}`, id: String(i), accountId: 'hw', status: 'running' }),
    );
    const req = { source: 'policy:Nights' as const, action: 'stop' as const, keys: many.map((p) => p.key) };
    expect(planAction(req, world(many)).confirm.why[0]).toMatchObject({ kind: 'policyOverCount' });
    expect(planAction({ ...req, actAlone: true }, world(many)).confirm.required).toBe(false);
  });

  it('property: no plan acts on a kept phone without explicit inclusion (never for a policy), and every door gets the same per-phone plan', () => {
    const phone = fc.record({
      status: fc.constantFrom('running', 'starting', 'stopping', 'stopped', 'expired', 'fault', 'unknown'),
      account: fc.constantFrom('gl', 'hw', 'down'),
      favorite: fc.boolean(),
      keepRunning: fc.boolean(),
      tag: fc.constantFrom([], ['Keep-Running'], ['vip'], ['qa']),
      remark: fc.constantFrom('', 'do not delete', 'spare'),
      viewer: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(phone, { minLength: 1, maxLength: 40 }),
        fc.constantFrom(...BULK_ACTIONS),
        fc.boolean(),
        (specs, action, includeKept) => {
          const phones = specs.map((s, i) =>
            makePhone({
              key: `${s.account}/${i}`,
              id: String(i),
              accountId: s.account,
              status: s.status as Phone['status'],
              tags: [...s.tag],
              remark: s.remark,
            }),
          );
          const w = world(phones, {
            favorites: new Set(phones.filter((_, i) => specs[i].favorite).map((p) => p.key)),
            keepRunning: new Set(phones.filter((_, i) => specs[i].keepRunning).map((p) => p.key)),
          });
          const keys = phones.map((p) => p.key);
          const plans = DOORS.map((source) => planAction({ source, action, keys, includeKept }, w));
          const perPhone = (p: ConsentPlan) =>
            p.entries.filter((e) => e.reason !== 'heldByViewer').map((e) => [e.key, e.act, e.reason]);
          for (const p of plans) {
            for (const e of p.entries) {
              const spared = ['delete', 'reset', 'stop', 'stopThenDelete'].includes(action);
              if (e.kept && e.act) {
                expect(spared ? includeKept && !p.source.startsWith('policy:') : true).toBe(true);
                if (spared) expect(p.confirm.why.some((x) => x.kind === 'keptIncluded')).toBe(true);
              }
            }
          }
          // Every person-facing door (and the CLI and agents) gets the same per-phone plan for the same input.
          const human = plans.filter((p) => !p.source.startsWith('policy:')).map(perPhone);
          for (const p of human) expect(p).toEqual(human[0]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

let env: Awaited<ReturnType<typeof testCore>> | null = null;
afterEach(async () => {
  env?.core.poller.stop();
  await env?.close();
  env = null;
});

describe('the gate in the real core', () => {
  it('the window: a stop of 1,524 would ask; bulk:run of 30 phones in three requests of 10 is refused the third time', async () => {
    env = await testCore({ geelarkPhones: 40, clock: new FakeClock() });
    const sims = await env.demo.sims();
    for (const p of sims.geelark.phones.values()) Object.assign(p, { status: 0, busyTask: false, expired: false });
    await env.core.accounts.enableDemo();
    await env.core.fleet.refresh();
    const running = env.core.fleet.all().filter((p) => p.accountId === DEMO_GEELARK_ID && p.status === 'running');
    const keys = running.map((p) => p.key).slice(0, 30);
    const big = (await env.core.dispatch('consent:plan', { action: 'stop', keys })) as IpcResult<ConsentPlan>;
    expect(big.ok && big.value.confirm.required).toBe(true);
    expect((await env.core.dispatch('bulk:run', { action: 'stop', keys: keys.slice(0, 10) })).ok).toBe(true);
    const second = await env.core.dispatch('bulk:run', { action: 'stop', keys: keys.slice(10, 20) });
    expect(second).toMatchObject({ ok: false, code: 'NEEDS_CONFIRMATION' });
  });

  it('a plan needing a person runs only confirmed, once; an unknown plan id is refused', async () => {
    env = await testCore({ geelarkPhones: 4 });
    await env.core.accounts.enableDemo();
    await env.core.fleet.refresh();
    const key = env.core.fleet.all()[0].key;
    const plan = (await env.core.dispatch('consent:plan', {
      action: 'stopThenDelete',
      keys: [key],
      includeKept: true,
    })) as IpcResult<ConsentPlan>;
    if (!plan.ok) throw new Error(plan.message);
    expect(await env.core.dispatch('consent:run', { planId: plan.value.id, confirmed: false })).toMatchObject({
      ok: false,
      code: 'NEEDS_CONFIRMATION',
    });
    // Taken once: a refused plan is gone, and so is any plan id main never made.
    expect(await env.core.dispatch('consent:run', { planId: plan.value.id, confirmed: true })).toMatchObject({
      ok: false,
      code: 'PLAN_EXPIRED',
    });
  });

  it('a link on a stopped phone asks the window with a start plan and starts nothing', async () => {
    env = await testCore({ geelarkPhones: 4 });
    const sims = await env.demo.sims();
    for (const p of sims.geelark.phones.values()) Object.assign(p, { status: 2, expired: false });
    await env.core.accounts.enableDemo();
    await env.core.fleet.refresh();
    const phone = env.core.fleet.all().find((p) => p.status === 'stopped')!;
    const calls = sims.geelark.calls.length;
    linkConsent(env.core).askToStartAndOpen(phone.key);
    const ask = env.events.find((e) => e.event === 'consent:ask')!.payload as { plan: ConsentPlan; thenOpen: boolean };
    expect(ask.thenOpen).toBe(true);
    expect(ask.plan).toMatchObject({ source: 'link', action: 'start', act: [phone.key] });
    expect(ask.plan.confirm.why).toEqual([{ kind: 'link' }]);
    expect(() => env!.core.gate.execute(env!.core.gate.take(ask.plan.id), false)).toThrow(/person/);
    expect(sims.geelark.calls.slice(calls).filter((c) => c.path.endsWith('/start'))).toEqual([]);
  });
});
