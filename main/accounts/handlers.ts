import type { accountsChannels } from '../../common/contract/accounts';
import type { RefreshState } from '../../common/contract/phones';
import type { HandlersFor } from '../kernel/dispatch';
import type { AccountService } from './accounts';

/** Adding, testing and removing accounts; the list is read again after each change. */
export function createAccountHandlers(s: {
  accounts: AccountService;
  refreshList: () => Promise<RefreshState>;
}): HandlersFor<typeof accountsChannels> {
  return {
    'accounts:list': async () => s.accounts.summaries(),
    'accounts:add': async ({ label, credentials }) => {
      const added = await s.accounts.add(label, credentials);
      void s.refreshList();
      return added;
    },
    'accounts:test': async ({ accountId }) => s.accounts.test(accountId),
    'accounts:cancelTest': async () => {
      s.accounts.cancelTest();
      return null;
    },
    'accounts:remove': async ({ accountId }) => {
      const left = await s.accounts.remove(accountId);
      void s.refreshList();
      return left;
    },
    'demo:enable': async () => {
      const all = await s.accounts.enableDemo();
      await s.refreshList();
      return all;
    },
  };
}
