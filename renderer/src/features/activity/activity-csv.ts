import type { ActivityExportRow, ActivityJob, ActivityPhoneRow } from '../../../../common/activity';
import { splitPhoneKey } from '../../../../common/phone';
import { isoLocal, toCsv } from '../../lib/csv';

/**
 * One row per phone per action. Column names stay English and times ISO: a spreadsheet or script reads them
 * the same in every language.
 */
export const exportRowsCsv = (rows: readonly ActivityExportRow[], label: (accountId: string) => string) =>
  toCsv(
    // New columns go at the end: a script that reads the columns by position keeps working.
    ['Time', 'Source', 'Action', 'Phone ID', 'Phone', 'Account', 'Outcome', 'Code', 'Message', 'Confirmed at', 'With'],
    rows.map((r) => [
      isoLocal(r.at),
      r.source,
      r.action,
      // The id exactly as the provider wrote it.
      splitPhoneKey(r.key).id,
      r.name,
      label(r.accountId),
      r.ok ? 'done' : 'failed',
      r.code,
      r.message,
      r.confirmedAt ? isoLocal(r.confirmedAt) : '',
      r.subject ?? '',
    ]),
  );

/** One action's phones, in the same columns as the period export. */
export const jobRowsCsv = (job: ActivityJob, rows: readonly ActivityPhoneRow[], label: (id: string) => string) =>
  exportRowsCsv(
    rows.map((r) => ({
      ...r,
      at: job.at,
      source: job.source,
      action: job.action,
      ...(job.subject ? { subject: job.subject } : {}),
    })),
    label,
  );
