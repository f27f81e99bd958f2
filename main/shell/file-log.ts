import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LogSink } from '../kernel/redact';

/**
 * Lines arrive already redacted; this only decides where they go. A log folder that cannot be created or
 * written (full disk, permissions) loses lines; it never stops the app (the logger swallows the error too).
 */
export function fileLogSink(dir: string): LogSink {
  const file = join(dir, 'main.log');
  try {
    mkdirSync(dir, { recursive: true });
  } catch {
    /* appendFileSync below will fail and the logger drops the line */
  }
  return (level, line) => {
    if (level !== 'info') console.error(line);
    appendFileSync(file, line + '\n', { mode: 0o600 });
  };
}
