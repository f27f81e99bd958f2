import type { ledgerChannels } from '../../common/contract/ledger';
import { splitPhoneKey, type Phone } from '../../common/phone';
import type { HandlersFor } from '../kernel/dispatch';
import { EXPORT_ROW_LIMIT } from './activity-queries';
import type { Ledger } from './ledger';
import { buildTimeline } from './timeline';

/** The activity record: actions, one action's phones, the CSV rows, and one phone's timeline. */
export function createLedgerHandlers(s: {
  ledger: Pick<Ledger, 'jobs' | 'jobPhones' | 'exportRows' | 'phoneHistory'>;
  /** The phone as listed now (null once it is gone: its timeline then names it from the record). */
  phone: (key: string) => Pick<Phone, 'name' | 'accountId' | 'billing'> | null;
  /** The account's per-minute price and currency, when one is known. */
  price: (accountId: string) => { perMinute: number; currency: string } | null;
}): HandlersFor<typeof ledgerChannels> {
  return {
    'activity:list': async (q) => s.ledger.jobs(q),
    'activity:job': async ({ jobId }) => s.ledger.jobPhones(jobId),
    'activity:export': async (q) => {
      // One row past the limit tells whether the export is whole.
      const rows = s.ledger.exportRows({ ...q, limit: EXPORT_ROW_LIMIT + 1 });
      return { rows: rows.slice(0, EXPORT_ROW_LIMIT), truncated: rows.length > EXPORT_ROW_LIMIT };
    },
    'activity:phone': async ({ key, since, until }) => {
      const listed = s.phone(key);
      const accountId = listed?.accountId ?? splitPhoneKey(key).accountId;
      return buildTimeline(s.ledger.phoneHistory(key, since, until), {
        key,
        accountId,
        from: since,
        to: until,
        listed,
        price: s.price(accountId),
      });
    },
  };
}
