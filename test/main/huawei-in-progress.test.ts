import { describe, expect, it } from 'vitest';
import { huaweiPair } from '../helpers/huawei';
import { closeAfterEach } from '../helpers/close-after-each';

const track = closeAfterEach();

describe('Huawei: "already in progress" after a lost answer', () => {
  it('a stop resent after a dropped connection is followed to the phone’s real state, not reported failed', async () => {
    const pair = await track(huaweiPair({ sim: { jobDelayMs: 2_000 }, timeoutMs: 500 }));
    const { sim, provider } = pair;
    const running = [...sim.phones.values()].find((p) => p.status === 2)!;
    // The first stop is applied, its answer lost; the client resends it and hears CPS.0023.
    sim.inject({ path: '/v1/', kind: 'drop', afterApply: true });
    const [outcome] = await provider.stop([running.phone_id]);
    expect(sim.calls.filter((c) => c.path === 'batch-stop')).toHaveLength(2);
    expect(outcome).toEqual({ id: running.phone_id, ok: true });
    expect(sim.phones.get(running.phone_id)!.status).toBe(8);
  });

  it('a phone whose first request never finishes is reported unconfirmed (re-read later), not failed', async () => {
    const pair = await track(huaweiPair({ sim: { jobDelayMs: 60_000 }, timeoutMs: 500 }));
    const { sim, provider } = pair;
    (provider as unknown as { opts: { jobTimeoutMs: number } }).opts.jobTimeoutMs = 400;
    const running = [...sim.phones.values()].find((p) => p.status === 2)!;
    sim.inject({ path: '/v1/', kind: 'drop', afterApply: true });
    const [outcome] = await provider.stop([running.phone_id]);
    expect(outcome).toMatchObject({ ok: false, code: 'UNCONFIRMED', maybeApplied: true });
  });
});
