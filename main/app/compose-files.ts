import type { FileWhatInput } from '../../common/contract/files';
import type { FileAction } from '../../common/phone';
import type { AccountService } from '../accounts/accounts';
import type { Fleet } from '../fleet/fleet';
import { FileActions } from '../files/file-actions';
import { createFilesHandlers, windowFileWhat } from '../files/handlers';
import { PickedFiles } from '../files/picked-files';
import type { AppCoreDeps } from './deps';

/**
 * Files and apps onto phones: jobs like the bulk ones (recorded, shown and notified the same way), the
 * window's file picks kept in main, and how a window's plan request names what it acts with.
 */
export function composeFiles(deps: AppCoreDeps, k: { fleet: Fleet; accounts: AccountService }) {
  const actions = new FileActions({
    phone: (key) => k.fleet.get(key),
    provider: (accountId) => k.accounts.provider(accountId),
    resultFor: (key, ok, code, message) => k.fleet.resultFor(key, ok, code, message),
    track: (action, keys, source, work, subject) =>
      k.fleet.track(action, keys, source, (_job, _unique, report) => work(report), subject),
  });
  const picks = new PickedFiles();
  return {
    actions,
    handlers: createFilesHandlers({ picks, choose: deps.chooseFile ?? null }),
    fileWhat: (action: FileAction, input: FileWhatInput) => windowFileWhat(actions, picks, action, input),
  };
}
