import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountForm } from '../../renderer/src/features/settings/AccountForm';
import { StoreProvider } from '../../renderer/src/state/context';
import { createAppStore } from '../../renderer/src/state/store';
import { FakeBridge, settings } from './fake-bridge';

afterEach(cleanup);

describe('the add-account form (#23.4, a security defect)', () => {
  it('switching provider empties the other provider’s endpoint and error: a GeeLark token never goes to a Huawei host', async () => {
    const sent: unknown[] = [];
    const bridge = new FakeBridge()
      .stub('settings:get', () => ({ ok: true, value: settings }))
      .stub('accounts:add', (input) => {
        sent.push(input);
        return { ok: false, code: 'AUTH', message: 'Huawei rejected the credentials', field: 'credentials.ak' };
      });
    const store = createAppStore(bridge);
    render(
      <StoreProvider store={store}>
        <AccountForm onDone={() => undefined} />
      </StoreProvider>,
    );
    const mode = screen.getByRole('combobox', { name: 'Provider and sign-in' });
    fireEvent.change(mode, { target: { value: 'huawei-aksk' } });
    fireEvent.change(screen.getByLabelText('CPH endpoint URL'), {
      target: { value: 'https://cph.cn-north-4.myhuaweicloud.com' },
    });
    fireEvent.change(screen.getByLabelText('Name shown in Phonedeck'), { target: { value: 'Team' } });
    await act(async () => fireEvent.submit(mode.closest('form')!));
    expect(await screen.findByText('Huawei rejected the credentials')).toBeTruthy();
    fireEvent.change(mode, { target: { value: 'geelark-token' } });
    // The Huawei endpoint and its error are gone; the name the person typed stays.
    expect((screen.getByLabelText(/API base URL/) as HTMLInputElement).value).toBe('');
    expect(screen.queryByText('Huawei rejected the credentials')).toBeNull();
    expect((screen.getByLabelText('Name shown in Phonedeck') as HTMLInputElement).value).toBe('Team');
    fireEvent.change(screen.getByLabelText('API token'), { target: { value: 'gl-token' } });
    await act(async () => fireEvent.submit(mode.closest('form')!));
    expect(sent.at(-1)).toEqual({
      label: 'Team',
      credentials: { provider: 'geelark', auth: 'token', token: 'gl-token' },
    });
  });
});

describe('an account whose phones are listed says it works (#23.8)', () => {
  it('"Not tested yet" only while nothing has been read; a list read that worked says when', async () => {
    const { SettingsView } = await import('../../renderer/src/features/settings/SettingsView');
    const { geelarkAccount } = await import('./fake-bridge');
    const untested = { ...geelarkAccount, health: { state: 'untested' as const, message: '' } };
    const bridge = new FakeBridge()
      .stub('settings:get', () => ({ ok: true, value: settings }))
      .stub('accounts:list', () => ({ ok: true, value: [untested] }));
    const store = createAppStore(bridge);
    store.setState({ settings, accounts: [untested] });
    render(
      <StoreProvider store={store}>
        <SettingsView />
      </StoreProvider>,
    );
    expect(screen.getByTestId('account-health').textContent).toBe('○ Not tested yet');
    const listed = {
      loading: false,
      pagesRead: 1,
      phonesRead: 10,
      total: 10,
      lastGoodAt: Date.now() - 5_000,
      error: null,
    };
    act(() => store.setState({ refresh: { ...store.getState().refresh, accounts: { [untested.id]: listed } } }));
    expect(screen.getByTestId('account-health').textContent).toMatch(/^● Working: its phones were listed/);
  });
});
