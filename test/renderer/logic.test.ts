import { describe, expect, it, vi } from 'vitest';
import { eligibleFor } from '../../renderer/src/lib/eligibility';
import { EMPTY_QUERY, queryPhones, rangeBetween } from '../../renderer/src/lib/phone-query';
import { formatDuration } from '../../renderer/src/lib/format';
import { jobRowsCsv } from '../../renderer/src/features/activity/activity-csv';
import { makePhone } from '../helpers/phones';
import { geelarkAccount, huaweiAccount } from './fake-bridge';

const ctx = {
  favorites: new Set<string>(['g/2']),
  accountLabels: new Map([
    ['g', 'Team G'],
    ['h', 'Team H'],
  ]),
};
const phones = [
  makePhone({
    key: 'g/1',
    id: '1',
    accountId: 'g',
    name: 'Phone 10',
    status: 'running',
    group: 'QA',
    tags: ['vip'],
    remark: 'client acme',
    runningSince: 1000,
  }),
  makePhone({ key: 'g/2', id: '2', accountId: 'g', name: 'Phone 9', status: 'stopped', group: 'Sales' }),
  makePhone({
    key: 'h/3',
    id: '3',
    accountId: 'h',
    provider: 'huawei',
    name: 'cph-1',
    status: 'fault',
    statusDetail: 'Restart failed',
  }),
  makePhone({ key: 'g/4', id: '4', accountId: 'g', name: 'phone 2', status: 'starting' }),
];

describe('phone query', () => {
  it('searches name and remark case-insensitively', () => {
    expect(
      queryPhones(phones, { ...EMPTY_QUERY, text: 'ACME' }, { column: 'name', dir: 'asc' }, ctx).map((p) => p.key),
    ).toEqual(['g/1']);
    expect(
      queryPhones(phones, { ...EMPTY_QUERY, text: 'phone' }, { column: 'name', dir: 'asc' }, ctx).map((p) => p.name),
    ).toEqual(['phone 2', 'Phone 9', 'Phone 10']);
  });
  it('filters by status, group, tag, account and favourites', () => {
    const q = (patch: object) =>
      queryPhones(phones, { ...EMPTY_QUERY, ...patch }, { column: 'name', dir: 'asc' }, ctx).map((p) => p.key);
    expect(q({ statuses: ['running', 'fault'] })).toEqual(['h/3', 'g/1']);
    expect(q({ groups: ['Sales'] })).toEqual(['g/2']);
    expect(q({ groups: ['Sales', 'QA'] }).length).toBeGreaterThanOrEqual(1);
    expect(q({ tags: ['vip'] })).toEqual(['g/1']);
    expect(q({ accountId: 'h' })).toEqual(['h/3']);
    expect(q({ favoritesOnly: true })).toEqual(['g/2']);
  });
  it('sorts by status and by uptime (longest first)', () => {
    expect(queryPhones(phones, EMPTY_QUERY, { column: 'status', dir: 'asc' }, ctx).map((p) => p.status)).toEqual([
      'running',
      'starting',
      'fault',
      'stopped',
    ]);
    expect(queryPhones(phones, EMPTY_QUERY, { column: 'running', dir: 'asc' }, ctx)[0].key).toBe('g/1');
  });
  it('selects ranges in the order shown, either direction', () => {
    expect(rangeBetween(['a', 'b', 'c', 'd'], 'd', 'b')).toEqual(['b', 'c', 'd']);
    expect(rangeBetween(['a', 'b'], null, 'b')).toEqual(['b']);
  });
  it('formats uptime', () => {
    expect(formatDuration(30_000)).toBe('<1m');
    expect(formatDuration(75 * 60_000)).toBe('1h 15m');
    expect(formatDuration(50 * 3_600_000)).toBe('2d 2h');
  });
});

describe('search text built while idle', () => {
  it("builds every phone's search text in idle slices, stops when the idle time runs out, and can be cancelled", async () => {
    const { warmSearch, filterPhones } = await import('../../renderer/src/lib/phone-query');
    let nameReads = 0;
    const many = Array.from({ length: 1_200 }, (_, i) => {
      const p = makePhone({ key: `g/${i}`, id: String(i), name: `Phone ${i}` });
      const name = p.name;
      return Object.defineProperty({ ...p }, 'name', { get: () => (nameReads++, name), enumerable: true });
    });
    const queued: IdleRequestCallback[] = [];
    vi.stubGlobal('requestIdleCallback', (cb: IdleRequestCallback) => queued.push(cb));
    vi.stubGlobal('cancelIdleCallback', (h: number) => (queued[h - 1] = () => {}));
    try {
      warmSearch(many);
      // The first idle period has room for one slice of 500 only.
      let room = 1;
      queued.shift()!({ didTimeout: false, timeRemaining: () => (room-- > 0 ? 5 : 0) });
      expect(nameReads).toBe(500);
      while (queued.length) queued.shift()!({ didTimeout: false, timeRemaining: () => 50 });
      expect(nameReads).toBe(1_200);
      // A keystroke now reads no phone's fields again.
      expect(filterPhones(many, { ...EMPTY_QUERY, text: 'phone 11' }, { favorites: new Set() }).length).toBe(111);
      expect(nameReads).toBe(1_200);
      // Cancelling stops the next slice.
      const fresh = many.map((p) =>
        Object.defineProperty({ ...p }, 'name', { get: () => (nameReads++, 'x'), enumerable: true }),
      );
      const cancel = warmSearch(fresh);
      cancel();
      expect(queued.length).toBe(1);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('eligibility', () => {
  const accounts = [geelarkAccount, huaweiAccount];
  it('acts only on phones the action applies to and says what is skipped', () => {
    expect(eligibleFor('start', phones, accounts)).toEqual({
      keys: ['g/2', 'h/3'],
      reason: '2 selected phones will be skipped (not applicable)',
    });
    expect(eligibleFor('stop', [phones[1]], accounts)).toEqual({
      keys: [],
      reason: 'None of the selected phones is running',
    });
  });
  it('explains provider limits: Huawei has no delete and no viewer', () => {
    expect(eligibleFor('delete', [phones[2]], accounts).reason).toBe(
      'Delete is not offered for this phone by the provider',
    );
    expect(eligibleFor('open', [phones[2]], accounts).keys).toEqual([]);
    expect(eligibleFor('restart', [phones[0]], accounts).reason).toMatch(/not offered/);
    expect(eligibleFor('restart', [phones[2]], accounts).keys).toEqual(['h/3']);
    const many = Array.from({ length: 30 }, (_, i) =>
      makePhone({ key: `g/${i}`, id: String(i), accountId: 'g', status: 'running' }),
    );
    expect(eligibleFor('open', many, accounts)).toEqual({
      keys: [],
      reason: 'Select at most 24 phones to open at once',
    });
  });
});

describe('job view merging', () => {
  it('keeps every result whichever of bulk:get and bulk:update arrives first', async () => {
    const { mergeJobView } = await import('../../renderer/src/state/store');
    const job = (done: number, state: 'running' | 'done' = 'running') => ({
      jobId: 'j',
      action: 'stop' as const,
      source: 'window' as const,
      total: 6,
      done,
      phase: 'sending' as const,
      state,
      startedAt: 0,
      finishedAt: null,
    });
    const r = (key: string) => ({
      key,
      name: key,
      accountId: 'g',
      lastStatus: null,
      ok: true,
      code: 'OK',
      message: '',
    });
    const fromEvents = { job: job(6), results: [r('d'), r('e'), r('f')] };
    const fromGet = { job: job(3), results: [r('a'), r('b'), r('c')] };
    const merged = mergeJobView(fromEvents, fromGet);
    expect(merged.results.map((x) => x.key).sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(merged.job.done).toBe(6);
    expect(mergeJobView({ job: job(6, 'done'), results: [] }, { job: job(2), results: [] }).job.state).toBe('done');
    expect(mergeJobView({ ...fromGet, job: { ...job(1), jobId: 'old' } }, fromGet)).toBe(fromGet);
  });
});

describe('list filters keep the truth in view', () => {
  it('rows a running job acts on stay shown whatever the filters say; "show selected" shows exactly the selection', async () => {
    const { filterPhones, EMPTY_QUERY } = await import('../../renderer/src/lib/phone-query');
    const { makePhone } = await import('../helpers/phones');
    const phones = ['a', 'b', 'c'].map((id, i) =>
      makePhone({ key: `g/${id}`, id, name: id, status: i === 0 ? 'starting' : 'stopped' }),
    );
    const stoppedOnly = { ...EMPTY_QUERY, statuses: ['stopped' as const] };
    expect(filterPhones(phones, stoppedOnly, { favorites: new Set() }).map((p) => p.id)).toEqual(['b', 'c']);
    expect(
      filterPhones(phones, stoppedOnly, { favorites: new Set(), pinned: new Set(['g/a']) }).map((p) => p.id),
    ).toEqual(['a', 'b', 'c']);
    const selection = new Set(['g/a', 'g/c']);
    expect(
      filterPhones(phones, { ...stoppedOnly, selectedOnly: true }, { favorites: new Set(), selection }).map(
        (p) => p.id,
      ),
    ).toEqual(['a', 'c']);
    // Search also matches group and tags.
    const tagged = [makePhone({ key: 'g/t', id: 't', name: 'T', group: 'QA Team', tags: ['warmup'] })];
    expect(filterPhones(tagged, { ...EMPTY_QUERY, text: 'qa team' }, { favorites: new Set() })).toHaveLength(1);
    expect(filterPhones(tagged, { ...EMPTY_QUERY, text: 'warmup' }, { favorites: new Set() })).toHaveLength(1);
  });
});

describe('the list arrives in parts', () => {
  it('shows the first part at once, then the rest; a patch that came in between is not undone by an older part', async () => {
    const { createAppStore } = await import('../../renderer/src/state/store');
    const { FakeBridge, settings } = await import('./fake-bridge');
    const { makePhone } = await import('../helpers/phones');
    const all = Array.from({ length: 700 }, (_, i) =>
      makePhone({ key: `g/${i}`, id: String(i), accountId: 'g', name: `P${i}`, status: 'stopped' }),
    );
    let releaseRest: () => void = () => undefined;
    const restGate = new Promise<void>((r) => (releaseRest = r));
    const refresh = { lastRefreshAt: null, refreshing: false, errors: [], accounts: {} };
    const bridge = new FakeBridge()
      .stub('phones:snapshot', async ({ offset = 0, limit }) => {
        if (offset > 0) await restGate;
        return {
          ok: true,
          value: {
            phones: all.slice(offset, limit ? offset + limit : undefined),
            total: all.length,
            refresh,
            openWindows: [],
          },
        };
      })
      .stub('accounts:list', () => ({ ok: true, value: [] }))
      .stub('settings:get', () => ({ ok: true, value: settings }));
    const store = createAppStore(bridge, undefined);
    const loading = store.getState().init();
    await vi.waitFor(() => expect(store.getState().phones.size).toBe(300));
    expect(store.getState().loadingTotal).toBe(700);
    // While the rest is on its way: one phone changes, one is deleted.
    bridge.emit('phones:patch', { upserts: [{ ...all[500], status: 'running' }], removed: ['g/600'] });
    releaseRest();
    await loading;
    const phones = store.getState().phones;
    expect(phones.size).toBe(699);
    expect(phones.get('g/500')?.status).toBe('running');
    expect(phones.has('g/600')).toBe(false);
    expect(store.getState().loadingTotal).toBeNull();
  });
});

describe('a phonedeck://filter link', () => {
  it('shows the list with exactly the link’s filters', async () => {
    const { createAppStore } = await import('../../renderer/src/state/store');
    const { FakeBridge, settings } = await import('./fake-bridge');
    const refresh = { lastRefreshAt: null, refreshing: false, errors: [], accounts: {} };
    const bridge = new FakeBridge()
      .stub('phones:snapshot', () => ({ ok: true, value: { phones: [], total: 0, refresh, openWindows: [] } }))
      .stub('accounts:list', () => ({ ok: true, value: [] }))
      .stub('settings:get', () => ({ ok: true, value: settings }));
    const store = createAppStore(bridge, undefined);
    await store.getState().init();
    store.getState().setView('settings');
    store.getState().setQuery({ text: 'old', favoritesOnly: true });
    bridge.emit('view:apply', { statuses: ['running'], tags: ['vip'] });
    expect(store.getState().view).toBe('phones');
    expect(store.getState().query).toMatchObject({
      text: '',
      favoritesOnly: false,
      statuses: ['running'],
      tags: ['vip'],
      groups: [],
    });
  });
});

describe('sources in words', () => {
  it('names every source an action can have', async () => {
    const { describeSource } = await import('../../renderer/src/lib/format');
    expect(['window', 'tray', 'policy:Nights off', 'cli', 'mcp:claude'].map(describeSource)).toEqual([
      'Window',
      'Tray',
      'Policy “Nights off”',
      'Command line',
      'AI agent “claude”',
    ]);
  });
});

describe('refresh errors are told apart by their code, not their words', () => {
  it('offers Settings for refused credentials in Chinese too, and Retry for an outage', async () => {
    const { createAppStore } = await import('../../renderer/src/state/store');
    const { FakeBridge } = await import('./fake-bridge');
    const accountState = (code: string, message: string) => ({
      loading: false,
      pagesRead: 0,
      phonesRead: 0,
      total: null,
      lastGoodAt: null,
      error: { message, during: 'list' as const, code: code as 'AUTH' },
    });
    const bridge = new FakeBridge().stub('phones:refresh', () => ({
      ok: true,
      value: {
        lastRefreshAt: null,
        refreshing: false,
        errors: [
          { accountId: 'g', message: 'GeeLark 拒绝了凭据（令牌错误或已过期）' },
          { accountId: 'h', message: 'Huawei answered HTTP 502' },
        ],
        accounts: {
          g: accountState('AUTH', 'GeeLark 拒绝了凭据'),
          h: accountState('HTTP_502', 'Huawei answered HTTP 502'),
        },
      },
    }));
    const store = createAppStore(bridge, undefined);
    await store.getState().refreshNow();
    expect(store.getState().notices.map((n) => n.action)).toEqual(['openSettings', 'retry']);
  });
});

describe('activity CSV', () => {
  it('a file or app action’s rows say what it acted with, in a column added at the end', () => {
    const job = {
      id: 'j1',
      at: 0,
      source: 'cli',
      action: 'install',
      total: 1,
      finishedAt: 1,
      subject: 'shop.apk',
      succeeded: 1,
      failed: 0,
      confirmed: 1,
    };
    const row = {
      key: 'g/42',
      accountId: 'g',
      name: 'Ava',
      ok: true,
      code: 'OK',
      message: 'accepted',
      confirmedAt: null,
    };
    const [header, line] = jobRowsCsv(job, [row], () => 'Team A')
      .trim()
      .split(/\r?\n/);
    expect(header.split(',').at(-1)).toBe('With');
    expect(line.split(',').at(-1)).toBe('shop.apk');
    expect(line.split(',')[3]).toBe('42');
  });
});
