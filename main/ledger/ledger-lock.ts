import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';

/**
 * One writer per record: a lock file beside it, created exclusively, holding the writer's process id. A
 * second Phonedeck (another profile, a second `serve`, a copy run by hand) finds it and opens the record
 * read-only instead of losing commits to interleaved writes; a lock left by a process that no longer runs
 * (a crash, kill -9) is taken over.
 */
export class LedgerLock {
  private constructor(
    private readonly path: string,
    /** The process id of the other writer, when this one did not get the lock. */
    readonly heldBy: number | null,
  ) {}

  get held(): boolean {
    return this.heldBy === null;
  }

  static acquire(file: string, pid = process.pid): LedgerLock {
    const path = `${file}.lock`;
    // The lock appears whole or not at all: written aside, then hard-linked into place (link fails if the
    // lock exists), so no opener ever reads a lock file that has no process id in it yet.
    const mine = `${path}.${pid}.${Date.now()}`;
    writeFileSync(mine, String(pid), { mode: 0o600 });
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          linkSync(mine, path);
          return new LedgerLock(path, null);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        }
        const owner = Number.parseInt(readOrEmpty(path), 10);
        if (Number.isSafeInteger(owner) && owner > 0 && owner !== pid && isRunning(owner)) {
          return new LedgerLock(path, owner);
        }
        // Stale (its process is gone): removed, then taken the same way, so two openers racing for a
        // stale lock cannot both win.
        try {
          unlinkSync(path);
        } catch {
          /* the other opener removed it first */
        }
      }
    } finally {
      unlinkSync(mine);
    }
    throw new Error(`could not take the lock ${path}`);
  }

  release(): void {
    if (!this.held) return;
    try {
      unlinkSync(this.path);
    } catch {
      /* already gone */
    }
  }
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, as another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
