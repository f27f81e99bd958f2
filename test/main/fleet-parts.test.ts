import { describe, expect, it } from 'vitest';
import type { EventChannel } from '../../common/contract';
import type { PhoneStatus } from '../../common/phone';
import { DEFAULT_START_OPTIONS } from '../../common/start-options';
import { BulkJobs } from '../../main/fleet/bulk-jobs';
import { PhoneStore } from '../../main/fleet/phone-store';
import { FleetRefresher } from '../../main/fleet/refresh';
import { createLogger, SecretRegistry } from '../../main/kernel/redact';
import { RateLimiter } from '../../main/providers/plumbing/rate-limiter';
import type { CloudPhoneProvider, PhoneOutcome, ProviderPhone, StatusReading } from '../../main/providers/types';
import { FakeClock } from '../helpers/fake-clock';

const listed = (id: string, status: PhoneStatus = 'stopped', name = `P${id}`): ProviderPhone => ({
  id,
  name,
  serialNo: '',
  group: '',
  tags: [],
  remark: '',
  status,
  statusDetail: '',
  billing: 'per-minute',
});

/** A provider held in memory: its list, its status answers and every call it received. */
function memoryProvider(clock: FakeClock, phones: Map<string, PhoneStatus>) {
  const calls: string[] = [];
  let listOmits = new Set<string>();
  const provider = {
    kind: 'geelark',
    batchSize: 100,
    listHidesExpiry: false,
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
    listAll: async () => {
      calls.push('list');
      return [...phones].filter(([id]) => !listOmits.has(id)).map(([id, st]) => listed(id, st));
    },
    // Says nothing about ids it does not know (some providers leave them out of the answer).
    status: async (ids: readonly string[]): Promise<StatusReading[]> => {
      calls.push(`status ${ids.join(',')}`);
      return ids
        .filter((id) => phones.has(id))
        .map((id) => ({ id, found: true, status: phones.get(id)!, statusDetail: '' }));
    },
    stop: async (ids: readonly string[], hooks?: { onOutcomes?(o: PhoneOutcome[]): void }) => {
      calls.push(`stop ${ids.join(',')}`);
      const outcomes = ids.map((id): PhoneOutcome => ({ id, ok: true }));
      hooks?.onOutcomes?.(outcomes);
      return outcomes;
    },
    delete: async (ids: readonly string[], hooks?: { onOutcomes?(o: PhoneOutcome[]): void }) => {
      calls.push(`delete ${ids.join(',')}`);
      for (const id of ids) phones.delete(id);
      const outcomes = ids.map((id): PhoneOutcome => ({ id, ok: true }));
      hooks?.onOutcomes?.(outcomes);
      return outcomes;
    },
  } as unknown as CloudPhoneProvider;
  return { provider, calls, omitFromList: (ids: string[]) => (listOmits = new Set(ids)) };
}

function parts(clock = new FakeClock()) {
  const events: [EventChannel, unknown][] = [];
  const emit = (e: EventChannel, p: unknown) => void events.push([e, p]);
  const store = new PhoneStore({ clock, emit });
  return { clock, events, store, patches: () => events.filter(([e]) => e === 'phones:patch').map(([, p]) => p) };
}

describe('PhoneStore: the only writer of phones', () => {
  it('pushes one patch per flush, and nothing for a phone that did not change', () => {
    const { store, patches } = parts();
    store.merge('a', 'geelark', listed('1'));
    store.merge('a', 'geelark', listed('2'));
    store.flush();
    store.merge('a', 'geelark', listed('1'));
    store.flush();
    expect(patches()).toHaveLength(1);
    expect((patches()[0] as { upserts: unknown[] }).upserts).toHaveLength(2);
  });

  it('keeps an accepted stop showing "stopping" until the provider reports it, for three minutes at most', () => {
    const { clock, store } = parts();
    store.merge('a', 'geelark', listed('1', 'running'));
    store.expect('a/1', 'stopping', 'stopped', 'Stop requested');
    store.applyReadings('a', [{ id: '1', found: true, status: 'running', statusDetail: '' }]);
    expect(store.get('a/1')!.status).toBe('stopping');
    clock.t += 180_001;
    store.applyReadings('a', [{ id: '1', found: true, status: 'running', statusDetail: '' }]);
    expect(store.get('a/1')!.status).toBe('running');
  });

  it('knows when a phone began running only when it saw it start; a phone first seen running is a lower bound', () => {
    const { clock, store } = parts();
    store.merge('a', 'geelark', listed('1', 'running'));
    store.merge('a', 'geelark', listed('2', 'stopped'));
    clock.t += 60_000;
    store.applyReadings('a', [{ id: '2', found: true, status: 'running', statusDetail: '' }]);
    expect(store.get('a/1')!.runningSinceExact).toBe(false);
    expect(store.get('a/2')).toMatchObject({ runningSince: clock.t, runningSinceExact: true });
  });

  it('a phone the provider says is gone leaves the list, its result row keeps its name, and removal is announced', () => {
    const { store } = parts();
    const removed: string[][] = [];
    store.onRemoved((keys) => removed.push(keys));
    store.merge('a', 'geelark', listed('1', 'stopped', 'Ava'));
    store.markForCheck(['a/1']);
    store.applyReadings('a', [{ id: '1', found: false }]);
    expect(store.get('a/1')).toBeUndefined();
    expect(store.needsCheck.has('a/1')).toBe(false);
    expect(store.resultFor('a/1', true, 'OK', 'Deleted')).toMatchObject({ name: 'Ava', accountId: 'a' });
    expect(removed).toEqual([['a/1']]);
  });

  it('a listener that unsubscribes itself does not make the next one miss the change', () => {
    const { store } = parts();
    const heard: string[] = [];
    const first = store.onChange(() => {
      heard.push('first');
      first.dispose();
    });
    store.onChange(() => heard.push('second'));
    store.merge('a', 'geelark', listed('1'));
    store.flush();
    store.merge('a', 'geelark', listed('2'));
    store.flush();
    expect(heard).toEqual(['first', 'second', 'second']);
  });
});

describe('FleetRefresher: full lists and what they cannot prove', () => {
  const setup = () => {
    const p = parts();
    const phones = new Map<string, PhoneStatus>([
      ['1', 'stopped'],
      ['2', 'running'],
    ]);
    const mem = memoryProvider(p.clock, phones);
    const accounts = { providers: () => [{ accountId: 'a', provider: mem.provider }], provider: () => mem.provider };
    const refresher = new FleetRefresher(p.store, {
      accounts,
      clock: p.clock,
      emit: p.events.push.bind(p.events) as never,
    });
    return { ...p, ...mem, phones, refresher };
  };

  it('a phone missing from one list stays; missing from two in a row (and unknown to status) it goes', async () => {
    const { store, refresher, phones, omitFromList } = setup();
    await refresher.refresh();
    phones.delete('2');
    omitFromList(['2']);
    await refresher.refresh();
    expect(store.get('a/2')).toBeDefined();
    await refresher.refresh();
    expect(store.get('a/2')).toBeUndefined();
  });

  it('callers arriving during a refresh share one follow-up refresh', async () => {
    const { refresher, calls } = setup();
    const first = refresher.refresh();
    await Promise.all([refresher.refresh(), refresher.refresh(), refresher.refresh()]);
    await first;
    expect(calls.filter((c) => c === 'list')).toHaveLength(2);
  });

  it('a failing account keeps its phones, says so with the error code, and "updated" stays false', async () => {
    const { store, refresher, provider } = setup();
    await refresher.refresh();
    const at = refresher.current().lastRefreshAt;
    (provider as { listAll: unknown }).listAll = async () => {
      throw Object.assign(new Error('socket hang up'), { code: 'NETWORK' });
    };
    const state = await refresher.refresh();
    expect(store.all()).toHaveLength(2);
    expect(state.lastRefreshAt).toBe(at);
    expect(state.accounts.a.error).toMatchObject({ during: 'list', code: 'INTERNAL', message: 'socket hang up' });
  });
});

describe('BulkJobs: one result per phone, confirmed by the provider', () => {
  const setup = () => {
    const p = parts();
    const phones = new Map<string, PhoneStatus>([
      ['1', 'running'],
      ['2', 'stopped'],
    ]);
    const mem = memoryProvider(p.clock, phones);
    const accounts = { providers: () => [{ accountId: 'a', provider: mem.provider }], provider: () => mem.provider };
    for (const [id, st] of phones) p.store.merge('a', 'geelark', listed(id, st));
    const log = createLogger(new SecretRegistry(), () => undefined);
    const jobs = new BulkJobs(p.store, { accounts, clock: p.clock, emit: () => undefined, log, pollEveryMs: 3_000 });
    return { ...p, ...mem, phones, jobs };
  };

  it('stop, wait until stopped, then delete: waits on the fake clock and deletes only what stopped', async () => {
    const { clock, store, jobs, phones, calls } = setup();
    const started = clock.now();
    // The provider takes 6 s to report the phone stopped.
    const stopAt = started + 6_000;
    const status = (
      jobs as unknown as { deps: { accounts: { provider(): CloudPhoneProvider } } }
    ).deps.accounts.provider();
    const read = status.status.bind(status);
    (status as { status: unknown }).status = async (ids: readonly string[]) => {
      if (clock.now() >= stopAt) phones.set('1', 'stopped');
      return read(ids);
    };
    const results = await jobs.runAndWait('stopThenDelete', ['a/1', 'a/2'], DEFAULT_START_OPTIONS);
    expect(results.map((r) => [r.key, r.ok]).sort()).toEqual([
      ['a/1', true],
      ['a/2', true],
    ]);
    // Only the running phone is stopped; both are deleted in one call once both read stopped.
    expect(calls.filter((c) => !c.startsWith('status'))).toEqual(['stop 1', 'delete 2,1']);
    expect(clock.now() - started).toBeGreaterThanOrEqual(6_000);
    expect(store.all()).toEqual([]);
  });

  it('an action the provider does not offer is refused per phone without a call', async () => {
    const { jobs, calls } = setup();
    const results = await jobs.runAndWait('restart', ['a/1'], DEFAULT_START_OPTIONS);
    expect(results.map((r) => r.code)).toEqual(['UNSUPPORTED']);
    expect(calls).toEqual([]);
  });

  it('keeps the last 20 jobs for history, newest first', async () => {
    const { jobs } = setup();
    for (let i = 0; i < 22; i++) await jobs.runAndWait('restart', ['a/1'], DEFAULT_START_OPTIONS);
    const history = jobs.history();
    expect(history).toHaveLength(20);
    expect(history[0].job.startedAt).toBeGreaterThanOrEqual(history[19].job.startedAt);
  });
});
