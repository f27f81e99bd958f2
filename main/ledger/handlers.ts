import type { ledgerChannels } from '../../common/contract/ledger';
import type { HandlersFor } from '../kernel/dispatch';
import type { Ledger } from './ledger';

/** The activity record: actions, then one action's phones. */
export function createLedgerHandlers(s: {
  ledger: Pick<Ledger, 'jobs' | 'jobPhones'>;
}): HandlersFor<typeof ledgerChannels> {
  return {
    'activity:list': async (q) => s.ledger.jobs(q),
    'activity:job': async ({ jobId }) => s.ledger.jobPhones(jobId),
  };
}
