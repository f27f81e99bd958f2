import type { Database } from 'sql.js';
import type {
  ActivityExportRow,
  ActivityJob,
  ActivityPhoneRow,
  ActivityQuery,
  PhoneHistory,
} from '../../common/activity';

export type { PhoneHistory };

/** Rows a CSV export may hold at most: 100,000 phone-actions is far past a spreadsheet's comfort already. */
export const EXPORT_ROW_LIMIT = 100_000;

type Params = Record<string, string | number>;

/** The WHERE clause and parameters of an activity filter, over jobs `j` (shared by the list and the export). */
function jobFilter(q: ActivityQuery): { where: string; params: Params } {
  const where: string[] = ['j.at >= $since', 'j.at <= $until'];
  const params: Params = { $since: q.since ?? 0, $until: q.until ?? Number.MAX_SAFE_INTEGER };
  const filter = (clause: string, values: Params) => {
    where.push(clause);
    Object.assign(params, values);
  };
  if (q.action) filter('j.action = $action', { $action: q.action });
  if (q.source) {
    filter('(j.source = $source OR j.source LIKE $sourcePrefix)', {
      $source: q.source,
      $sourcePrefix: `${q.source}:%`,
    });
  }
  if (q.accountId) {
    filter('EXISTS (SELECT 1 FROM job_phones a WHERE a.job_id = j.id AND a.account_id = $account)', {
      $account: q.accountId,
    });
  }
  if (q.phone) {
    filter('EXISTS (SELECT 1 FROM job_phones p WHERE p.job_id = j.id AND (p.key = $phone OR p.name LIKE $phoneLike))', {
      $phone: q.phone,
      $phoneLike: `%${q.phone}%`,
    });
  }
  return { where: where.join(' AND '), params };
}

function all<T>(db: Database, sql: string, params: Params | (string | number)[], row: (v: unknown[]) => T): T[] {
  const stmt = db.prepare(sql);
  stmt.bind(params);
  const out: T[] = [];
  while (stmt.step()) out.push(row(stmt.get()));
  stmt.free();
  return out;
}

const orNull = (v: unknown) => (v === null ? null : Number(v));

/** Actions newest first, with their per-phone counts. */
export function queryJobs(db: Database, q: ActivityQuery): ActivityJob[] {
  const { where, params } = jobFilter(q);
  return all(
    db,
    `SELECT j.id, j.at, j.source, j.action, j.total, j.finished_at, j.subject,
      (SELECT COUNT(*) FROM job_phones p WHERE p.job_id = j.id AND p.ok = 1),
      (SELECT COUNT(*) FROM job_phones p WHERE p.job_id = j.id AND p.ok = 0),
      (SELECT COUNT(*) FROM job_phones p WHERE p.job_id = j.id AND p.confirmed_at IS NOT NULL)
     FROM jobs j WHERE ${where} ORDER BY j.at DESC, j.rowid DESC LIMIT $limit OFFSET $offset`,
    { ...params, $limit: q.limit ?? 200, $offset: q.offset ?? 0 },
    ([id, at, source, action, total, finishedAt, subject, ok, failed, confirmed]) => ({
      id: String(id),
      at: Number(at),
      source: String(source),
      action: String(action),
      total: Number(total),
      finishedAt: orNull(finishedAt),
      ...(subject === null || subject === undefined ? {} : { subject: String(subject) }),
      succeeded: Number(ok),
      failed: Number(failed),
      confirmed: Number(confirmed),
    }),
  );
}

export function queryJobPhones(db: Database, jobId: string): ActivityPhoneRow[] {
  return all(
    db,
    'SELECT key, account_id, name, ok, code, message, confirmed_at FROM job_phones WHERE job_id = ? ORDER BY rowid',
    [jobId],
    phoneRow,
  );
}

/** A job_phones row (key, account_id, name, ok, code, message, confirmed_at) as the window reads it. */
function phoneRow([key, accountId, name, ok, code, message, confirmedAt]: unknown[]): ActivityPhoneRow {
  return {
    key: String(key),
    accountId: String(accountId),
    name: String(name),
    ok: ok === 1,
    code: String(code),
    message: String(message),
    confirmedAt: orNull(confirmedAt),
  };
}

/**
 * Every phone of every matching action, oldest action first. A phone filter keeps only that phone's rows
 * (not its actions' other phones): "what happened to Ava-0015" exports Ava-0015.
 */
export function queryExportRows(db: Database, q: ActivityQuery): ActivityExportRow[] {
  const { where, params } = jobFilter(q);
  const own: string[] = [];
  if (q.phone) own.push('(p.key = $phone OR p.name LIKE $phoneLike)');
  if (q.accountId) own.push('p.account_id = $account');
  return all(
    db,
    `SELECT j.at, j.source, j.action, j.subject, p.key, p.account_id, p.name, p.ok, p.code, p.message, p.confirmed_at
     FROM jobs j JOIN job_phones p ON p.job_id = j.id
     WHERE ${where}${own.map((c) => ` AND ${c}`).join('')}
     ORDER BY j.at, j.rowid, p.rowid LIMIT $limit`,
    { ...params, $limit: Math.min(q.limit ?? EXPORT_ROW_LIMIT, EXPORT_ROW_LIMIT + 1) },
    ([at, source, action, subject, ...phone]) => ({
      at: Number(at),
      source: String(source),
      action: String(action),
      ...(subject === null || subject === undefined ? {} : { subject: String(subject) }),
      ...phoneRow(phone),
    }),
  );
}

/** One phone's actions and running periods that touch [from, to], oldest first. */
export function queryPhoneHistory(db: Database, key: string, from: number, to: number): PhoneHistory {
  const actions = all(
    db,
    `SELECT j.id, j.at, j.source, j.action, j.subject, p.name, p.ok, p.code, p.message, p.confirmed_at
     FROM job_phones p JOIN jobs j ON j.id = p.job_id
     WHERE p.key = ? AND j.at >= ? AND j.at <= ? ORDER BY j.at, j.rowid`,
    [key, from, to],
    ([jobId, at, source, action, subject, name, ok, code, message, confirmedAt]) => ({
      jobId: String(jobId),
      at: Number(at),
      source: String(source),
      action: String(action),
      ...(subject === null || subject === undefined ? {} : { subject: String(subject) }),
      name: String(name),
      ok: ok === 1,
      code: String(code),
      message: String(message),
      confirmedAt: orNull(confirmedAt),
    }),
  );
  const runs = all(
    db,
    `SELECT started_at, ended_at, exact, ended_exact FROM runs
     WHERE key = ? AND started_at <= ? AND (ended_at IS NULL OR ended_at >= ?) ORDER BY started_at`,
    [key, to, from],
    ([start, end, exact, endedExact]) => ({
      start: Number(start),
      end: orNull(end),
      exact: exact === 1 && (end === null || endedExact === 1),
    }),
  );
  return { actions, runs };
}
