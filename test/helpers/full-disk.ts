import * as fs from 'node:fs';
import type { FileOps } from '../../main/kernel/durable-file';

/**
 * The real file calls with a disk that can fill up: while `budget` is finite, writes use it up, a write
 * larger than what is left writes only that much (as a nearly full disk does), and a write with nothing
 * left throws ENOSPC.
 */
export function fillableDisk(): FileOps & { budget: number } {
  const disk = {
    ...fs,
    budget: Infinity,
    writeSync(fd: number, data: Uint8Array, offset = 0, length = data.length - offset): number {
      if (disk.budget <= 0)
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      const n = fs.writeSync(fd, data, offset, Math.min(length, disk.budget));
      disk.budget -= n;
      return n;
    },
  };
  return disk as unknown as FileOps & { budget: number };
}
