import { existsSync, readFileSync, renameSync } from 'node:fs';
import { t } from '../../common/i18n/i18n';
import { createRequire } from 'node:module';
import type { Database, SqlJsStatic } from 'sql.js';
import type {
  ActivityExportRow,
  ActivityJob,
  ActivityPhoneRow,
  ActivityQuery,
  RunningTotals,
} from '../../common/activity';
import { queryExportRows, queryJobPhones, queryJobs, queryPhoneHistory, type PhoneHistory } from './activity-queries';
import { realFileOps, replaceFileVerified, type FileOps } from '../kernel/durable-file';
import { Journal, readJournal } from './journal';
import { LedgerLock } from './ledger-lock';
import { RunIndex, type PhoneRunning } from './run-index';
import { applyEntry, prepareSchema, isLedgerEntry, type LedgerEntry, type LedgerFact, type RunStart } from './schema';

const DAY_MS = 86_400_000;
/** Past this many journal bytes the database is written out and the journal emptied. */
const COMPACT_AT_BYTES = 8 * 1024 * 1024;

let sqlJs: Promise<SqlJsStatic> | null = null;
/** sql.js is WebAssembly SQLite: no native module to rebuild for Electron, and it runs in the Node 20 tests. */
function loadSqlJs(): Promise<SqlJsStatic> {
  const require = createRequire(import.meta.url);
  const init = require('sql.js') as (config?: object) => Promise<SqlJsStatic>;
  sqlJs ??= init();
  return sqlJs;
}

export interface LedgerOptions {
  /** The database file; its journal sits beside it as `<file>.journal`. */
  file: string;
  now: () => number;
  retentionDays?: number;
  compactAtBytes?: number;
  /** The file calls, for tests that fill the disk or cut a write short. */
  fileOps?: FileOps;
}

/**
 * The durable activity record: every action with its per-phone outcomes, and every running period.
 * A commit is a whole, fsynced journal line before it returns (a crash or a full disk loses nothing
 * committed, and a commit that could not be written throws); the SQLite snapshot (sql.js) is rewritten
 * from time to time, replacing the old one only once it is proven on disk, and serves the queries. One
 * writer at a time: a second opener gets a read-only view.
 */
export class Ledger {
  private seq = 0;
  private journalBytes = 0;
  /** After close nothing is written: a late fact (a client that went away at shutdown) is refused, not misplaced. */
  private closed = false;
  /** Journal size at which the next compaction is tried (pushed on after one fails, e.g. on a full disk). */
  private nextCompactAt: number;
  private readonly runs = new RunIndex();
  private constructor(
    private readonly db: Database,
    /** Null when another process writes this record: this one only reads it. */
    private readonly journal: Journal | null,
    private readonly lock: LedgerLock,
    private readonly opts: LedgerOptions,
    /** What was repaired on open, for a notice (never silent). */
    readonly notices: string[],
  ) {
    this.nextCompactAt = this.compactAt;
  }

  private get compactAt(): number {
    return this.opts.compactAtBytes ?? COMPACT_AT_BYTES;
  }

  private get fs(): FileOps {
    return this.opts.fileOps ?? realFileOps;
  }

  /** Whether another Phonedeck writes this record, so this one shows it and records nothing. */
  get readOnly(): boolean {
    return this.journal === null;
  }

  static async open(opts: LedgerOptions): Promise<Ledger> {
    const SQL = await loadSqlJs();
    const notices: string[] = [];
    const lock = LedgerLock.acquire(opts.file);
    if (!lock.held) notices.push(t('notice.ledgerReadOnly', { pid: String(lock.heldBy) }));
    const journalPath = `${opts.file}.journal`;
    let db: Database;
    try {
      db = existsSync(opts.file) ? new SQL.Database(readFileSync(opts.file)) : new SQL.Database();
      prepareSchema(db);
    } catch (e) {
      const aside = `${opts.file}.damaged-${opts.now()}`;
      renameSync(opts.file, aside);
      notices.push(t('notice.ledgerUnreadable', { error: (e as Error).message, aside }));
      db = new SQL.Database();
      prepareSchema(db);
    }
    const applied = Number(db.exec("SELECT value FROM meta WHERE key = 'seq'")[0]?.values[0]?.[0] ?? 0);
    const fs = opts.fileOps ?? realFileOps;
    const read = readJournal<LedgerEntry>(journalPath, isLedgerEntry, fs);
    if (read.damaged && lock.held) {
      const aside = `${journalPath}.damaged-${opts.now()}`;
      replaceFileVerified(fs, aside, readFileSync(journalPath));
      notices.push(t('notice.journalDamaged', { aside }));
    }
    let seq = applied;
    let unusable = 0;
    for (const e of read.entries) {
      if (e.seq <= applied) continue; // already in the snapshot (a crash between its rename and the journal reset)
      seq = Math.max(seq, e.seq);
      try {
        inTransaction(db, () => applyEntry(db, e));
      } catch {
        unusable++; // a fact this version cannot apply; the journal keeps it until the next snapshot
      }
    }
    if (unusable) notices.push(t('notice.journalUnusable', { n: unusable }));
    const ledger = new Ledger(db, lock.held ? new Journal(journalPath, fs) : null, lock, opts, notices);
    ledger.seq = seq;
    const runs = db.prepare('SELECT key, account_id, grp, tags, started_at, ended_at FROM runs ORDER BY rowid');
    while (runs.step()) {
      const [key, accountId, group, tags, start, end] = runs.get();
      ledger.runs.add(
        String(key),
        { accountId: String(accountId), group: String(group), tags: JSON.parse(String(tags)) as string[] },
        Number(start),
        end === null ? null : Number(end),
      );
    }
    runs.free();
    ledger.journalBytes = existsSync(journalPath) ? readFileSync(journalPath).length : 0;
    // Pruning is housekeeping: on a full disk the record still opens, and is pruned on a later day.
    if (!ledger.readOnly) {
      try {
        ledger.prune();
      } catch {
        /* tried again by the retention pruner */
      }
    }
    return ledger;
  }

  /** Records entries and makes them durable before returning; throws (recording nothing) when they cannot be. */
  commit(entries: LedgerFact[]): void {
    if (!entries.length) return;
    if (this.closed) throw new Error('the activity record is closed');
    if (!this.journal) throw new Error(t('err.ledgerReadOnly', { pid: String(this.lock.heldBy) }));
    const numbered = entries.map((e, i) => ({ ...e, seq: this.seq + i + 1 }) as LedgerEntry);
    this.journalBytes += this.journal.append(numbered);
    this.seq += numbered.length;
    // Durable from here; the database is a cache of the journal, so a failure below is reported, never half-applied.
    inTransaction(this.db, () => numbered.forEach((e) => applyEntry(this.db, e)));
    for (const e of numbered) this.runs.apply(e);
    if (this.journalBytes > this.nextCompactAt) this.compactQuietly();
  }

  /**
   * Writes the database out and empties the journal, in that order and only once the new snapshot is
   * proven on disk: a full disk leaves the old snapshot and the whole journal as they were (and throws).
   */
  compact(): void {
    if (!this.journal) return;
    this.db.run("INSERT OR REPLACE INTO meta (key, value) VALUES ('seq', ?)", [this.seq]);
    replaceFileVerified(this.fs, this.opts.file, this.db.export());
    this.journal.reset();
    this.journalBytes = 0;
    this.nextCompactAt = this.compactAt;
  }

  /** Compaction is housekeeping: when it fails the journal still holds everything, so it is tried again later, not now. */
  private compactQuietly(): void {
    try {
      this.compact();
    } catch {
      this.nextCompactAt = this.journalBytes + Math.max(64 * 1024, this.compactAt / 4);
    }
  }

  /** Drops what is older than the retention period (default 90 days; a new period applies from now on). */
  prune(retentionDays = this.opts.retentionDays ?? 90): void {
    this.opts.retentionDays = retentionDays;
    if (this.readOnly) return;
    const before = this.opts.now() - retentionDays * DAY_MS;
    this.commit([{ op: 'prune', before }]);
  }

  /** Closes the record; a snapshot that cannot be written (a full disk) leaves the journal to be replayed next time. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.journal) {
      this.compactQuietly();
      this.journal.close();
    }
    this.db.close();
    this.lock.release();
  }

  // ---------- queries ----------

  jobs(q: ActivityQuery): ActivityJob[] {
    return queryJobs(this.db, q);
  }

  jobPhones(jobId: string): ActivityPhoneRow[] {
    return queryJobPhones(this.db, jobId);
  }

  /** One row per phone per action, oldest first (the CSV a spreadsheet reads). */
  exportRows(q: ActivityQuery): ActivityExportRow[] {
    return queryExportRows(this.db, q);
  }

  /** What happened to one phone in a period: its actions and its running periods. */
  phoneHistory(key: string, from: number, to: number): PhoneHistory {
    return queryPhoneHistory(this.db, key, from, to);
  }

  /** Running periods still open (for continuing them after a restart). */
  openRuns(): (RunStart & { lastSeenAt: number })[] {
    const res = this.db.exec(
      'SELECT key, account_id, name, grp, tags, started_at, exact, last_seen_at FROM runs WHERE ended_at IS NULL',
    );
    return (res[0]?.values ?? []).map(([key, accountId, name, group, tags, at, exact, seen]) => ({
      key: String(key),
      accountId: String(accountId),
      name: String(name),
      group: String(group),
      tags: JSON.parse(String(tags)) as string[],
      at: Number(at),
      exact: exact === 1,
      lastSeenAt: Number(seen),
    }));
  }

  /**
   * Running time between `from` and `to`, per phone, account, group and tag. Open runs count up to `to`
   * (a run a previous session left open is ended at its last sighting once the first list shows it stopped).
   */
  runningTotals(from: number, to: number): RunningTotals {
    return this.runs.totals(from, to);
  }

  /** Per phone: running time and billed minutes between `from` and `to`. */
  runningByPhone(from: number, to: number): PhoneRunning[] {
    return this.runs.perPhone(from, to);
  }

  /** Phones running during each `step` from `from` to `to`. */
  runningCurve(from: number, to: number, step: number): number[] {
    return this.runs.concurrency(from, to, step);
  }
}

function inTransaction(db: Database, fn: () => void): void {
  db.exec('BEGIN');
  try {
    fn();
    db.exec('COMMIT');
  } catch (e) {
    db.exec('ROLLBACK');
    throw e;
  }
}
