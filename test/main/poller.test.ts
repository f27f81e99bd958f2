import { describe, expect, it } from 'vitest';
import { Fleet } from '../../main/fleet/fleet';
import { StatusPoller } from '../../main/fleet/poller';
import { createLogger, SecretRegistry } from '../../main/kernel/redact';
import { RateLimiter } from '../../main/providers/plumbing/rate-limiter';
import type { CloudPhoneProvider, ProviderPhone } from '../../main/providers/types';
import { FakeClock } from '../helpers/fake-clock';

/** A provider that answers from memory and counts calls (what the poller sends is what we measure). */
function countingProvider(clock: FakeClock, phones: ProviderPhone[]) {
  const calls = { list: 0, status: 0, statusIds: 0 };
  const provider = {
    kind: 'geelark',
    batchSize: 100,
    capabilities: {
      start: true,
      stop: true,
      delete: true,
      restart: false,
      reset: false,
      viewer: true,
      startOptions: true,
      screenshot: true,
      files: true,
      apps: true,
    },
    limiter: new RateLimiter(clock, { perMinute: 120, maxConcurrent: 4 }),
    viewerOrigin: () => null,
    testConnection: async () => undefined,
    listPage: async () => ({ phones, total: phones.length }),
    listAll: async () => {
      calls.list++;
      return phones;
    },
    status: async (ids: readonly string[]) => {
      calls.status += Math.ceil(ids.length / 100);
      calls.statusIds += ids.length;
      return ids.map((id) => {
        const p = phones.find((x) => x.id === id)!;
        return { id, found: true as const, status: p.status, statusDetail: p.statusDetail };
      });
    },
  } as unknown as CloudPhoneProvider;
  return { provider, calls };
}

function fleetOf(n: number, transitional: number) {
  const clock = new FakeClock();
  const phones: ProviderPhone[] = Array.from({ length: n }, (_, i) => ({
    id: String(500000000000000000n + BigInt(i)),
    name: `P${i}`,
    serialNo: '',
    group: '',
    tags: [],
    remark: '',
    status: i < transitional ? 'starting' : 'stopped',
    statusDetail: '',
    billing: 'per-minute',
  }));
  const { provider, calls } = countingProvider(clock, phones);
  const accounts = { providers: () => [{ accountId: 'a', provider }], provider: () => provider };
  const log = createLogger(new SecretRegistry(), () => undefined);
  const fleet = new Fleet({ accounts, clock, emit: () => undefined, log });
  const poller = new StatusPoller(fleet, accounts, clock, log, {
    transitionalMs: 3_000,
    visibleMs: 20_000,
    fullRefreshMs: 300_000,
  });
  return { clock, fleet, poller, calls, phones };
}

describe('status poller', () => {
  it('reads only transitional phones, in batches of 100', async () => {
    const { clock, poller, calls } = fleetOf(10_000, 100);
    await poller.tick(); // first tick: one full list
    expect(calls.list).toBe(1);
    clock.t += 3_000;
    await poller.tick();
    expect(calls).toMatchObject({ status: 1, statusIds: 100 });
  });

  it('sends nothing when nothing is transitional and nothing visible is due', async () => {
    const { clock, poller, calls } = fleetOf(2_000, 0);
    await poller.tick();
    for (let i = 0; i < 50; i++) {
      clock.t += 1_000;
      await poller.tick();
    }
    expect(calls.status).toBe(0);
    expect(calls.list).toBe(1);
  });

  it('reads visible rows on their slower schedule, and stops reading phones once they settle', async () => {
    const { clock, poller, calls, phones, fleet } = fleetOf(1_000, 10);
    await poller.tick();
    poller.setVisible(
      fleet
        .all()
        .slice(500, 540)
        .map((p) => p.key),
    );
    for (const p of phones.slice(0, 10)) p.status = 'running';
    let perMinute = 0;
    for (let s = 0; s < 60; s++) {
      const before = calls.statusIds;
      clock.t += 1_000;
      await poller.tick();
      perMinute += calls.statusIds - before;
    }
    // 10 transitional phones read once (then they are running), 40 visible rows every 20 s.
    expect(perMinute).toBe(10 + 40 * 3);
  });
});

describe('rate limiter', () => {
  it('admits at most perMinute per endpoint in any 60 s, and respects a global cap across endpoints', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock, { perMinute: 5, globalPerMinute: 8, maxConcurrent: 2 });
    const admitted: [string, number][] = [];
    const run = (bucket: string) => limiter.run(bucket, async () => void admitted.push([bucket, clock.now()]));
    await Promise.all([...Array(7)].map(() => run('a')).concat([...Array(4)].map(() => run('b'))));
    const start = admitted[0][1];
    const inFirstMinute = admitted.filter(([, t]) => t < start + 60_000);
    expect(inFirstMinute.filter(([b]) => b === 'a').length).toBeLessThanOrEqual(5);
    expect(inFirstMinute.length).toBeLessThanOrEqual(8);
    expect(admitted).toHaveLength(11);
    expect(limiter.callsMade()).toBe(11);
  });

  it('holds everything after a provider "too many requests" and refuses after a lock', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock, { perMinute: 100, maxConcurrent: 4 });
    limiter.pauseFor(30_000);
    const t0 = clock.now();
    await limiter.run('x', async () => undefined);
    expect(clock.now() - t0).toBeGreaterThanOrEqual(30_000);
    limiter.lock('locked for 2 hours', Date.now() + 7_200_000);
    await expect(limiter.run('x', async () => undefined)).rejects.toMatchObject({ code: 'KEY_LOCKED' });
  });
});
