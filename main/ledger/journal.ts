import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';

/**
 * An append-only file of committed ledger entries: one line per commit, `<checksum> <json>\n`, fsynced
 * before the commit returns. A crash mid-append leaves at most one torn last line, which was never
 * committed and is dropped on the next read. The database snapshot is only a cache of this file's past.
 */
export class Journal {
  private fd: number;
  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
  }

  /** Appends and fsyncs; returns the bytes written (the caller decides when to compact). */
  append(entries: readonly unknown[]): number {
    if (!entries.length) return 0;
    const text = entries.map((e) => line(JSON.stringify(e))).join('');
    const bytes = writeSync(this.fd, text);
    fsyncSync(this.fd);
    return bytes;
  }

  /** Empties the file once a snapshot holds everything in it. */
  reset(): void {
    closeSync(this.fd);
    this.fd = openSync(this.path, 'w');
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
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
  /** A line that failed its checksum with good lines after it: real damage, not a torn write. */
  damaged: boolean;
}

export function readJournal<T>(path: string): JournalRead<T> {
  if (!existsSync(path)) return { entries: [], damaged: false };
  const lines = readFileSync(path, 'utf8').split('\n');
  // The last element is '' after a complete final line, or a torn line after a crash: never committed.
  lines.pop();
  const entries: T[] = [];
  let damaged = false;
  for (const l of lines) {
    const space = l.indexOf(' ');
    const json = l.slice(space + 1);
    if (space !== 16 || checksum(json) !== l.slice(0, 16)) {
      damaged = true;
      continue;
    }
    entries.push(JSON.parse(json) as T);
  }
  return { entries, damaged };
}
