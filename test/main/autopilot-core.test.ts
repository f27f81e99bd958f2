import { afterEach, describe, expect, it } from 'vitest';
import type { IpcResult } from '../../common/contract';
import { DEMO_GEELARK_ID } from '../../main/sim/demo';
import { testCore, waitFor } from '../helpers/core';
import { notKept } from '../helpers/phones';

let env: Awaited<ReturnType<typeof testCore>>;
afterEach(async () => {
  env?.core.poller.stop();
  await env?.close();
});

describe('autopilot through the real core and the simulators', () => {
  it('a budget guard stops only the phones this app started, through the bulk machinery, and the ledger says so', async () => {
    env = await testCore({ autopilotGraceMs: 1_500 });
    const sims = await env.demo.sims();
    // Three phones already running (started elsewhere), the rest stopped and startable.
    [...sims.geelark.phones.values()].forEach((p, i) =>
      Object.assign(p, { status: i < 3 ? 0 : 2, busyTask: false, expired: false, chargeMode: 0 }),
    );
    await env.core.accounts.enableDemo();
    await env.core.fleet.refresh();
    env.core.poller.start();
    const { core } = env;
    const ok = async (p: Promise<IpcResult<unknown>>) => {
      const r = await p;
      if (!r.ok) throw new Error(r.message);
      return r.value;
    };
    const geelark = core.fleet.all().filter((p) => p.accountId === DEMO_GEELARK_ID);
    const elsewhere = geelark.filter((p) => p.status === 'running').map((p) => p.key);
    const mine = geelark
      .filter((p) => p.status === 'stopped' && notKept(p))
      .slice(0, 2)
      .map((p) => p.key);
    await ok(core.dispatch('bulk:run', { action: 'start', keys: mine }));
    await waitFor(
      () => mine.map((k) => core.fleet.get(k)?.status),
      (s) => s.every((x) => x === 'running'),
      8_000,
    );

    await ok(core.dispatch('spend:setPrice', { accountId: DEMO_GEELARK_ID, price: 1000 }));
    const policy = {
      id: 'budget',
      name: 'Budget',
      enabled: true,
      kind: 'budget' as const,
      accountId: DEMO_GEELARK_ID,
      warnAt: 0.001,
      stopAt: 0.002,
      act: false,
    };
    await ok(core.dispatch('autopilot:save', { policy }));
    // Just started by a person: the policy keeps off them for a while (1.5 s here, 5 min by default).
    expect(await ok(core.dispatch('autopilot:dryRun', { policy }))).toEqual([]);
    await new Promise((r) => setTimeout(r, 1_600));
    const dry = (await ok(core.dispatch('autopilot:dryRun', { policy }))) as {
      action: string;
      phones: { key: string }[];
    }[];
    expect(dry.map((d) => [d.action, d.phones.map((p) => p.key).sort()])).toEqual([['stop', [...mine].sort()]]);
    const stopsBefore = sims.geelark.calls.filter((c) => c.path.endsWith('/stop')).length;
    await core.autopilot.tick();
    const [pending] = core.autopilot.state().pending;
    expect(pending).toMatchObject({ policyName: 'Budget', needsConsent: true });
    expect(pending.keys.sort()).toEqual([...mine].sort());
    // The window's banner shows it on every tab (from autopilot:changed), not a notice that only has ✕.
    expect(
      env.events.some(
        (e) => e.event === 'autopilot:changed' && (e.payload as { pending: unknown[] }).pending.length === 1,
      ),
    ).toBe(true);
    expect(env.events.some((e) => e.event === 'notice' && /Budget asks/.test(JSON.stringify(e.payload)))).toBe(false);
    await ok(core.dispatch('autopilot:stopNow', { pendingId: pending.id }));
    await waitFor(
      () => mine.map((k) => core.fleet.get(k)?.status),
      (s) => s.every((x) => x === 'stopped'),
      8_000,
    );
    // One stop call for exactly those phones; the ones running elsewhere still run.
    expect(sims.geelark.calls.filter((c) => c.path.endsWith('/stop')).slice(stopsBefore)).toEqual([
      { path: '/open/v1/phone/stop', ids: 2 },
    ]);
    expect(elsewhere.map((k) => core.fleet.get(k)?.status)).toEqual(elsewhere.map(() => 'running'));
    const jobs = (await ok(core.dispatch('activity:list', { source: 'policy' }))) as {
      source: string;
      action: string;
      succeeded: number;
    }[];
    expect(jobs).toEqual([expect.objectContaining({ source: 'policy:Budget', action: 'stop', succeeded: 2 })]);
  });

  it('records every action from the window, with per-phone outcomes, in the activity ledger', async () => {
    env = await testCore();
    await env.core.accounts.enableDemo();
    await env.core.fleet.refresh();
    const { core } = env;
    const sims = await env.demo.sims();
    const stopped = core.fleet.all().filter((p) => p.accountId === DEMO_GEELARK_ID && p.status === 'stopped');
    const [a, b] = stopped;
    sims.geelark.failPhone('start', b.id, 43009, 1, 'busy');
    const run = await core.dispatch('bulk:run', { action: 'start', keys: [a.key, b.key] });
    expect(run.ok).toBe(true);
    const jobs = await waitFor(
      async () =>
        (await core.dispatch('activity:list', { source: 'window' })) as {
          ok: true;
          value: { id: string; succeeded: number; failed: number }[];
        },
      (r) => r.value.length === 1,
    );
    expect(jobs.value[0]).toMatchObject({ succeeded: 1, failed: 1 });
    const rows = (await core.dispatch('activity:job', { jobId: jobs.value[0].id })) as {
      ok: true;
      value: { name: string; ok: boolean; code: string }[];
    };
    expect(rows.value.map((r) => [r.name, r.ok, r.code])).toEqual(
      [
        [a.name, true, ''],
        [b.name, false, '43009'],
      ].map(([n, o, c]) => [n, o, o ? expect.any(String) : c]),
    );
    // Bad input is refused with the field named, nothing recorded.
    expect(await core.dispatch('activity:list', { limit: 'all' })).toMatchObject({ ok: false });
    expect(
      await core.dispatch('autopilot:save', {
        policy: { id: 'x', name: '', enabled: true, kind: 'idleStop', scope: {}, idleMinutes: 0 },
      }),
    ).toMatchObject({ ok: false });
  });
});
