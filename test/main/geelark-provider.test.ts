import { describe, expect, it } from 'vitest';
import { closeAfterEach } from '../helpers/close-after-each';
import { DEFAULT_START_OPTIONS } from '../../common/start-options';
import { FakeClock } from '../helpers/fake-clock';
import { geelarkPair } from '../helpers/geelark';

const tracked = closeAfterEach();
const pair = (opts: Parameters<typeof geelarkPair>[0] = {}) => tracked(geelarkPair(opts));

describe('GeeLark provider against the simulator', () => {
  it('works in both auth modes and rejects bad credentials as AUTH', async () => {
    for (const auth of ['token', 'key'] as const) {
      const { provider } = await pair({ auth });
      await expect(provider.testConnection()).resolves.toBeUndefined();
    }
    const { sim, provider } = await pair();
    sim.opts.token = 'rotated';
    await expect(provider.testConnection()).rejects.toMatchObject({ code: 'AUTH' });
  });

  it('pages through the whole list, 100 at a time, keeping 18-digit ids as strings', async () => {
    const { provider, sim } = await pair({ sim: { phones: 250 } });
    const phones = await provider.listAll();
    expect(phones).toHaveLength(250);
    expect(sim.calls.filter((c) => c.path.endsWith('/list'))).toHaveLength(3);
    expect(new Set(phones.map((p) => p.id)).size).toBe(250);
    for (const p of phones) {
      expect(typeof p.id).toBe('string');
      expect(p.id).toMatch(/^\d{18}$/);
      expect(sim.phones.has(p.id)).toBe(true);
    }
  });

  it('maps status codes 0-3 and reports unknown ids (42001) as not found', async () => {
    const { provider, sim } = await pair({ sim: { phones: 4 } });
    const [a, b, c, d] = [...sim.phones.values()];
    a.status = 0;
    b.status = 1;
    c.status = 2;
    d.status = 2;
    d.expired = true;
    const readings = await provider.status([a.id, b.id, c.id, d.id, '999999999999999999']);
    expect(readings).toEqual([
      { id: a.id, found: true, status: 'running', statusDetail: 'Started' },
      { id: b.id, found: true, status: 'starting', statusDetail: 'Starting' },
      { id: c.id, found: true, status: 'stopped', statusDetail: 'Shut down' },
      { id: d.id, found: true, status: 'expired', statusDetail: 'Expired' },
      { id: '999999999999999999', found: false },
    ]);
  });

  it('starts with the display options, returns a viewer URL, and the phone runs after its delay', async () => {
    const { provider, sim } = await pair({ sim: { phones: 3 } });
    const p = [...sim.phones.values()].find((x) => !x.expired)!;
    p.status = 2;
    const [outcome] = await provider.start([p.id], {
      ...DEFAULT_START_OPTIONS,
      width: 420,
      hideSideBar: true,
      center: false,
    });
    expect(outcome).toMatchObject({ id: p.id, ok: true });
    expect(outcome.ok && new URL(outcome.url!).searchParams.get('w')).toBe('420');
    expect(sim.startCalls[0].body).toMatchObject({ width: 420, hideSideBar: true, center: 0 });
    expect(provider.viewerOrigin()).toBe(sim.url);
    expect(sim.phone(p.id)!.status).toBe(1);
    await new Promise((r) => setTimeout(r, 60));
    expect(sim.phone(p.id)!.status).toBe(0);
  });

  it('reads failDetails from a code-0 batch: a partial failure yields one outcome per phone', async () => {
    const { provider, sim } = await pair({ sim: { phones: 4 } });
    const [a, b, c] = [...sim.phones.values()];
    for (const p of [a, b, c]) Object.assign(p, { status: 2, expired: false });
    b.expired = true;
    sim.failPhone('start', c.id, 45002);
    const outcomes = await provider.start([a.id, b.id, c.id, '111111111111111111'], DEFAULT_START_OPTIONS);
    expect(outcomes.map((o) => [o.id, o.ok, o.ok ? '' : o.code])).toEqual([
      [a.id, true, ''],
      [b.id, false, '43004'],
      [c.id, false, '45002'],
      ['111111111111111111', false, '42001'],
    ]);
    expect(outcomes[1].ok === false && outcomes[1].message).toMatch(/expired/i);
    expect(outcomes[2].ok === false && outcomes[2].message).toMatch(/proxy/i);
  });

  it.each([
    ['start', 42001],
    ['start', 43004],
    ['start', 47004],
    ['start', 43007],
    ['start', 45002],
    ['start', 43029],
    ['stop', 42001],
    ['stop', 43005],
    ['stop', 43006],
    ['delete', 42001],
    ['delete', 43009],
    ['delete', 43010],
    ['delete', 43021],
  ] as const)('surfaces %s refusal %i as that phone’s result with a plain message', async (action, code) => {
    const { provider, sim } = await pair({ sim: { phones: 2 } });
    const [p, other] = [...sim.phones.values()];
    for (const x of [p, other]) Object.assign(x, { status: 2, expired: false, busyTask: false });
    sim.failPhone(action, p.id, code);
    const run =
      action === 'start' ? provider.start([p.id, other.id], DEFAULT_START_OPTIONS) : provider[action]([p.id, other.id]);
    const [failed, ok] = await run;
    expect(failed).toMatchObject({ id: p.id, ok: false, code: String(code) });
    expect(failed.ok === false && failed.message).not.toMatch(/GeeLark error \d+/);
    expect(ok).toMatchObject({ id: other.id, ok: true });
  });

  it('refuses stop and delete in the documented states, from real phone state', async () => {
    const { provider, sim } = await pair({ sim: { phones: 4 } });
    const [busy, viewed, running, starting] = [...sim.phones.values()];
    Object.assign(busy, { status: 0, busyTask: true });
    Object.assign(viewed, { status: 0, busyTask: false });
    sim.setViewerConnected(viewed.id, true);
    Object.assign(running, { status: 0, busyTask: false });
    Object.assign(starting, { status: 1, busyTask: false, next: { status: 0, at: Date.now() + 60_000 } });
    const stop = await provider.stop([busy.id, viewed.id]);
    expect(stop.map((o) => (o.ok ? 'ok' : o.code))).toEqual(['43005', '43006']);
    const del = await provider.delete([viewed.id, running.id, starting.id]);
    expect(del.map((o) => (o.ok ? 'ok' : o.code))).toEqual(['43021', '43009', '43010']);
  });

  it('chunks every batch to 100 ids', async () => {
    const { provider, sim } = await pair({ sim: { phones: 250 } });
    const ids = [...sim.phones.keys()];
    await provider.status(ids);
    await provider.stop(ids);
    expect(sim.calls.filter((c) => c.path.endsWith('/status')).map((c) => c.ids)).toEqual([100, 100, 50]);
    expect(sim.calls.filter((c) => c.path.endsWith('/stop')).map((c) => c.ids)).toEqual([100, 100, 50]);
  });

  it('waits for the next minute on 40007 and then succeeds, without the caller seeing an error', async () => {
    const clock = new FakeClock();
    const { provider, sim } = await pair({ clock, sim: { now: clock.now } });
    sim.inject({ path: '/open/v1/phone/status', kind: 'code', code: 40007 });
    const id = [...sim.phones.keys()][0];
    const before = clock.now();
    await expect(provider.status([id])).resolves.toHaveLength(1);
    expect(clock.now() - before).toBeGreaterThanOrEqual(60_000 - (before % 60_000));
  });

  it('is locked on 40014 and refuses further calls without sending them', async () => {
    const { provider, sim } = await pair();
    sim.inject({ kind: 'code', code: 40014 });
    await expect(provider.listAll()).rejects.toMatchObject({ code: 'KEY_LOCKED' });
    const sent = sim.http.requests;
    await expect(provider.listAll()).rejects.toMatchObject({ code: 'KEY_LOCKED' });
    expect(sim.http.requests).toBe(sent);
  });

  it('never re-sends a start whose answer was lost: the phones are reported OUTCOME_UNKNOWN', async () => {
    const clock = new FakeClock();
    const { provider, sim } = await pair({ clock, timeoutMs: 300 });
    const ids = [...sim.phones.values()]
      .filter((p) => !p.expired)
      .slice(0, 3)
      .map((p) => p.id);
    sim.inject({ path: '/open/v1/phone/start', kind: 'timeout', afterApply: true });
    const outcomes = await provider.start(ids, DEFAULT_START_OPTIONS);
    expect(outcomes.every((o) => !o.ok && o.code === 'OUTCOME_UNKNOWN' && o.maybeApplied)).toBe(true);
    expect(sim.startCalls).toHaveLength(1);
    sim.inject({ path: '/open/v1/phone/delete', kind: 'drop' });
    const del = await provider.delete([ids[0]]);
    expect(del[0]).toMatchObject({ ok: false, code: 'OUTCOME_UNKNOWN' });
    expect(sim.calls.filter((c) => c.path.endsWith('/delete'))).toHaveLength(0);
  });

  it.each(['timeout', 'http500', 'malformed', 'drop'] as const)('retries safe reads after a %s fault', async (kind) => {
    const clock = new FakeClock();
    const { provider, sim } = await pair({ clock, timeoutMs: 300 });
    sim.inject({ path: '/open/v1/phone/status', kind });
    const id = [...sim.phones.keys()][0];
    await expect(provider.status([id])).resolves.toMatchObject([{ id, found: true }]);
    expect(clock.slept.length).toBeGreaterThan(0);
  });

  it('tries a start again only for phones the provider said were not started (47002, 43020)', async () => {
    const clock = new FakeClock();
    const { provider, sim } = await pair({ clock });
    const [a, b] = [...sim.phones.values()].filter((p) => !p.expired);
    sim.failPhone('start', a.id, 47002);
    sim.failPhone('start', b.id, 43020, 5);
    const out = await provider.start([a.id, b.id], DEFAULT_START_OPTIONS);
    expect(out[0]).toMatchObject({ id: a.id, ok: true });
    expect(out[1]).toMatchObject({ id: b.id, ok: false, code: '43020' });
    expect(sim.startCalls.map((c) => c.ids)).toEqual([[a.id, b.id], [a.id, b.id], [b.id]]);
  });
});

describe('transport failures', () => {
  it('knows a refused connection never reached the provider, so even a start may be sent again later', async () => {
    const { sendHttp } = await import('../../main/providers/plumbing/http');
    const { createServer } = await import('node:net');
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    const err = await sendHttp(fetch, {
      method: 'POST',
      url: `http://127.0.0.1:${port}/x`,
      headers: {},
      body: '{}',
      timeoutMs: 2_000,
    }).catch((e) => e);
    expect(err).toMatchObject({ code: 'NETWORK', maybeApplied: false, retryable: true });
    const chromiumStyle = await sendHttp(async () => Promise.reject(new Error('net::ERR_CONNECTION_REFUSED')), {
      method: 'GET',
      url: 'http://x.invalid/',
      headers: {},
      timeoutMs: 1_000,
    }).catch((e) => e);
    expect(chromiumStyle).toMatchObject({ code: 'NETWORK', maybeApplied: false });
    const reset = await sendHttp(
      async () => Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } })),
      { method: 'GET', url: 'http://x.invalid/', headers: {}, timeoutMs: 1_000 },
    ).catch((e) => e);
    expect(reset).toMatchObject({ code: 'NETWORK', maybeApplied: true });
  });
});
