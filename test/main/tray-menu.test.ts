import type { ConsentPlan } from '../../common/consent';
import { describe, expect, it, vi } from 'vitest';
import { buildTrayMenu, hiddenToTrayHint, trayIconState, type TrayItem } from '../../main/tray/tray-menu';
import { createTrayActionRunner } from '../../main/tray/tray-actions';
import { makePhone } from '../helpers/phones';
import { setLocale } from '../../common/i18n/i18n';

const phones = [
  makePhone({ key: 'a/1', id: '1', accountId: 'a', name: 'Alpha', status: 'running' }),
  makePhone({ key: 'a/2', id: '2', accountId: 'a', name: 'Beta', status: 'stopped' }),
  makePhone({ key: 'h/3', id: '3', accountId: 'h', provider: 'huawei', name: 'Gamma', status: 'fault' }),
];
const labels = (items: TrayItem[]) => items.filter((i) => i.type !== 'separator').map((i) => i.label);

describe('tray menu (pure)', () => {
  it('shows counts by status as disabled rows, then quick actions, show and quit', () => {
    const menu = buildTrayMenu({
      phones,
      favorites: [],
      openSessions: [],
      startedHere: ['a/1'],
      viewerAccounts: new Set(['a']),
    });
    expect(labels(menu)).toEqual([
      'Show Phonedeck',
      'Running: 1',
      'Stopped: 1',
      'Fault: 1',
      'No favourites yet (star phones in the list)',
      'Open running sessions (1)',
      'Stop all phones I started (1)…',
      'Open log folder',
      'Quit Phonedeck',
    ]);
    expect(menu.find((i) => i.label === 'Running: 1')!.enabled).toBe(false);
    expect(menu.at(-1)!.action).toEqual({ type: 'quit' });
  });

  it('favourites two accounts name alike are named with their account, as every decision names phones', () => {
    const twins = [...phones, makePhone({ key: 'b/9', id: '9', accountId: 'b', name: 'Alpha', status: 'stopped' })];
    const menu = buildTrayMenu({
      phones: twins,
      favorites: ['a/1', 'b/9', 'a/2'],
      openSessions: [],
      startedHere: [],
      viewerAccounts: new Set(['a', 'b']),
      accountLabels: new Map([
        ['a', 'Team A'],
        ['b', 'Team B'],
      ]),
    });
    const favs = menu.find((i) => i.type === 'submenu' && i.submenu?.some((x) => x.type === 'submenu'))!;
    expect(favs.submenu!.map((x) => x.label)).toEqual([
      'Alpha (Team A) — Running',
      'Alpha (Team B) — Stopped',
      'Beta — Stopped',
    ]);
  });

  it('speaks the current language: the same menu in Chinese, with its counts and money in Chinese formats', () => {
    setLocale({ locale: 'zh-CN', formatLocale: 'zh-CN' });
    try {
      const menu = buildTrayMenu({
        phones,
        favorites: ['a/2'],
        openSessions: [],
        startedHere: ['a/1'],
        viewerAccounts: new Set(['a']),
        spendToday: { amount: 1234.5, currency: 'CNY' },
      });
      expect(labels(menu)).toEqual([
        '显示 Phonedeck',
        '运行中：1',
        '已停止：1',
        '故障：1',
        '收藏',
        '打开运行中的会话（1）',
        '停止我启动的所有手机（1）…',
        '今日：估算 ¥1,234.50（当前运行 1 台）',
        '打开日志文件夹',
        '退出 Phonedeck',
      ]);
      expect(menu.find((i) => i.label === '收藏')!.submenu!.map((i) => i.label)).toEqual(['Beta — 已停止']);
    } finally {
      setLocale({ locale: 'en', formatLocale: 'en' });
    }
  });

  it('offers Restart for a running favourite whose provider restarts phones, and runs it from the tray', async () => {
    const running = phones.map((p) => (p.key === 'a/2' ? { ...p, status: 'running' as const } : p));
    const menu = buildTrayMenu({
      phones: running,
      favorites: ['a/2'],
      openSessions: [],
      startedHere: [],
      viewerAccounts: new Set(['a']),
      restartAccounts: new Set(['a']),
    });
    const item = menu.find((i) => i.label === 'Favourites')!.submenu![0].submenu!.find((x) => x.label === 'Restart')!;
    expect(item).toMatchObject({ enabled: true, action: { type: 'restart', key: 'a/2' } });
    const runAndWait = vi.fn(async () => [
      {
        key: 'a/2',
        name: 'Beta',
        accountId: 'a',
        lastStatus: 'running' as const,
        ok: true,
        code: 'OK',
        message: 'Restarting',
      },
    ]);
    const notify = vi.fn();
    const d = deps();
    const run = createTrayActionRunner({ ...d, execute: () => runAndWait(), notify });
    await run(item.action!);
    expect(d.plan).toHaveBeenCalledWith('restart', ['a/2']);
    expect(runAndWait).toHaveBeenCalled();
    expect(notify).toHaveBeenCalledWith('Restart', expect.any(String));
  });

  it('offers start/stop/open per favourite, enabled by status and capability', () => {
    const menu = buildTrayMenu({
      phones,
      favorites: ['a/2', 'h/3', 'gone/9'],
      openSessions: [],
      startedHere: [],
      viewerAccounts: new Set(['a']),
    });
    const favs = menu.find((i) => i.label === 'Favourites')!.submenu!;
    expect(favs.map((f) => f.label)).toEqual(['Beta — Stopped', 'Gamma — Fault']);
    const [beta, gamma] = favs.map((f) => Object.fromEntries(f.submenu!.map((x) => [x.label, x.enabled])));
    expect(beta).toEqual({ Start: true, Stop: false, Open: true });
    expect(gamma).toMatchObject({ Start: false, Open: false });
    expect(
      buildTrayMenu({ phones, favorites: [], openSessions: [], startedHere: [], viewerAccounts: new Set() }).find((i) =>
        i.label?.startsWith('Stop all'),
      )!.enabled,
    ).toBe(false);
  });

  it('lights the icon when any phone runs', () => {
    expect(trayIconState(phones)).toBe('running');
    expect(trayIconState([phones[1]])).toBe('idle');
  });
});

/** Tray action deps that record their calls; in a stop, phone i stops unless `stopped[i]` is false. */
/** A plan that acts on every phone asked about and asks nobody (the gate's own rules are tested elsewhere). */
const planAll = (action: ConsentPlan['action'], keys: string[], kept: string[] = []): ConsentPlan => ({
  id: 'plan_000000000000',
  source: 'tray',
  action,
  at: 0,
  entries: keys.map((key) =>
    kept.includes(key)
      ? { key, name: key, accountId: 'a', act: false, reason: 'kept' as const }
      : { key, name: key, accountId: 'a', act: true },
  ),
  act: keys.filter((k) => !kept.includes(k)),
  skipped: kept.length ? { kept: kept.length } : {},
  kept,
  includeKept: false,
  addedPerHour: [],
  unpriced: 0,
  confirm: { required: false, why: [] },
});

const deps = (stopped: boolean[] = []) => {
  const runAndWait = vi.fn(async (_a: 'start' | 'stop' | 'restart', keys: string[]) =>
    keys.map((key, i) => {
      const ok = stopped[i] ?? true;
      return {
        key,
        name: `Phone ${i + 1}`,
        accountId: 'a',
        lastStatus: 'running' as const,
        ok,
        code: ok ? 'OK' : '43006',
        message: ok ? 'Stopping' : 'A viewer is open',
      };
    }),
  );
  return {
    showWindow: vi.fn(),
    quit: vi.fn(),
    runAndWait,
    plan: vi.fn((action: 'start' | 'stop' | 'restart', keys: string[]) => planAll(action, keys)),
    execute: vi.fn((plan: ConsentPlan) => runAndWait(plan.action as 'stop', plan.act)),
    keepPending: vi.fn(),
    stopPendingNow: vi.fn(),
    open: vi.fn(async () => []),
    runningViewableKeys: vi.fn(() => ['a/1']),
    startedHereKeys: vi.fn(() => ['a/1', 'a/4']),
    confirm: vi.fn(async () => true),
    choose: vi.fn(async () => 2),
    notify: vi.fn(),
    setAutopilotPaused: vi.fn(),
    openLogs: vi.fn(),
    checkUpdates: vi.fn(),
  };
};

describe('tray actions', () => {
  it("pauses and resumes the autopilot, and shows today's estimated spend with the running count", async () => {
    const d = deps();
    await createTrayActionRunner(d)({ type: 'pauseAutopilot', paused: true });
    expect(d.setAutopilotPaused).toHaveBeenCalledWith(true);
    await createTrayActionRunner(d)({ type: 'openLogs' });
    expect(d.openLogs).toHaveBeenCalled();
    await createTrayActionRunner(d)({ type: 'checkUpdates' });
    expect(d.checkUpdates).toHaveBeenCalled();

    const base = {
      phones: [makePhone({ status: 'running' })],
      favorites: [],
      openSessions: [],
      startedHere: [],
      viewerAccounts: new Set<string>(),
    };
    const labels = (m: ReturnType<typeof buildTrayMenu>) => m.map((i) => i.label ?? '-');
    const menu = buildTrayMenu({
      ...base,
      spendToday: { amount: 12.5, currency: 'USD' },
      burnPerHour: { USD: 0.6, CNY: 4.2 },
      autopilot: { paused: false, policies: 2 },
    });
    expect(labels(menu)).toContain('Today: est. $12.50 (1 running now)');
    // The burn rate (#23.3): per currency, never added across currencies.
    expect(labels(menu)).toContain('Spending ≈ $0.60 + CN¥4.20/h now');
    expect(menu.find((i) => i.label === 'Pause autopilot')?.action).toEqual({ type: 'pauseAutopilot', paused: true });
    const paused = buildTrayMenu({ ...base, spendToday: null, autopilot: { paused: true, policies: 2 } });
    expect(labels(paused).some((l) => l.startsWith('Today'))).toBe(false);
    expect(paused.find((i) => i.label === 'Resume autopilot')?.action).toEqual({
      type: 'pauseAutopilot',
      paused: false,
    });
    expect(labels(buildTrayMenu({ ...base, autopilot: { paused: false, policies: 0 } }))).not.toContain(
      'Pause autopilot',
    );
    expect(labels(buildTrayMenu({ ...base, canCheckUpdates: true }))).toContain('Check for updates…');
    expect(labels(buildTrayMenu({ ...base, canCheckUpdates: false }))).not.toContain('Check for updates…');
  });

  it('asks before stopping every phone it started, and notifies with counts', async () => {
    const d = deps();
    await createTrayActionRunner(d)({ type: 'stopStartedHere' });
    expect(d.confirm).toHaveBeenCalledWith('Stop 2 phones you started?', expect.any(String));
    expect(d.runAndWait).toHaveBeenCalledWith('stop', ['a/1', 'a/4']);
    expect(d.notify).toHaveBeenCalledWith('Stop all phones I started', '2 done');
    d.confirm.mockResolvedValueOnce(false);
    await createTrayActionRunner(d)({ type: 'stopStartedHere' });
    expect(d.runAndWait).toHaveBeenCalledTimes(1);
  });

  it('routes the other items', async () => {
    const d = deps();
    const run = createTrayActionRunner(d);
    await run({ type: 'show' });
    await run({ type: 'openRunning' });
    await run({ type: 'start', key: 'a/2' });
    d.startedHereKeys.mockReturnValueOnce([]);
    await run({ type: 'quit' });
    expect(d.choose).not.toHaveBeenCalled();
    expect(d.showWindow).toHaveBeenCalled();
    expect(d.open).toHaveBeenCalledWith(['a/1']);
    expect(d.runAndWait).toHaveBeenCalledWith('start', ['a/2']);
    expect(d.quit).toHaveBeenCalled();
  });
});

describe('quitting with phones this app started still running', () => {
  it('asks first; Cancel (or closing the question) stays, Quit anyway quits and stops nothing', async () => {
    const d = deps();
    await createTrayActionRunner(d)({ type: 'quit' });
    expect(d.choose).toHaveBeenCalledWith(
      'Quit with 2 phones you started still running?',
      expect.stringMatching(/keep running, and billing/),
      ['Stop them and quit', 'Quit anyway', 'Cancel'],
    );
    d.choose.mockResolvedValueOnce(-1);
    await createTrayActionRunner(d)({ type: 'quit' });
    expect(d.quit).not.toHaveBeenCalled();
    d.choose.mockResolvedValueOnce(1);
    await createTrayActionRunner(d)({ type: 'quit' });
    expect(d.runAndWait).not.toHaveBeenCalled();
    expect(d.quit).toHaveBeenCalledTimes(1);
  });

  it('"Stop them and quit" quits once every phone stopped, and stays, naming the phone, when one did not', async () => {
    const good = deps();
    good.choose.mockResolvedValue(0);
    await createTrayActionRunner(good)({ type: 'quit' });
    expect(good.runAndWait).toHaveBeenCalledWith('stop', ['a/1', 'a/4']);
    expect(good.quit).toHaveBeenCalled();
    const bad = deps([true, false]);
    bad.choose.mockResolvedValue(0);
    await createTrayActionRunner(bad)({ type: 'quit' });
    expect(bad.quit).not.toHaveBeenCalled();
    expect(bad.notify).toHaveBeenCalledWith(
      'Phonedeck did not quit: not every phone stopped',
      expect.stringMatching(/Phone 2.*A viewer is open/),
    );
  });
});

describe('the hint the first time the window hides to the tray', () => {
  it('says the app still runs, and how many phones still run, in the current language', () => {
    const phones = [
      makePhone({ key: 'a/1', status: 'running' }),
      makePhone({ key: 'a/2', status: 'running' }),
      makePhone({ key: 'a/3', status: 'stopped' }),
    ];
    expect(hiddenToTrayHint([phones[2]])).toEqual({
      title: 'Phonedeck is still running in the tray',
      body: 'Closing the window does not quit. To quit, use Quit in the tray menu.',
    });
    expect(hiddenToTrayHint(phones.slice(1)).body).toMatch(/^1 phone is still running and may be billing\./);
    expect(hiddenToTrayHint(phones).body).toMatch(/^2 phones are still running/);
    setLocale({ locale: 'zh-CN', formatLocale: 'zh-CN' });
    try {
      expect(hiddenToTrayHint(phones)).toEqual({
        title: 'Phonedeck 仍在托盘中运行',
        body: expect.stringMatching(/^仍有 2 台手机在运行，可能正在计费。/),
      });
    } finally {
      setLocale({ locale: 'en', formatLocale: 'en' });
    }
  });
});

describe('the tray acts through the consent gate (#20)', () => {
  it('a stop the plan leaves out (marked to keep) is said, not sent; a plan that needs a person asks first', async () => {
    const d = deps();
    d.plan.mockImplementationOnce((action, keys) => planAll(action, keys, keys));
    await createTrayActionRunner(d)({ type: 'stop', key: 'a/1' });
    expect(d.execute).not.toHaveBeenCalled();
    expect(d.notify).toHaveBeenCalledWith('Stop', 'a/1: marked to keep');

    d.plan.mockImplementationOnce((action, keys) => ({
      ...planAll(action, keys),
      confirm: { required: true, why: [{ kind: 'overCount', phones: 1, recent: 10, limit: 10, minutes: 5 }] },
    }));
    d.confirm.mockResolvedValueOnce(false);
    await createTrayActionRunner(d)({ type: 'start', key: 'a/2' });
    expect(d.confirm).toHaveBeenCalledWith('Start', expect.stringMatching(/11 phones within 5 min is more than 10/));
    expect(d.execute).not.toHaveBeenCalled();
  });

  it('shows announced policy stops with Keep running and Stop now', async () => {
    const menu = buildTrayMenu({
      phones: [],
      favorites: [],
      openSessions: [],
      startedHere: [],
      viewerAccounts: new Set(),
      pendingStops: [{ id: 'stop_1', action: 'stop', policyName: 'Nights', keys: ['a/1', 'a/2'] }],
    });
    expect(menu[0].label).toBe('⏸ Nights will stop 2 phones');
    expect(menu[0].submenu!.map((i) => i.action)).toEqual([
      { type: 'keepRunning', pendingId: 'stop_1' },
      { type: 'stopPendingNow', pendingId: 'stop_1' },
    ]);
    const d = deps();
    await createTrayActionRunner(d)({ type: 'keepRunning', pendingId: 'stop_1' });
    expect(d.keepPending).toHaveBeenCalledWith('stop_1');
  });
});
