import { createHash } from 'node:crypto';
import { realFileOps, writeAll, type FileOps } from '../kernel/durable-file';

/**
 * An append-only file of committed ledger entries: one line per commit, `<checksum> <json>\n`, fsynced
 * before the commit returns. A commit either lands whole or not at all: a write that comes up short (a
 * full disk) is cut back to where the file ended and the commit fails. A crash mid-append leaves at most
 * one torn last line, which was never committed and is cut off when the journal is next opened, so the
 * next session's appends start on a line of their own. The database snapshot is only a cache of this
 * file's past.
 */
export class Journal {
  private fd: number;
  private size: number;
  /** A failed append that could not be cut back: appending more would glue onto a torn line. */
  private broken: Error | null = null;

  constructor(
    readonly path: string,
    private readonly fs: FileOps = realFileOps,
  ) {
    this.fd = fs.openSync(path, 'a+');
    this.size = fs.fstatSync(this.fd).size;
    this.cutTornTail();
  }

  /** Appends and fsyncs; returns the bytes written (the caller decides when to compact). Throws unless all of it is on disk. */
  append(entries: readonly unknown[]): number {
    if (!entries.length) return 0;
    if (this.broken) throw this.broken;
    // A closed descriptor's number may already belong to another file or pipe: never write through it.
    if (this.fd < 0) throw new Error('the activity journal is closed');
    const bytes = Buffer.from(entries.map((e) => line(JSON.stringify(e))).join(''));
    try {
      writeAll(this.fs, this.fd, bytes);
      this.fs.fsyncSync(this.fd);
    } catch (e) {
      this.cutBackTo(this.size, e as Error);
      throw e;
    }
    this.size += bytes.length;
    return bytes.length;
  }

  /** Empties the file once a snapshot holds everything in it (and that snapshot was proven on disk). */
  reset(): void {
    this.fs.ftruncateSync(this.fd, 0);
    this.fs.fsyncSync(this.fd);
    this.size = 0;
  }

  close(): void {
    if (this.fd < 0) return;
    this.fs.closeSync(this.fd);
    this.fd = -1;
  }

  private cutBackTo(size: number, cause: Error): void {
    try {
      this.fs.ftruncateSync(this.fd, size);
      this.fs.fsyncSync(this.fd);
    } catch {
      this.broken = new Error(`the activity journal could not be repaired after a failed write: ${cause.message}`);
    }
  }

  /** A last line without its newline was never committed (a crash mid-append): cut it off before appending. */
  private cutTornTail(): void {
    if (!this.size) return;
    const text = this.fs.readFileSync(this.path);
    if (text[text.length - 1] === 0x0a) return;
    const keep = text.lastIndexOf(0x0a) + 1;
    this.fs.ftruncateSync(this.fd, keep);
    this.fs.fsyncSync(this.fd);
    this.size = keep;
  }
}

function line(json: string): string {
  return `${checksum(json)} ${json}\n`;
}

function checksum(json: string): string {
  return createHash('sha256').update(json).digest('hex').slice(0, 16);
}

export interface JournalRead<T> {
  entries: T[];
  /** A line that failed its checksum, or whose entry is not one the ledger writes: real damage, not a torn write. */
  damaged: boolean;
}

/**
 * Reads the committed entries. `isEntry` checks each one's shape: a line with a good checksum can still
 * hold something the ledger never wrote (`{}`, `null`, a sequence number that is not a number), and one
 * such line must not stop the replay or poison the sequence of those after it.
 */
export function readJournal<T>(
  path: string,
  isEntry: (v: unknown) => v is T,
  fs: FileOps = realFileOps,
): JournalRead<T> {
  if (!fs.existsSync(path)) return { entries: [], damaged: false };
  const lines = fs.readFileSync(path, 'utf8').split('\n');
  // The last element is '' after a complete final line, or a torn line after a crash: never committed.
  lines.pop();
  const entries: T[] = [];
  let damaged = false;
  for (const l of lines) {
    const space = l.indexOf(' ');
    const json = l.slice(space + 1);
    const value = space === 16 && checksum(json) === l.slice(0, 16) ? parseOrNull(json) : undefined;
    if (isEntry(value)) entries.push(value);
    else damaged = true;
  }
  return { entries, damaged };
}

function parseOrNull(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}
