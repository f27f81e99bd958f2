import { describe, expect, it } from 'vitest';
import { closeAfterEach } from '../helpers/close-after-each';
import { DEFAULT_START_OPTIONS } from '../../common/start-options';
import { huaweiStatus } from '../../main/providers/huawei/provider';
import { FakeClock } from '../helpers/fake-clock';
import { huaweiPair } from '../helpers/huawei';

const tracked = closeAfterEach();
const pair = (opts: Parameters<typeof huaweiPair>[0] = {}) => tracked(huaweiPair(opts));

describe('Huawei CPH provider against the simulator', () => {
  it('signs with AK/SK, looks up the project id, and pages the list by offset', async () => {
    const { provider, sim } = await pair({ sim: { phones: 450 } });
    const phones = await provider.listAll();
    expect(phones).toHaveLength(450);
    expect(sim.calls.filter((c) => c.path === 'phones')).toHaveLength(3);
    expect(phones[0].id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('gets an IAM token with a password, reuses it, and fetches a new one when it is revoked', async () => {
    const { provider, sim } = await pair({ auth: 'password' });
    await provider.testConnection();
    await provider.testConnection();
    sim.revokeTokens();
    await expect(provider.listAll()).resolves.toHaveLength(12);
  });

  it('refuses a wrong SK with a clear message and locks the AK after five failures, like APIG', async () => {
    const { provider, sim } = await pair();
    const real = sim.opts.sk;
    sim.opts.sk = 'another-secret';
    await expect(provider.testConnection()).rejects.toMatchObject({
      code: 'AUTH',
      message: expect.stringMatching(/credentials/),
    });
    for (let i = 0; i < 4; i++) await expect(provider.testConnection()).rejects.toMatchObject({ code: 'AUTH' });
    sim.opts.sk = real;
    await expect(provider.testConnection()).rejects.toMatchObject({ code: 'AUTH' });
  });

  it('maps all 12 status codes, keeping failure states visible as faults', () => {
    const codes = [1, 2, 3, 4, 6, 7, 8, -5, -6, -7, -8, -9];
    const mapped = codes.map((c) => huaweiStatus(c)[0]);
    expect(mapped).toEqual([
      'starting',
      'running',
      'starting',
      'starting',
      'fault',
      'stopping',
      'stopped',
      'fault',
      'fault',
      'fault',
      'fault',
      'fault',
    ]);
    expect(huaweiStatus(-6)[1]).toBe('Restart failed');
    expect(huaweiStatus(99)[0]).toBe('unknown');
  });

  it('stops through batch-stop and follows each job, with per-phone errors inside a 200 answer', async () => {
    const { provider, sim } = await pair();
    const running = [...sim.phones.values()].filter((p) => p.status === 2);
    const [a, b] = running;
    sim.failPhone('batch-stop', b.phone_id, 'CPS.0022', 'job');
    const out = await provider.stop([a.phone_id, b.phone_id, 'ffffffffffffffffffffffffffffffff']);
    expect(out).toEqual(
      expect.arrayContaining([
        { id: a.phone_id, ok: true },
        expect.objectContaining({ id: b.phone_id, ok: false, code: 'CPS.0022' }),
        expect.objectContaining({
          id: 'ffffffffffffffffffffffffffffffff',
          ok: false,
          code: 'CPS.0005',
          message: 'Phone does not exist',
        }),
      ]),
    );
    expect(sim.phone(a.phone_id)!.status).toBe(8);
    expect(sim.phone(b.phone_id)!.status).toBe(-9);
    expect((await provider.status([b.phone_id]))[0]).toMatchObject({ status: 'fault', statusDetail: 'Stop failed' });
  });

  it('powers a stopped phone on with batch-restart and reports it running', async () => {
    const { provider, sim } = await pair();
    const stopped = [...sim.phones.values()].find((p) => p.status === 8)!;
    const [o] = await provider.start([stopped.phone_id], DEFAULT_START_OPTIONS);
    expect(o).toEqual({ id: stopped.phone_id, ok: true });
    expect(sim.calls.some((c) => c.path === 'batch-restart')).toBe(true);
    expect((await provider.status([stopped.phone_id]))[0]).toMatchObject({ found: true, status: 'running' });
  });

  it('has no delete and no viewer', async () => {
    const { provider } = await pair();
    expect(provider.capabilities).toMatchObject({ delete: false, viewer: false, restart: true, reset: true });
    expect((await provider.delete(['x']))[0]).toMatchObject({ ok: false, code: 'UNSUPPORTED' });
  });

  it('backs off on APIG.0308 throttling and then succeeds', async () => {
    const clock = new FakeClock();
    const { provider, sim } = await pair({
      clock,
      sim: { now: clock.now },
      projectId: '0123456789abcdef0123456789abcdef',
    });
    sim.inject({ kind: 'code', code: 'APIG.0308', times: 2 });
    await expect(provider.listAll()).resolves.toHaveLength(12);
    expect(clock.slept.filter((ms) => ms >= 3_000).length).toBeGreaterThanOrEqual(2);
  });

  it('does not resend a restart whose answer was lost', async () => {
    const clock = new FakeClock();
    const { provider, sim } = await pair({ clock, sim: { now: clock.now }, timeoutMs: 300 });
    await provider.testConnection();
    const id = [...sim.phones.keys()][0];
    sim.inject({ path: '/v1/', kind: 'drop', afterApply: true });
    const [o] = await provider.restart([id]);
    expect(o).toMatchObject({ ok: false, code: 'OUTCOME_UNKNOWN', maybeApplied: true });
    expect(sim.calls.filter((c) => c.path === 'batch-restart')).toHaveLength(1);
  });

  it('maps CPS error bodies to plain messages', async () => {
    const { provider, sim } = await pair();
    sim.inject({ kind: 'code', code: 'CPS.0006' });
    await expect(provider.testConnection()).rejects.toMatchObject({
      code: 'CPS.0006',
      message: expect.stringMatching(/arrears/),
    });
  });
});

describe('Huawei IAM token lifetime', () => {
  it('reuses one token and fetches a new one before the 24 h expiry', async () => {
    const clock = new FakeClock();
    const { provider, sim } = await pair({ clock, sim: { now: clock.now }, auth: 'password' });
    const countTokens = () => sim.issuedTokens;
    await provider.testConnection();
    await provider.testConnection();
    expect(countTokens()).toBe(1);
    clock.t += 22 * 3_600_000;
    await provider.testConnection();
    expect(countTokens()).toBe(1);
    clock.t += 1.5 * 3_600_000; // 23.5 h: inside the last hour, so refresh before the server refuses it
    await provider.testConnection();
    expect(countTokens()).toBe(2);
  });
});

describe('Huawei status reads', () => {
  it('reads a few phones one by one and many through the list, whichever sends fewer requests', async () => {
    const { provider, sim } = await pair({ sim: { phones: 1_000 } });
    const ids = [...sim.phones.keys()];
    await provider.listAll(); // 5 pages of 200
    const calls = () => sim.calls.length;
    let before = calls();
    expect(await provider.status(ids.slice(0, 5))).toHaveLength(5);
    expect(sim.calls.slice(before).map((c) => c.path)).toEqual(Array(5).fill('phone-detail'));
    before = calls();
    const many = await provider.status([...ids.slice(0, 40), 'ffffffffffffffffffffffffffffffff']);
    expect(sim.calls.slice(before).map((c) => c.path)).toEqual(Array(5).fill('phones'));
    expect(many.at(-1)).toEqual({ id: 'ffffffffffffffffffffffffffffffff', found: false });
  });
});
