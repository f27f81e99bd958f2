import type { AccountService } from '../accounts/accounts';
import type { Fleet } from '../fleet/fleet';
import { AppInstaller } from '../files/app-install';
import { FilePush, type FilePushDeps } from '../files/file-push';
import type { Ledger } from '../ledger/ledger';
import type { Logger } from '../kernel/redact';
import type { AppCoreDeps } from './deps';

/** Pushing files and installing apps onto phones, recorded in the activity record like any action. */
export function composeFiles(
  deps: AppCoreDeps,
  k: { fleet: Fleet; accounts: AccountService; ledger: Ledger; log: Logger },
) {
  const d: FilePushDeps = {
    phone: (key) => k.fleet.get(key),
    provider: (accountId) => k.accounts.provider(accountId),
    resultFor: (key, ok, code, message) => k.fleet.resultFor(key, ok, code, message),
    clock: deps.clock,
    record: (job) => {
      try {
        k.ledger.commit([
          {
            op: 'job',
            id: job.id,
            at: job.at,
            source: job.source,
            action: job.action,
            total: job.total,
            finishedAt: job.finishedAt,
            phones: job.results.map(({ key, accountId, name, ok, code, message }) => ({
              key,
              accountId,
              name,
              ok,
              code,
              message,
            })),
          },
        ]);
      } catch (e) {
        // The push happened: a record that could not be written (a full disk) is said in the log, not thrown.
        k.log.warn('could not record a file push or app install', e);
      }
    },
  };
  return { push: new FilePush(d), apps: new AppInstaller(d) };
}
