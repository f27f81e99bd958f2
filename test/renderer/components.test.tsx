import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Phone } from '../../common/phone';
import { App } from '../../renderer/src/App';
import { StoreProvider } from '../../renderer/src/state/context';
import { createAppStore, type AppStore } from '../../renderer/src/state/store';
import { makePhone } from '../helpers/phones';
import { FakeBridge, geelarkAccount, huaweiAccount, planOver, settings } from './fake-bridge';

// happy-dom lacks <dialog> modal methods.
HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
  this.setAttribute('open', '');
};

const phones: Phone[] = [
  makePhone({ key: 'g/1', id: '1', accountId: 'g', name: 'Alpha', status: 'running' }),
  makePhone({ key: 'g/2', id: '2', accountId: 'g', name: 'Bravo', status: 'stopped' }),
  makePhone({ key: 'g/3', id: '3', accountId: 'g', name: 'Charlie', status: 'stopped' }),
  makePhone({ key: 'h/4', id: '4', accountId: 'h', provider: 'huawei', name: 'Delta', status: 'stopped' }),
];

let bridge: FakeBridge;
let store: AppStore;

async function mount(list = phones, accounts = [geelarkAccount, huaweiAccount]) {
  bridge = new FakeBridge()
    .stub('phones:snapshot', ({ offset = 0, limit }) => ({
      ok: true,
      value: {
        phones: list.slice(offset, limit ? offset + limit : undefined),
        total: list.length,
        refresh: { lastRefreshAt: Date.now(), refreshing: false, errors: [], accounts: {} },
        openWindows: [],
      },
    }))
    .stub('accounts:list', () => ({ ok: true, value: accounts }))
    .stub('settings:get', () => ({ ok: true, value: settings }))
    .stub('demo:enable', () => ({ ok: true, value: [geelarkAccount] }))
    .stub('phones:visible', () => ({ ok: true, value: null }))
    .stub('consent:plan', (input) => ({ ok: true, value: planOver(list, accounts, input) }))
    .stub('consent:run', () => ({ ok: true, value: { jobId: 'job_1' } }))
    .stub('bulk:get', () => ({
      ok: true,
      value: {
        job: {
          jobId: 'job_1',
          action: 'start',
          source: 'window',
          total: 2,
          done: 0,
          phase: 'sending',
          state: 'running',
          startedAt: 0,
          finishedAt: null,
        },
        results: [],
      },
    }));
  store = createAppStore(bridge);
  await store.getState().init();
  render(
    <StoreProvider store={store}>
      <App />
    </StoreProvider>,
  );
  if (list.length) await screen.findByText(list[0].name);
}

// The virtualiser measures its scroll box; give happy-dom one.
beforeEach(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 800 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1200 });
});
afterEach(cleanup);

/** The window's start job 'job_1', done with `n` phones, as a bulk:update carries it. */
const finishedStart = (n: number) => ({
  jobId: 'job_1',
  action: 'start' as const,
  source: 'window' as const,
  total: n,
  done: n,
  phase: 'done' as const,
  state: 'done' as const,
  startedAt: 0,
  finishedAt: 1,
});
/** One phone's result of that job (on account 'g', stopped before). */
const resultOf = (key: string, name: string, ok: boolean, code: string, message: string) => ({
  key,
  name,
  accountId: 'g',
  lastStatus: 'stopped' as const,
  ok,
  code,
  message,
});

const row = (name: string) => screen.getByText(name).closest('[role="row"]') as HTMLElement;

describe('main window components', () => {
  it('a hidden window stops its rows being polled, and asks for them again when shown', async () => {
    await mount();
    store.getState().setVisible(['g/1', 'g/2']);
    const setHidden = (hidden: boolean) => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
      document.dispatchEvent(new Event('visibilitychange'));
    };
    bridge.invoke.mockClear();
    setHidden(true);
    expect(bridge.invoke).toHaveBeenLastCalledWith('phones:visible', { keys: [] });
    store.getState().setVisible(['g/3']); // scrolling while hidden sends nothing
    expect(bridge.invoke).toHaveBeenCalledTimes(1);
    setHidden(false);
    expect(bridge.invoke).toHaveBeenLastCalledWith('phones:visible', { keys: ['g/3'] });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
  });

  it('a phone that just started costs its first minute (#23.3), never $0.00 or a negative time; a first sighting says "just seen"', async () => {
    const spend = {
      accountId: 'g',
      runningNow: 2,
      minutesToday: 0,
      minutesMonth: 0,
      spendToday: 0,
      spendMonth: 0,
      burnPerHour: 1.2,
      runningPerMinute: 2,
      notPerMinuteToday: 0,
      price: 0.01,
      priceFromProvider: false,
      currency: 'USD',
      balance: null,
      planName: null,
      billingReadAt: null,
      billingError: null,
    };
    const later = Date.now() + 20_000;
    await mount([
      makePhone({
        key: 'g/1',
        id: '1',
        accountId: 'g',
        name: 'Alpha',
        status: 'running',
        runningSince: later,
        runningSinceExact: true,
      }),
      makePhone({
        key: 'g/2',
        id: '2',
        accountId: 'g',
        name: 'Bravo',
        status: 'running',
        runningSince: later,
        runningSinceExact: false,
      }),
      makePhone({
        key: 'g/3',
        id: '3',
        accountId: 'g',
        name: 'Charlie',
        status: 'running',
        runningSince: Date.now() - 61 * 60_000,
        runningSinceExact: true,
      }),
    ]);
    bridge.stub('spend:get', () => ({ ok: true, value: [spend] }));
    await act(async () => store.getState().loadSpend());
    expect(row('Alpha').textContent).toContain('<1m · $0.01');
    expect(row('Bravo').textContent).toContain('just seen · ≥ $0.01');
    // 61 minutes and some seconds: the 62nd minute has started.
    expect(row('Charlie').textContent).toContain('1h 1m · $0.62');
    expect(screen.getByRole('grid').textContent).not.toMatch(/-\$/);
  });

  it('during a first load the top bar counts running phones "so far", then as a total (#23.3)', async () => {
    const running = Array.from({ length: 3 }, (_, i) =>
      makePhone({ key: `g/r${i}`, id: `r${i}`, accountId: 'g', name: `Run-${i}`, status: 'running' }),
    );
    await mount(running);
    act(() => store.setState({ loadingTotal: 1_500 }));
    expect(screen.getByTestId('running-count').textContent).toBe('3 running so far');
    act(() => store.setState({ loadingTotal: null }));
    expect(screen.getByTestId('running-count').textContent).toBe('3 running');
  });

  it("a first load held by the provider's rate limit says so, and until when, beside its progress", async () => {
    await mount();
    const until = Date.now() + 40_000;
    act(() =>
      store.setState({
        refresh: {
          lastRefreshAt: null,
          refreshing: true,
          errors: [],
          accounts: {
            g: {
              loading: true,
              pagesRead: 1,
              phonesRead: 100,
              total: 250,
              lastGoodAt: null,
              error: null,
              waitingUntil: until,
            },
          },
        },
      }),
    );
    const line = screen.getByTestId('account-health').textContent;
    expect(line).toMatch(
      /loading phones… 100 of 250 \(pages read: 1\) — the provider asked to slow down; reading on at /,
    );
    expect(line).toContain(store.getState().i18n.clock(until));
  });

  it("a view that throws stops alone: the tabs stay, the error goes to main's log, and the view reloads in place", async () => {
    await mount();
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const good = store.getState().phones.get('g/1')!;
      // A phone whose tags are not a list makes the table throw while rendering.
      act(() =>
        store.setState({
          phones: new Map([...store.getState().phones, ['g/1', { ...good, tags: null as unknown as string[] }]]),
        }),
      );
      expect(screen.getByTestId('view-stopped').textContent).toMatch(
        /^This view stopped on an error, which was written to the log: .+\. Your phones and running actions are not affected\.Reload this view$/,
      );
      expect(screen.getByRole('button', { name: 'Settings' })).toBeTruthy();
      expect(bridge.invoke).toHaveBeenCalledWith('app:reportError', {
        where: 'phones',
        message: expect.any(String),
        stack: expect.any(String),
      });
      act(() => store.setState({ phones: new Map([...store.getState().phones, ['g/1', good]]) }));
      fireEvent.click(screen.getByRole('button', { name: 'Reload this view' }));
      expect(screen.queryByTestId('view-stopped')).toBeNull();
      expect(row('Alpha')).toBeTruthy();
    } finally {
      quiet.mockRestore();
    }
  });

  it('Reset erases phones, so its question names them and flags the ones marked to keep, like Delete', async () => {
    await mount([
      ...phones,
      makePhone({
        key: 'h/5',
        id: '5',
        accountId: 'h',
        provider: 'huawei',
        name: 'Echo',
        status: 'running',
        remark: 'do not delete',
      }),
    ]);
    fireEvent.click(row('Delta'));
    fireEvent.click(row('Echo'), { shiftKey: true });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: /^Reset 2 phones/ })));
    const dialog = screen.getByRole('dialog');
    // The phone marked to keep is left out by default, listed apart, with an explicit "also include".
    expect(within(dialog).getByRole('heading').textContent).toBe('Reset 1 phone to factory state?');
    expect(within(dialog).getByTestId('kept-apart').textContent).toMatch(
      /1 phone is marked to keep and left out: Echo/,
    );
    fireEvent.click(within(dialog).getByTestId('include-kept'));
    expect(within(dialog).getByRole('heading').textContent).toBe('Reset 2 phones to factory state?');
    expect(
      within(within(dialog).getByRole('list', { name: 'Phones to reset' }))
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Delta', 'Echo']);
    expect(within(dialog).getByTestId('keep-warning').textContent).toMatch(/Marked to keep .*: Echo\./);
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Reset 2' })));
    expect(bridge.invoke).toHaveBeenCalledWith('consent:plan', {
      action: 'reset',
      keys: ['h/4', 'h/5'],
      includeKept: true,
    });
    expect(bridge.invoke).toHaveBeenCalledWith('consent:run', { planId: expect.any(String), confirmed: true });
  });

  it('lists phones with accessible status badges (label, not colour alone)', async () => {
    await mount();
    expect(screen.getByTestId('shown-count').textContent).toBe('4 of 4');
    expect(within(row('Alpha')).getByText('Running')).toBeTruthy();
    expect(row('Delta').textContent).toContain('Huawei CPH');
  });

  it('selects a range with shift-click and offers actions with counts, disabling with the reason', async () => {
    await mount();
    fireEvent.click(row('Alpha'));
    fireEvent.click(row('Charlie'), { shiftKey: true });
    expect(screen.getByTestId('selected-count').textContent).toBe('3 selected');
    const start = screen.getByRole('button', { name: 'Start 2 phones' });
    expect(start.textContent).toBe('Start 2');
    expect(start.getAttribute('data-reason')).toMatch(/1 selected phone will be skipped/);
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    fireEvent.click(row('Delta'));
    const del = screen.getByRole('button', { name: /^Delete:/ }) as HTMLButtonElement;
    expect(del.disabled).toBe(true);
    // A disabled button's accessible name says why.
    expect(del.getAttribute('aria-label')).toBe('Delete: Delete is not offered for this phone by the provider');
    expect(del.getAttribute('data-reason')).toBe('Delete is not offered for this phone by the provider');
  });

  it('results put failures first and show the provider’s confirmation once the list reads the target state (#23.1)', async () => {
    await mount();
    fireEvent.click(row('Bravo'));
    fireEvent.click(row('Charlie'), { shiftKey: true });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Start 2 phones' })));
    const job = finishedStart(2);
    const result = (key: string, name: string, ok: boolean) =>
      resultOf(key, name, ok, ok ? 'OK' : '43004', ok ? 'Starting' : 'Phone has expired');
    act(() =>
      bridge.emit('bulk:update', { job, newResults: [result('g/2', 'Bravo', true), result('g/3', 'Charlie', false)] }),
    );
    const items = () => within(screen.getByTestId('job-results')).getAllByRole('listitem');
    expect(items()[0].textContent).toContain('Charlie');
    expect(items()[1].textContent).toContain('awaiting the provider’s confirmation');
    act(() => bridge.emit('phones:patch', { upserts: [{ ...phones[1], status: 'running' }], removed: [] }));
    expect(items()[1].textContent).toMatch(/Starting · confirmed \d/);
  });

  it('failures come grouped by the provider’s code, most first, each group retryable on its own (#23.1)', async () => {
    await mount();
    fireEvent.click(row('Bravo'));
    fireEvent.click(row('Charlie'), { shiftKey: true });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Start 2 phones' })));
    const job = finishedStart(3);
    const failedWith = (key: string, code: string, message: string) => resultOf(key, key, false, code, message);
    act(() =>
      bridge.emit('bulk:update', {
        job,
        newResults: [
          failedWith('g/1', '43004', 'Phone has expired'),
          failedWith('g/2', '43005', 'busy with a task'),
          failedWith('g/3', '43005', 'busy with a task'),
        ],
      }),
    );
    const groups = within(screen.getByTestId('failure-groups')).getAllByRole('listitem');
    expect(groups.map((g) => g.textContent)).toEqual([
      '2 × 43005 busy with a task Retry these 2',
      '1 × 43004 Phone has expired Retry these 1',
    ]);
    await act(async () => fireEvent.click(within(groups[0]).getByRole('button')));
    expect(bridge.invoke).toHaveBeenCalledWith('consent:plan', { action: 'start', keys: ['g/2', 'g/3'] });
  });

  it('runs a bulk start for the eligible phones only and shows progress, then per-phone results with retry', async () => {
    await mount();
    fireEvent.click(row('Alpha'));
    fireEvent.click(row('Charlie'), { shiftKey: true });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Start 2 phones' })));
    expect(bridge.invoke).toHaveBeenCalledWith('consent:plan', { action: 'start', keys: ['g/2', 'g/3'] });
    // Two phones, within the rules: it runs at once, as the plan main made, not confirmed by anyone.
    expect(bridge.invoke).toHaveBeenCalledWith('consent:run', { planId: expect.any(String), confirmed: false });
    const job = {
      jobId: 'job_1',
      action: 'start' as const,
      source: 'window' as const,
      total: 2,
      done: 2,
      phase: 'done' as const,
      state: 'done' as const,
      startedAt: 0,
      finishedAt: 1,
    };
    act(() =>
      bridge.emit('bulk:update', {
        job,
        newResults: [
          {
            key: 'g/2',
            name: 'Bravo',
            accountId: 'g',
            lastStatus: 'stopped',
            ok: true,
            code: 'OK',
            message: 'Starting',
          },
          {
            key: 'g/3',
            name: 'Charlie',
            accountId: 'g',
            lastStatus: 'stopped',
            ok: false,
            code: '43004',
            message: 'Phone has expired',
          },
        ],
      }),
    );
    expect(screen.getByTestId('job-summary').textContent).toContain('1 succeeded');
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('2');
    expect(screen.getByTestId('job-results').textContent).toContain('Phone has expired');
    await act(async () => fireEvent.click(screen.getByTestId('retry-failed')));
    expect(bridge.invoke).toHaveBeenLastCalledWith('bulk:get', { jobId: 'job_1' });
    expect(bridge.invoke).toHaveBeenCalledWith('consent:plan', { action: 'start', keys: ['g/3'] });
  });

  it('asks before deleting, naming the count, and offers stop-then-delete for running phones', async () => {
    await mount();
    fireEvent.click(row('Alpha'));
    fireEvent.click(row('Bravo'));
    fireEvent.click(screen.getByRole('button', { name: 'Delete 2 phones' }));
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByRole('heading').textContent).toBe('Delete 2 phones?');
    expect(dialog.textContent).toMatch(/1 is running: stop, wait until stopped, then delete/);
    fireEvent.click(within(dialog).getByRole('checkbox'));
    expect(within(dialog).getByRole('heading').textContent).toBe('Delete 1 phone?');
    fireEvent.click(within(dialog).getByRole('checkbox'));
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Delete 2' })));
    expect(bridge.invoke).toHaveBeenCalledWith('consent:plan', { action: 'stopThenDelete', keys: ['g/1', 'g/2'] });
    expect(bridge.invoke).toHaveBeenCalledWith('consent:run', { planId: expect.any(String), confirmed: true });
  });

  it('the wall keeps the flagged phones’ screens fresh (those the last action failed on), in view or not (#25.3)', async () => {
    const running = [...phones, makePhone({ key: 'g/5', id: '5', accountId: 'g', name: 'Echo', status: 'running' })];
    await mount(running);
    bridge
      .stub('screens:refresh', () => ({ ok: true, value: { queued: [], skipped: [] } }))
      .stub('screens:tiles', () => ({ ok: true, value: [] }));
    act(() => store.setState({ lastFailed: new Set(['g/5']) }));
    fireEvent.click(screen.getByTestId('wall-toggle'));
    expect((await screen.findByTestId('tile-flag')).closest('[data-key]')?.getAttribute('data-key')).toBe('g/5');
    // No tile is reported in view here (no layout): what is asked for is the flagged phone alone.
    await vi.waitFor(
      () => {
        const asked = bridge.invoke.mock.calls.filter(([c]) => c === 'screens:refresh').map(([, input]) => input);
        expect(asked).toContainEqual({ keys: ['g/5'] });
      },
      { timeout: 2_000 },
    );
  });

  it('the header checkbox selects every shown row and clears them again', async () => {
    await mount();
    const all = screen.getByRole('checkbox', { name: 'Select all shown' });
    fireEvent.click(all);
    expect(screen.getByTestId('selected-count').textContent).toBe('4 selected');
    fireEvent.click(all);
    expect(screen.getByTestId('selected-count').textContent).toBe('Nothing selected');
  });

  it('keyboard: Ctrl+A selects every matching phone, Escape clears, / focuses search', async () => {
    await mount();
    fireEvent.keyDown(window, { key: 'a', ctrlKey: true });
    expect(screen.getByTestId('selected-count').textContent).toBe('4 selected');
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.getByTestId('selected-count').textContent).toBe('Nothing selected');
    fireEvent.keyDown(window, { key: '/' });
    expect(document.activeElement).toBe(screen.getByLabelText('Search phones'));
    // Typing in the search box is left alone.
    fireEvent.keyDown(screen.getByLabelText('Search phones'), { key: 'a', ctrlKey: true });
    expect(screen.getByTestId('selected-count').textContent).toBe('Nothing selected');
  });

  it('applies live patches: new status, removed phones leave the selection', async () => {
    await mount();
    fireEvent.click(row('Bravo'));
    act(() => bridge.emit('phones:patch', { upserts: [{ ...phones[0], status: 'stopping' }], removed: ['g/2'] }));
    expect(within(row('Alpha')).getByText('Stopping')).toBeTruthy();
    expect(screen.queryByText('Bravo')).toBeNull();
    expect(screen.getByTestId('selected-count').textContent).toBe('Nothing selected');
  });

  it('filters as you type and by status chip', async () => {
    await mount();
    fireEvent.change(screen.getByLabelText('Search phones'), { target: { value: 'char' } });
    await screen.findByText('1 of 4');
    fireEvent.change(screen.getByLabelText('Search phones'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: /^Running \d+$/ }));
    await screen.findByText('1 of 4');
  });

  it('shows a provider error as a notice instead of failing silently', async () => {
    await mount();
    bridge.stub('phones:refresh', () => ({ ok: false, code: 'AUTH', message: 'GeeLark rejected the credentials' }));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Refresh list' })));
    expect(screen.getByRole('alert').textContent).toContain('GeeLark rejected the credentials');
  });

  it('offers the demo workspace when there is no account', async () => {
    await mount([], []);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Try the demo workspace' })));
    expect(bridge.invoke).toHaveBeenCalledWith('demo:enable', {});
    expect(screen.queryByText('Welcome to Phonedeck')).toBeNull();
  });

  it('"Always allow" ticked for one client is not ticked in the next client’s dialog', async () => {
    await mount();
    const request = (id: string, client: string) => ({
      id,
      client,
      action: 'start' as const,
      destructive: false,
      paired: true,
      why: [],
      names: ['Bravo'],
      count: 1,
      at: 0,
    });
    const decided: unknown[] = [];
    bridge.stub('control:decide', (input) => {
      decided.push(input);
      return { ok: true, value: [request('appr_2', 'mcp:other-agent')] };
    });
    await act(async () =>
      store.setState({ approvals: [request('appr_1', 'mcp:trusted-agent'), request('appr_2', 'mcp:other-agent')] }),
    );
    fireEvent.click(await screen.findByRole('checkbox', { name: /trusted-agent/ }));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Allow' })));
    expect(decided).toEqual([{ id: 'appr_1', approve: true, always: true }]);
    const next = await screen.findByRole('checkbox', { name: /other-agent/ });
    expect((next as HTMLInputElement).checked).toBe(false);
  });

  it('a phone named like a phone of another account is named with its account where a delete is decided', async () => {
    localStorage.clear(); // the filters earlier tests left behind
    await mount([
      ...phones,
      makePhone({ key: 'h/5', id: '5', accountId: 'h', provider: 'huawei', name: 'Bravo', status: 'stopped' }),
    ]);
    fireEvent.click(within(row('Charlie')).getByRole('checkbox'));
    fireEvent.click(
      within(screen.getAllByText('Bravo')[0].closest('[role="row"]') as HTMLElement).getByRole('checkbox'),
    );
    fireEvent.click(screen.getByRole('button', { name: /^Delete 2 phones$/ }));
    const list = await screen.findByRole('list', { name: /phones to delete/i });
    const named = within(list)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(named.sort()).toEqual(['Bravo (Team G)', 'Charlie']);
  });
});

describe('qualified names', () => {
  it('adds the account only where two phones share a name', async () => {
    const { qualifiedNames } = await import('../../common/qualified-names');
    const all = [
      { name: 'Ava', accountId: 'a' },
      { name: 'Ava', accountId: 'b' },
      { name: 'Bo', accountId: 'a' },
    ];
    expect(qualifiedNames(all, all, (id) => `Team ${id.toUpperCase()}`)).toEqual([
      'Ava (Team A)',
      'Ava (Team B)',
      'Bo',
    ]);
  });
});
