import type { Database } from 'sql.js';
import type { ActivityPhoneRow } from '../../common/activity';

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value);
CREATE TABLE IF NOT EXISTS jobs (id TEXT PRIMARY KEY, at INTEGER NOT NULL, source TEXT NOT NULL, action TEXT NOT NULL, total INTEGER NOT NULL, finished_at INTEGER);
CREATE INDEX IF NOT EXISTS jobs_at ON jobs (at);
CREATE TABLE IF NOT EXISTS job_phones (job_id TEXT NOT NULL, key TEXT NOT NULL, account_id TEXT NOT NULL, name TEXT NOT NULL, ok INTEGER NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL, confirmed_at INTEGER);
CREATE INDEX IF NOT EXISTS job_phones_job ON job_phones (job_id);
CREATE TABLE IF NOT EXISTS runs (key TEXT NOT NULL, account_id TEXT NOT NULL, name TEXT NOT NULL, grp TEXT NOT NULL, tags TEXT NOT NULL, started_at INTEGER NOT NULL, exact INTEGER NOT NULL, ended_at INTEGER, ended_exact INTEGER, last_seen_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS runs_open ON runs (key, ended_at);
CREATE INDEX IF NOT EXISTS runs_started ON runs (started_at);
`;

/**
 * The schema, and what later versions added to a file an earlier one wrote: `jobs.subject` (what a file or
 * app action acted with: the app's file name, the OBS path, the package). Safe to run on every open.
 */
export function prepareSchema(db: Database): void {
  db.exec(SCHEMA);
  const columns = db.exec('PRAGMA table_info(jobs)')[0]?.values.map((r) => String(r[1])) ?? [];
  if (!columns.includes('subject')) db.exec('ALTER TABLE jobs ADD COLUMN subject TEXT');
}

export interface RunStart {
  key: string;
  accountId: string;
  name: string;
  group: string;
  tags: string[];
  /** When it started; `exact` false when this is only when the app first saw it running. */
  at: number;
  exact: boolean;
}

/** A phone's row in an action, as recorded (its confirmation comes later, as its own fact). */
export type JobPhoneEntry = Omit<ActivityPhoneRow, 'confirmedAt'>;

/** One committed fact. Entries are replayed from the journal in `seq` order, so applying must be deterministic. */
export type LedgerFact =
  | {
      op: 'job';
      id: string;
      at: number;
      source: string;
      action: string;
      total: number;
      finishedAt: number | null;
      /** Files and apps: what the action acted with (absent for power actions and in older entries). */
      subject?: string;
      phones: JobPhoneEntry[];
    }
  | { op: 'confirmed'; jobId: string; keys: string[]; at: number }
  | { op: 'runs'; starts: RunStart[]; ends: { key: string; at: number; exact: boolean }[] }
  | { op: 'seen'; keys: string[]; at: number }
  | { op: 'prune'; before: number };
export type LedgerEntry = LedgerFact & { seq: number };

export function applyEntry(db: Database, e: LedgerEntry): void {
  switch (e.op) {
    case 'job': {
      db.run(
        'INSERT OR REPLACE INTO jobs (id, at, source, action, total, finished_at, subject) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [e.id, e.at, e.source, e.action, e.total, e.finishedAt, e.subject ?? null],
      );
      db.run('DELETE FROM job_phones WHERE job_id = ?', [e.id]);
      const stmt = db.prepare(
        'INSERT INTO job_phones (job_id, key, account_id, name, ok, code, message) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      for (const p of e.phones) stmt.run([e.id, p.key, p.accountId, p.name, p.ok ? 1 : 0, p.code, p.message]);
      stmt.free();
      return;
    }
    case 'confirmed': {
      const stmt = db.prepare(
        'UPDATE job_phones SET confirmed_at = ? WHERE job_id = ? AND key = ? AND confirmed_at IS NULL',
      );
      for (const k of e.keys) stmt.run([e.at, e.jobId, k]);
      stmt.free();
      return;
    }
    case 'runs': {
      const end = db.prepare(
        'UPDATE runs SET ended_at = ?, ended_exact = ?, last_seen_at = MAX(last_seen_at, ?) WHERE key = ? AND ended_at IS NULL',
      );
      for (const x of e.ends) end.run([x.at, x.exact ? 1 : 0, x.at, x.key]);
      end.free();
      const start = db.prepare(
        'INSERT INTO runs (key, account_id, name, grp, tags, started_at, exact, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const isOpen = db.prepare('SELECT 1 FROM runs WHERE key = ? AND ended_at IS NULL');
      for (const s of e.starts) {
        // A phone has one open run at most: a start for one already open is a repeated sighting.
        const open = isOpen.get([s.key]).length > 0;
        isOpen.reset();
        if (!open)
          start.run([s.key, s.accountId, s.name, s.group, JSON.stringify(s.tags), s.at, s.exact ? 1 : 0, s.at]);
      }
      isOpen.free();
      start.free();
      return;
    }
    case 'seen': {
      const stmt = db.prepare('UPDATE runs SET last_seen_at = ? WHERE key = ? AND ended_at IS NULL');
      for (const k of e.keys) stmt.run([e.at, k]);
      stmt.free();
      return;
    }
    case 'prune':
      db.run('DELETE FROM job_phones WHERE job_id IN (SELECT id FROM jobs WHERE at < ?)', [e.before]);
      db.run('DELETE FROM jobs WHERE at < ?', [e.before]);
      db.run('DELETE FROM runs WHERE ended_at IS NOT NULL AND ended_at < ?', [e.before]);
      return;
  }
}

const LEDGER_OPS = new Set(['job', 'confirmed', 'runs', 'seen', 'prune']);

/**
 * Whether a replayed journal value can be an entry of this ledger: an object with a positive whole
 * sequence number and a known operation. Anything else (`{}`, `[]`, `null`, a sequence that is not a
 * number) is damage, skipped with a notice, and cannot poison the sequence of the entries after it. A
 * known entry whose fields this version cannot apply is caught when applied, and skipped with its own notice.
 */
export function isLedgerEntry(v: unknown): v is LedgerEntry {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const e = v as { seq?: unknown; op?: unknown };
  return Number.isSafeInteger(e.seq) && (e.seq as number) > 0 && typeof e.op === 'string' && LEDGER_OPS.has(e.op);
}
