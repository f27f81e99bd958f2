import { chmodSync, lstatSync, mkdirSync, mkdtempSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';

/** Why a folder or socket cannot be trusted with the control plane, or null when it can. */
export function whyUntrusted(st: Stats, kind: 'folder' | 'socket', uid = process.getuid?.() ?? 0): string | null {
  if (st.isSymbolicLink()) return `its ${kind} is a symbolic link`;
  if (kind === 'folder' && !st.isDirectory()) return 'its folder is not a folder';
  if (kind === 'socket' && !st.isSocket()) return 'its socket is not a socket';
  if (st.uid !== uid) return `its ${kind} belongs to another user (uid ${st.uid})`;
  if (kind === 'folder' && st.mode & 0o077)
    return `its folder can be opened by other users (mode ${(st.mode & 0o777).toString(8)})`;
  return null;
}

/**
 * The folder the control socket goes in, made private and checked: created owner-only, or, when it exists,
 * a real folder (never a symbolic link) owned by this user and closed to others. One that fails (another
 * user made /tmp/phonedeck-<uid> first, or planted a link there) is never changed — no chmod of someone
 * else's folder — and a fresh private folder is made beside it instead. Returns the folder to use.
 */
export function preparePrivateFolder(dir: string, uid = process.getuid?.() ?? 0): string {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') mkdirSync(dir, { recursive: true, mode: 0o700 });
    else if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const st = lstatSync(dir);
  const problem = whyUntrusted(st, 'folder', uid);
  if (!problem) return dir;
  // Ours and a real folder, only too open (an old version made it 755): closing it is safe.
  if (!st.isSymbolicLink() && st.isDirectory() && st.uid === uid) {
    chmodSync(dir, 0o700);
    return dir;
  }
  // mkdtemp creates a new folder with 0700 that nobody else can have made first.
  return mkdtempSync(join(dirname(dir), `phonedeck-${uid}-`));
}

/** Checked by the CLI before it connects and sends its token: the socket and its folder are this user's alone. */
export function checkSocketBeforeConnecting(socket: string, uid = process.getuid?.() ?? 0): string | null {
  try {
    return whyUntrusted(lstatSync(dirname(socket)), 'folder', uid) ?? whyUntrusted(lstatSync(socket), 'socket', uid);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? null : (e as Error).message;
  }
}
