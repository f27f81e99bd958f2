import { describe, expect, it } from 'vitest';
import { DEFAULT_START_OPTIONS } from '../../common/start-options';
import { Fleet } from '../../main/fleet/fleet';
import { createLogger, SecretRegistry } from '../../main/kernel/redact';
import { RateLimiter } from '../../main/providers/plumbing/rate-limiter';
import type { CloudPhoneProvider, PhoneOutcome } from '../../main/providers/types';
import { FakeClock } from '../helpers/fake-clock';

/** A provider whose start answers for only some phones, like a buggy or truncated batch answer. */
function forgetfulProvider(clock: FakeClock) {
  const phones = ['1', '2', '3'].map((id) => ({
    id,
    name: `P${id}`,
    serialNo: '',
    group: '',
    tags: [],
    remark: '',
    status: 'stopped' as const,
    statusDetail: '',
    billing: 'per-minute' as const,
  }));
  return {
    kind: 'geelark',
    batchSize: 100,
    limiter: new RateLimiter(clock, { perMinute: 100, maxConcurrent: 2 }),
    capabilities: {
      start: true,
      stop: true,
      delete: true,
      restart: false,
      reset: false,
      viewer: false,
      startOptions: true,
      screenshot: true,
      files: true,
      apps: true,
    },
    viewerOrigin: () => null,
    testConnection: async () => undefined,
    listPage: async () => ({ phones, total: 3 }),
    listAll: async () => phones,
    status: async () => [],
    start: async (ids: readonly string[], _o: unknown, hooks?: { onOutcomes?: (o: PhoneOutcome[]) => void }) => {
      const outcomes: PhoneOutcome[] = [{ id: ids[0], ok: true }];
      hooks?.onOutcomes?.(outcomes);
      return outcomes;
    },
    stop: async () => {
      throw new Error('socket hang up');
    },
  } as unknown as CloudPhoneProvider;
}

describe('fleet bulk bookkeeping', () => {
  it('gives every phone a result: unreported ones are UNCONFIRMED and re-read, a crash becomes per-phone errors', async () => {
    const clock = new FakeClock();
    const provider = forgetfulProvider(clock);
    const accounts = { providers: () => [{ accountId: 'a', provider }], provider: () => provider };
    const fleet = new Fleet({
      accounts,
      clock,
      emit: () => undefined,
      log: createLogger(new SecretRegistry(), () => undefined),
    });
    await fleet.refresh();
    const started = await fleet.runAndWait('start', ['a/1', 'a/2', 'a/3'], DEFAULT_START_OPTIONS);
    expect(started.map((r) => [r.key, r.code])).toEqual([
      ['a/1', 'OK'],
      ['a/2', 'UNCONFIRMED'],
      ['a/3', 'UNCONFIRMED'],
    ]);
    expect(fleet.needsCheck.has('a/2')).toBe(true);
    const stopped = await fleet.runAndWait('stop', ['a/1', 'a/2'], DEFAULT_START_OPTIONS);
    expect(stopped.map((r) => [r.code, r.message])).toEqual([
      ['INTERNAL', 'socket hang up'],
      ['INTERNAL', 'socket hang up'],
    ]);
    // The phone that was only reported as starting is still shown as such, not stopped.
    expect(fleet.get('a/1')!.status).toBe('starting');
  });
});
