import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_START_OPTIONS } from '../../common/start-options';
import { DEMO_GEELARK_ID, DEMO_HUAWEI_ID } from '../../main/sim/demo';
import { testCore, waitFor } from '../helpers/core';

let env: Awaited<ReturnType<typeof testCore>>;
afterEach(async () => env?.close());

/** A demo core whose simulated fleets have a known shape: the first phones of each provider running. */
async function demoCore(opts: Parameters<typeof testCore>[0] = {}) {
  env = await testCore(opts);
  const sims = await env.demo.sims();
  [...sims.geelark.phones.values()].forEach((p, i) =>
    Object.assign(p, { status: i < 6 ? 0 : 2, busyTask: false, expired: i === 19 }),
  );
  [...sims.huawei.phones.values()].forEach((p, i) => (p.status = i < 3 ? 2 : 8));
  await env.core.accounts.enableDemo();
  await env.core.fleet.refresh();
  env.core.poller.start();
  const close = env.close;
  env.close = async () => {
    env.core.poller.stop();
    await close();
  };
  return env;
}
/** A demo core whose poller is stopped (lists are read only when a test asks), with its simulators. */
async function quietDemo() {
  const { core, demo } = await demoCore();
  core.poller.stop();
  return { core, sims: await demo.sims() };
}
const job = (jobId: string) => env.core.fleet.getJob(jobId)!;
const finished = (jobId: string) =>
  waitFor(
    () => job(jobId),
    (j) => j.state.state === 'done',
    10_000,
  );

describe('fleet: several accounts at once', () => {
  it('merges GeeLark and Huawei phones with their account and provider', async () => {
    const { core } = await demoCore();
    const phones = core.fleet.all();
    expect(phones).toHaveLength(28);
    expect(new Set(phones.map((p) => p.provider))).toEqual(new Set(['geelark', 'huawei']));
    expect(phones.every((p) => p.key === `${p.accountId}/${p.id}`)).toBe(true);
  });

  it('splits a mixed bulk stop per account and merges one result per phone', async () => {
    const { core, demo } = await demoCore();
    const sims = await demo.sims();
    const running = core.fleet.all().filter((p) => p.status === 'running');
    const mixed = [
      ...running.filter((p) => p.provider === 'geelark').slice(0, 2),
      ...running.filter((p) => p.provider === 'huawei').slice(0, 2),
    ];
    expect(mixed).toHaveLength(4);
    const id = core.fleet.runBulk(
      'stop',
      mixed.map((p) => p.key),
      DEFAULT_START_OPTIONS,
    );
    const done = await finished(id);
    expect(done.results.map((r) => r.key).sort()).toEqual(mixed.map((p) => p.key).sort());
    expect(done.results.every((r) => r.ok)).toBe(true);
    expect(sims.geelark.calls.filter((c) => c.path.endsWith('/stop'))).toEqual([
      { path: '/open/v1/phone/stop', ids: 2 },
    ]);
    expect(sims.huawei.calls.filter((c) => c.path === 'batch-stop')).toEqual([
      { method: 'POST', path: 'batch-stop', ids: 2 },
    ]);
    // Stopped only once the providers say so.
    await waitFor(
      () => mixed.map((p) => core.fleet.get(p.key)?.status),
      (s) => s.every((x) => x === 'stopped'),
      8_000,
    );
  });

  it('answers unsupported actions per phone without calling the provider', async () => {
    const { core, demo } = await demoCore();
    const hw = core.fleet.all().find((p) => p.provider === 'huawei')!;
    const id = core.fleet.runBulk('delete', [hw.key, 'acc_missing/1'], DEFAULT_START_OPTIONS);
    const done = await finished(id);
    expect(done.results.map((r) => [r.key, r.code])).toEqual([
      [hw.key, 'UNSUPPORTED'],
      ['acc_missing/1', 'NOT_FOUND'],
    ]);
    expect((await demo.sims()).huawei.calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });

  it('stop, wait until stopped, then delete: running phones end up deleted', async () => {
    const { core, demo } = await demoCore();
    const sims = await demo.sims();
    const targets = core.fleet
      .all()
      .filter((p) => p.provider === 'geelark' && p.status === 'running')
      .slice(0, 2);
    const stoppedOne = core.fleet.all().find((p) => p.provider === 'geelark' && p.status === 'stopped')!;
    const id = core.fleet.runBulk(
      'stopThenDelete',
      [...targets, stoppedOne].map((p) => p.key),
      DEFAULT_START_OPTIONS,
    );
    const done = await finished(id);
    expect(done.results.filter((r) => !r.ok)).toEqual([]);
    expect(done.results).toHaveLength(3);
    for (const t of [...targets, stoppedOne]) {
      expect(sims.geelark.phones.has(t.id)).toBe(false);
      expect(core.fleet.get(t.key)).toBeUndefined();
    }
    // A plain delete of a running phone is refused by the provider and the phone stays listed.
    const running = core.fleet.all().find((p) => p.provider === 'geelark' && p.status === 'running')!;
    const plain = await finished(core.fleet.runBulk('delete', [running.key], DEFAULT_START_OPTIONS));
    expect(plain.results[0]).toMatchObject({ ok: false, code: '43009' });
    expect(core.fleet.get(running.key)).toBeDefined();
  });

  it('keeps showing "stopping" while GeeLark still reports the phone started after accepting a stop', async () => {
    const { core, demo } = await demoCore();
    const sims = await demo.sims();
    sims.geelark.opts.stopDelayMs = 400;
    const p = core.fleet.all().find((x) => x.provider === 'geelark' && x.status === 'running')!;
    core.poller.stop();
    await finished(core.fleet.runBulk('stop', [p.key], DEFAULT_START_OPTIONS));
    const provider = core.accounts.provider(DEMO_GEELARK_ID)!;
    core.fleet.applyReadings(DEMO_GEELARK_ID, await provider.status([p.id]));
    expect(core.fleet.get(p.key)!.status).toBe('stopping');
    await new Promise((r) => setTimeout(r, 450));
    core.fleet.applyReadings(DEMO_GEELARK_ID, await provider.status([p.id]));
    expect(core.fleet.get(p.key)!.status).toBe('stopped');
  });

  it('does not make phones disappear when a list fails, and says which account failed', async () => {
    const { core, demo } = await demoCore();
    const sims = await demo.sims();
    const before = core.fleet.all().length;
    sims.huawei.inject({ kind: 'http500', times: 20 });
    const state = await core.fleet.refresh();
    expect(core.fleet.all()).toHaveLength(before);
    expect(state.errors).toEqual([{ accountId: DEMO_HUAWEI_ID, message: expect.stringMatching(/server error/i) }]);
  });

  it('a delete whose answer was lost leaves the phone listed and marked for re-reading', async () => {
    const { core, demo } = await demoCore();
    const sims = await demo.sims();
    core.poller.stop();
    const p = core.fleet.all().find((x) => x.provider === 'geelark' && x.status === 'stopped')!;
    sims.geelark.inject({ path: '/open/v1/phone/delete', kind: 'drop', afterApply: true });
    const done = await finished(core.fleet.runBulk('delete', [p.key], DEFAULT_START_OPTIONS));
    expect(done.results[0]).toMatchObject({ ok: false, code: 'OUTCOME_UNKNOWN' });
    expect(core.fleet.get(p.key)).toBeDefined();
    expect(core.fleet.needsCheck.has(p.key)).toBe(true);
    // The re-read finds the provider did delete it: only now does it leave the list.
    await core.poller.tick();
    await waitFor(
      () => core.fleet.get(p.key),
      (x) => x === undefined,
    );
  });

  it('closes viewer windows before stopping, so an open viewer does not block the stop (43006)', async () => {
    const { core, demo, windows } = await demoCore();
    const sims = await demo.sims();
    const p = core.fleet
      .all()
      .find((x) => x.provider === 'geelark' && x.status === 'stopped' && !sims.geelark.phones.get(x.id)!.expired)!;
    const [opened] = await core.sessions.open([p.key]);
    expect(opened).toMatchObject({ ok: true });
    sims.geelark.setViewerConnected(p.id, true);
    // The recorded window "disconnects" its viewer when closed, as the real page's beacon does.
    expect(windows.windows[0].closed).toBe(false);
    core.sessions.onChange(() => {
      if (!core.sessions.openKeys().includes(p.key)) sims.geelark.setViewerConnected(p.id, false);
    });
    await waitFor(
      () => core.fleet.get(p.key)!.status,
      (s) => s === 'running',
    );
    const done = await finished(core.fleet.runBulk('stop', [p.key], DEFAULT_START_OPTIONS));
    expect(windows.windows[0].closed).toBe(true);
    expect(done.results[0]).toMatchObject({ ok: true });
  });

  it('tracks the phones it started, for "stop all phones I started"', async () => {
    const { core } = await demoCore();
    const p = core.fleet.all().find((x) => x.provider === 'geelark' && x.status === 'stopped')!;
    await core.fleet.runAndWait('start', [p.key], DEFAULT_START_OPTIONS);
    expect(core.fleet.startedHereKeys()).toContain(p.key);
    await waitFor(
      () => core.fleet.get(p.key)!.status,
      (s) => s === 'running',
    );
    const results = await core.fleet.runAndWait('stop', core.fleet.startedHereKeys(), DEFAULT_START_OPTIONS);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(core.fleet.startedHereKeys()).toEqual([]);
    // Opening a phone somebody else already runs does not make it "mine".
    const theirs = core.fleet.all().find((x) => x.provider === 'geelark' && x.status === 'running')!;
    await core.sessions.open([theirs.key]);
    expect(core.fleet.startedHereKeys()).not.toContain(theirs.key);
  });
});

describe('fleet: a locked key', () => {
  it('keeps the account and its phones listed, says until when, and sends nothing meanwhile', async () => {
    const { core, demo } = await demoCore();
    const sims = await demo.sims();
    core.poller.stop();
    const before = core.fleet.all().length;
    sims.geelark.inject({ path: '/open/v1/phone/list', kind: 'code', code: 40014 });
    const state = await core.fleet.refresh();
    expect(state.errors).toEqual([{ accountId: DEMO_GEELARK_ID, message: expect.stringMatching(/locked/i) }]);
    expect(core.fleet.all()).toHaveLength(before);
    const account = core.accounts.summaries().find((a) => a.id === DEMO_GEELARK_ID)!;
    expect(account.lockedUntil).toBeGreaterThan(Date.now() + 119 * 60_000);
    expect(account.health.state).toBe('error');
    const sent = sims.geelark.http.requests;
    await core.fleet.refresh();
    expect(sims.geelark.http.requests).toBe(sent);
  });
});

describe('favourites', () => {
  it('accepts only listed phones and forgets a phone the provider says is gone', async () => {
    const { core, sims } = await quietDemo();
    const [a, b] = core.fleet.all().filter((p) => p.provider === 'geelark');
    expect(
      await core.dispatch('favorites:set', { key: `${DEMO_GEELARK_ID}/999999999999999999`, favorite: true }),
    ).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    await core.dispatch('favorites:set', { key: a.key, favorite: true });
    await core.dispatch('favorites:set', { key: b.key, favorite: true });
    core.settings.update((s) => void (s.windowBounds[a.key] = { x: 1, y: 2, width: 300, height: 600 }));
    sims.geelark.phones.delete(a.id);
    await core.fleet.refresh();
    expect(core.settings.get().favorites).toEqual([b.key]);
    expect(core.settings.get().windowBounds[a.key]).toBeUndefined();
    // A failed list keeps its phones, and their stars.
    sims.geelark.inject({ path: '/open/v1/phone/list', kind: 'http500', times: 10 });
    await core.fleet.refresh();
    expect(core.settings.get().favorites).toEqual([b.key]);
  });
});

describe('expiry is read after every list', () => {
  it('marks every expired GeeLark phone, and a failing expiry read is a status problem, not a list problem', async () => {
    const { core, sims } = await quietDemo();
    const expired = [...sims.geelark.phones.values()].filter((p) => p.expired).map((p) => `${DEMO_GEELARK_ID}/${p.id}`);
    expect(expired.length).toBeGreaterThan(0);
    expect(expired.every((k) => core.fleet.get(k)?.status === 'expired')).toBe(true);
    sims.geelark.inject({ path: '/open/v1/phone/status', kind: 'code', code: 40004, times: 10 });
    const state = await core.fleet.refresh();
    expect(state.errors).toEqual([]);
    expect(state.accounts[DEMO_GEELARK_ID].error).toMatchObject({ during: 'status' });
    expect(state.lastRefreshAt).not.toBeNull();
  });
});

describe('a list that misses a phone does not make it vanish', () => {
  /** Serves the next list answers (`times` of them) as if the phone were not there, as a page shift would. */
  function hideFromList(sim: object, id: string, times = 1) {
    const target = sim as { list: (...a: unknown[]) => unknown; phones: Map<string, unknown> };
    const real = target.list.bind(sim);
    target.list = (...args: unknown[]) => {
      if (times-- <= 0) return real(...args);
      const phone = target.phones.get(id);
      target.phones.delete(id);
      try {
        return real(...args);
      } finally {
        target.phones.set(id, phone);
      }
    };
  }
  /** A status answer that mentions no phone at all, as a provider leaving unknown ids out would give. */
  const SILENT_STATUS =
    '{"code":0,"msg":"success","data":{"totalAmount":0,"successAmount":0,"failAmount":0,"successDetails":[],"failDetails":[]}}';

  it('GeeLark: a phone missing from one list is checked by status in the expiry read, kept while it exists, removed once it is gone', async () => {
    const { core, sims } = await quietDemo();
    const [, second] = [...sims.geelark.phones.keys()];
    const key = `${DEMO_GEELARK_ID}/${second}`;
    const before = core.fleet.all().length;
    hideFromList(sims.geelark, second);
    const statusCalls = () => sims.geelark.calls.filter((c) => c.path === '/open/v1/phone/status').length;
    const calls = statusCalls();
    await core.fleet.refresh();
    expect(core.fleet.get(key)).toBeDefined();
    expect(core.fleet.all()).toHaveLength(before);
    // The check rode along with the expiry read: one status call, as without a missing phone.
    expect(statusCalls() - calls).toBe(1);
    sims.geelark.phones.delete(second); // deleted outside the app
    await core.fleet.refresh();
    expect(core.fleet.get(key)).toBeUndefined();
    expect(core.fleet.all()).toHaveLength(before - 1);
  });

  it('GeeLark: a phone deleted elsewhere while the list is being read shifts another across a page; that one stays', async () => {
    env = await testCore({ geelarkPhones: 250, huaweiPhones: 0 });
    const sims = await env.demo.sims();
    [...sims.geelark.phones.values()].forEach((p) => Object.assign(p, { status: 2, expired: false, busyTask: false }));
    await env.core.accounts.enableDemo();
    await env.core.fleet.refresh();
    expect(env.core.fleet.all().filter((p) => p.accountId === DEMO_GEELARK_ID)).toHaveLength(250);
    const ids = [...sims.geelark.phones.keys()];
    const target = sims.geelark as unknown as { list: (body: Record<string, unknown>) => unknown };
    const real = target.list.bind(sims.geelark);
    target.list = (body) => {
      const answer = real(body);
      if (body.page === 1) sims.geelark.phones.delete(ids[5]);
      return answer;
    };
    await env.core.fleet.refresh();
    // ids[100] moved onto page 1 after it was read, so page 2 never showed it: it must not vanish.
    expect(env.core.fleet.get(`${DEMO_GEELARK_ID}/${ids[100]}`)).toBeDefined();
    // ids[5] was on page 1 when it was read; the status read after the list finds it gone.
    expect(env.core.fleet.get(`${DEMO_GEELARK_ID}/${ids[5]}`)).toBeUndefined();
    expect(env.core.fleet.all().filter((p) => p.accountId === DEMO_GEELARK_ID)).toHaveLength(249);
  });

  it('Huawei: a phone missing from one list is read by id and kept; once the provider says it is gone, it goes', async () => {
    const { core, sims } = await quietDemo();
    const [first] = [...sims.huawei.phones.keys()];
    const key = `${DEMO_HUAWEI_ID}/${first}`;
    hideFromList(sims.huawei, first);
    await core.fleet.refresh();
    expect(core.fleet.get(key)).toBeDefined();
    sims.huawei.phones.delete(first);
    await core.fleet.refresh();
    expect(core.fleet.get(key)).toBeUndefined();
  });

  it('a provider that says nothing about a gone phone: it goes once two lists in a row miss it, not after one', async () => {
    const { core, sims } = await quietDemo();
    const [first] = [...sims.geelark.phones.keys()];
    const key = `${DEMO_GEELARK_ID}/${first}`;
    sims.geelark.phones.delete(first);
    sims.geelark.inject({ path: '/open/v1/phone/status', kind: 'body', body: SILENT_STATUS, times: 2 });
    await core.fleet.refresh();
    expect(core.fleet.get(key)).toBeDefined();
    await core.fleet.refresh();
    expect(core.fleet.get(key)).toBeUndefined();
  });

  it('one miss is forgotten when the phone is listed again', async () => {
    const { core, sims } = await quietDemo();
    const [first] = [...sims.geelark.phones.keys()];
    sims.geelark.inject({ path: '/open/v1/phone/status', kind: 'body', body: SILENT_STATUS, times: 3 });
    hideFromList(sims.geelark, first);
    await core.fleet.refresh(); // missed once
    await core.fleet.refresh(); // listed again
    hideFromList(sims.geelark, first);
    await core.fleet.refresh(); // missed once more, not twice in a row
    expect(core.fleet.get(`${DEMO_GEELARK_ID}/${first}`)).toBeDefined();
  });

  it('keeps every phone and the last good time when the list answers an impossible count, and says so', async () => {
    const { core, sims } = await quietDemo();
    const before = core.fleet.all().length;
    const { lastRefreshAt } = await core.fleet.refresh();
    sims.geelark.inject({
      path: '/open/v1/phone/list',
      kind: 'body',
      body: '{"code":0,"msg":"success","data":{"total":-5,"page":1,"pageSize":100,"items":[{"id":"12"}]}}',
      times: 5,
    });
    const state = await core.fleet.refresh();
    expect(core.fleet.all()).toHaveLength(before);
    expect(core.fleet.get(`${DEMO_GEELARK_ID}/12`)).toBeUndefined();
    expect(state.errors).toEqual([
      { accountId: DEMO_GEELARK_ID, message: expect.stringMatching(/impossible phone count \(-5\)/) },
    ]);
    expect(state.lastRefreshAt).toBe(lastRefreshAt);
  });

  it('a failed check keeps the phone listed and shows a status problem', async () => {
    const { core, sims } = await quietDemo();
    const [first] = [...sims.geelark.phones.keys()];
    hideFromList(sims.geelark, first);
    sims.geelark.inject({ path: '/open/v1/phone/status', kind: 'http500', times: 10 });
    const state = await core.fleet.refresh();
    expect(core.fleet.get(`${DEMO_GEELARK_ID}/${first}`)).toBeDefined();
    expect(state.accounts[DEMO_GEELARK_ID].error).toMatchObject({ during: 'status' });
  });
});

describe('"Updated" is true of the whole list', () => {
  it('a refresh of no accounts updates nothing, and an account added since makes a failed refresh "never" until one covers it', async () => {
    env = await testCore();
    expect((await env.core.fleet.refresh()).lastRefreshAt).toBeNull();
    const sims = await env.demo.sims();
    sims.huawei.inject({ kind: 'http500', times: 100 });
    await env.core.accounts.enableDemo();
    const failed = await env.core.fleet.refresh();
    expect(failed.errors.map((e) => e.accountId)).toEqual([DEMO_HUAWEI_ID]);
    expect(failed.lastRefreshAt).toBeNull();
    sims.huawei.http.faults.splice(0);
    const good = await env.core.fleet.refresh();
    expect(good.lastRefreshAt).not.toBeNull();
    // A later failure keeps that time: it covered every account listed now.
    sims.huawei.inject({ kind: 'http500', times: 100 });
    expect((await env.core.fleet.refresh()).lastRefreshAt).toBe(good.lastRefreshAt);
  });
});

describe("a list held by the provider's rate limit", () => {
  it('says until when it waits, then reads on and clears it', async () => {
    const { FakeClock } = await import('../helpers/fake-clock');
    // 20 s into a minute of real time (Huawei's signature check refuses a clock far from the real one).
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    const clock = new FakeClock(minute + 20_000);
    env = await testCore({ clock, huaweiPhones: 0 });
    await env.core.accounts.enableDemo();
    const sims = await env.demo.sims();
    sims.geelark.inject({ path: '/open/v1/phone/list', kind: 'code', code: 40007 });
    env.events.length = 0;
    const state = await env.core.fleet.refresh();
    const waits = [
      ...new Set(
        env.events
          .filter((e) => e.event === 'refresh:state')
          .map(
            (e) =>
              (e.payload as { accounts: Record<string, { waitingUntil?: number | null }> }).accounts[DEMO_GEELARK_ID]
                ?.waitingUntil,
          )
          .filter((w) => w),
      ),
    ];
    // GeeLark counts per calendar minute: the list waits for the next one (and a moment more).
    expect(waits).toHaveLength(1);
    expect(waits[0]! - (minute + 60_000)).toBeGreaterThanOrEqual(0);
    expect(waits[0]! - (minute + 60_000)).toBeLessThan(2_000);
    expect(state.errors).toEqual([]);
    expect(state.accounts[DEMO_GEELARK_ID]).toMatchObject({ loading: false, waitingUntil: null, phonesRead: 20 });
  });
});
