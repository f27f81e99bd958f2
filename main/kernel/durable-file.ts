import * as nodeFs from 'node:fs';
import { dirname } from 'node:path';

/** The file calls durable stores make (the activity record, settings), as a port: tests inject short writes and full disks. */
export type FileOps = Pick<
  typeof nodeFs,
  | 'openSync'
  | 'writeSync'
  | 'fsyncSync'
  | 'closeSync'
  | 'renameSync'
  | 'readFileSync'
  | 'ftruncateSync'
  | 'fstatSync'
  | 'unlinkSync'
  | 'existsSync'
>;

export const realFileOps: FileOps = nodeFs;

/**
 * Writes every byte of `data` at the descriptor's position, or throws. `writeSync` may write less than
 * asked (a nearly full disk does); a short count is written on from where it stopped, and a write that
 * makes no progress is a full disk.
 */
export function writeAll(fs: FileOps, fd: number, data: Uint8Array): void {
  let done = 0;
  while (done < data.length) {
    const n = fs.writeSync(fd, data, done, data.length - done);
    if (!(n > 0)) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    done += n;
  }
}

/**
 * Replaces `file` with `data` only once the new bytes are proven on disk: written whole to a temporary
 * file, fsynced, read back and compared, then renamed over the old file and the folder fsynced (so the
 * rename itself survives a power cut). On any failure the temporary file is removed and the good file
 * stays as it was.
 */
export function replaceFileVerified(fs: FileOps, file: string, data: Uint8Array, mode = 0o666): void {
  const tmp = `${file}.tmp`;
  try {
    const fd = fs.openSync(tmp, 'w', mode);
    try {
      writeAll(fs, fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    const back = fs.readFileSync(tmp);
    if (!back.equals(data)) {
      throw new Error(`the new copy of ${file} did not read back as written (${back.length} of ${data.length} bytes)`);
    }
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* nothing was created, or it is already gone */
    }
    throw e;
  }
  fs.renameSync(tmp, file);
  syncFolder(fs, dirname(file));
}

/** fsyncs a folder so a rename in it is durable; some systems (Windows) cannot, which is not an error there. */
function syncFolder(fs: FileOps, folder: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
  } catch {
    /* folders cannot be opened or fsynced on this system */
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}
