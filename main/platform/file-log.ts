import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LogSink } from '../core/redact';

/** Lines arrive already redacted; this only decides where they go. */
export function fileLogSink(dir: string): LogSink {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'main.log');
  return (level, line) => {
    appendFileSync(file, line + '\n', { mode: 0o600 });
    if (level !== 'info') console.error(line);
  };
}
